"""Reads of the audit log shared by the page (and, later, exports)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AuditEntry


@dataclass(frozen=True)
class Change:
    label: str
    before: object
    after: object


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def target_type_choices() -> list[tuple[str, str]]:
    """The object types present in the log, named as people call them ("организация")."""
    labels = AuditEntry.objects.exclude(target_type="").values_list("target_type", flat=True)
    choices = []
    for label in sorted(set(labels)):
        model = _model(label)
        choices.append((label, str(model._meta.verbose_name) if model else label))
    return sorted(choices, key=lambda c: c[1])


def filter_entries(
    *,
    action: str = "",
    actor: str = "",
    target_type: str = "",
    q: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("actor")
    if action:
        entries = entries.filter(action=action)
    if actor:
        entries = entries.filter(
            Q(actor__email__icontains=actor) | Q(actor__last_name__icontains=actor)
        )
    if target_type:
        entries = entries.filter(target_type=target_type)
    if q:
        entries = entries.filter(
            Q(target_repr__icontains=q) | Q(target_id=q) | Q(detail__icontains=q)
        )
    tz = timezone.get_current_timezone()
    if date_from:
        entries = entries.filter(at__gte=dt.datetime.combine(date_from, dt.time.min, tz))
    if date_to:
        entries = entries.filter(
            at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tz)
        )
    return entries


def readable_changes(entry: AuditEntry) -> list[Change]:
    """The diff of one entry with field names as the model's labels ("полное название")."""
    model = _model(entry.target_type) if entry.target_type else None
    names = {f.name: str(f.verbose_name) for f in model._meta.concrete_fields} if model else {}
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    rows = []
    for field, pair in changes.items():
        if field == "id":  # already shown as the object's number
            continue
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        rows.append(Change(names.get(field, field), before, after))
    return rows
