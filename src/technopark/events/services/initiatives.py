"""Initiatives (a site status, a project) and their plan of events: who may keep them, the rules
a plan item obeys, and plan vs actual — what was planned, what was held, what is still due."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from technopark.core.permissions import Rule
from technopark.network.models import Organisation
from technopark.network.rules import manage_organisation
from technopark.network.selectors import descendant_ids, organisations_managed_by

from ..models import Event, EventKind, Initiative, PlanItem
from ..rules import can_manage_event

# An initiative is public once one of its events is: the plan explains what it is part of.
PUBLIC_STATUSES = (Event.Status.PUBLISHED, Event.Status.HELD, Event.Status.ARCHIVED)
HELD_STATUSES = (Event.Status.HELD, Event.Status.ARCHIVED)
INITIATIVE_FIELDS = (
    "slug",
    "title",
    "status_title",
    "topic",
    "goal",
    "starts_on",
    "ends_on",
    "status",
    "conclusion",
)


def can_manage_initiative(user, initiative: Initiative | None) -> bool:
    """Administrators, and methodists of the initiative's organisation or of one above it."""
    if user is None or initiative is None:
        return False
    return manage_organisation.allows(user, initiative.organisation)


def _manage(user, initiative) -> bool:
    if initiative is None:  # the page-level question: may this user keep any initiative
        from ..rules import _is_staff

        return _is_staff(user)
    return can_manage_initiative(user, initiative)


manage_initiative = Rule(
    "events:manage_initiative",
    gettext_lazy("администраторы, а также методисты организации, которая ведёт проект"),
    _manage,
)


def public_initiatives() -> QuerySet[Initiative]:
    return Initiative.objects.filter(
        Q(events__status__in=PUBLIC_STATUSES) | Q(plan__event__status__in=PUBLIC_STATUSES)
    ).distinct()


def initiatives_visible_to(user) -> QuerySet[Initiative]:
    """Public initiatives for everyone; a manager also sees every one they may keep."""
    condition = Q(pk__in=public_initiatives().values("pk"))
    if user is not None and _manage(user, None):
        condition |= Q(organisation__in=organisations_managed_by(user).values("pk"))
    return Initiative.objects.filter(condition).select_related("organisation")


def can_see_initiative(user, initiative: Initiative) -> bool:
    if public_initiatives().filter(pk=initiative.pk).exists():
        return True
    return can_manage_initiative(user, initiative)


def _check_manager(initiative: Initiative, by) -> None:
    if by is not None and not can_manage_initiative(by, initiative):
        raise ValidationError(_("Вести этот проект могут только методисты его организации."))


def _validate(initiative: Initiative) -> None:
    if not initiative.slug:
        initiative.slug = slugify(initiative.title, allow_unicode=False)[:60]
    if not initiative.slug:
        raise ValidationError({"slug": _("Придумайте короткое имя латиницей, например osp-2023.")})
    if initiative.starts_on and initiative.ends_on and initiative.ends_on < initiative.starts_on:
        raise ValidationError({"ends_on": _("Окончание не может быть раньше начала.")})
    if Initiative.objects.filter(slug=initiative.slug).exclude(pk=initiative.pk).exists():
        raise ValidationError({"slug": _("Это короткое имя уже занято другим проектом.")})
    initiative.full_clean(validate_unique=False, validate_constraints=False)


@transaction.atomic
def create_initiative(*, organisation: Organisation, by=None, **fields: Any) -> Initiative:
    """A new initiative of `organisation`; only its methodists (or administrators) may."""
    unknown = set(fields) - set(INITIATIVE_FIELDS)
    if unknown:
        raise ValidationError(_("Неизвестные поля: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    initiative = Initiative(organisation=organisation, **fields)
    if not fields.get("topic"):
        initiative.topic = fields.get("title", "")
    _check_manager(initiative, by)
    _validate(initiative)
    initiative.save()
    return initiative


@transaction.atomic
def update_initiative(initiative: Initiative, *, by=None, **changes: Any) -> Initiative:
    unknown = set(changes) - set(INITIATIVE_FIELDS)
    if unknown:
        raise ValidationError(_("Неизвестные поля: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    _check_manager(initiative, by)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    for field, value in changes.items():
        setattr(initiative, field, value)
    _validate(initiative)
    initiative.save()
    return initiative


def linkable_events(initiative: Initiative, *, keep: PlanItem | None = None) -> QuerySet[Event]:
    """Events a plan item of `initiative` may point at: of its organisation or one under it,
    and not already realising another plan item."""
    organisations = {initiative.organisation_id, *descendant_ids([initiative.organisation_id])}
    taken = PlanItem.objects.exclude(event=None)
    if keep is not None and keep.pk:
        taken = taken.exclude(pk=keep.pk)
    return (
        Event.objects.filter(organisation_id__in=organisations)
        .exclude(pk__in=taken.values("event_id"))
        .select_related("kind")
        .order_by("-starts_at")
    )


def _check_item(item: PlanItem, by) -> None:
    if not (item.title or "").strip():
        raise ValidationError({"title": _("Напишите, что запланировано.")})
    if item.planned_for is None:
        raise ValidationError({"planned_for": _("Укажите месяц по плану.")})
    if item.event_id is not None:
        if not linkable_events(item.initiative, keep=item).filter(pk=item.event_id).exists():
            raise ValidationError(
                {
                    "event": _(
                        "Это мероприятие нельзя привязать: оно другой организации "
                        "или уже закрывает другой пункт плана."
                    )
                }
            )
        if by is not None and not can_manage_event(by, item.event):
            raise ValidationError({"event": _("Вы не ведёте это мероприятие.")})


def _first_of_month(value: dt.date | None) -> dt.date | None:
    return value.replace(day=1) if value else None


@transaction.atomic
def save_plan_item(
    initiative: Initiative,
    *,
    by=None,
    item: PlanItem | None = None,
    title: str,
    planned_for: dt.date | None,
    kind: EventKind | None = None,
    event: Event | None = None,
) -> PlanItem:
    """Add a plan item or change one; linking an event also puts the event into the initiative."""
    _check_manager(initiative, by)
    Initiative.objects.select_for_update().filter(pk=initiative.pk).first()
    if item is None:
        last = initiative.plan.order_by("-position").values_list("position", flat=True).first()
        item = PlanItem(initiative=initiative, position=(last or 0) + 1)
    elif item.initiative_id != initiative.pk:
        raise ValidationError(_("Этот пункт относится к другому проекту."))
    item.title = (title or "").strip()
    item.planned_for = _first_of_month(planned_for)
    item.kind = kind
    item.event = event
    _check_item(item, by)
    item.save()
    if event is not None and event.initiative_id != initiative.pk:
        Event.objects.filter(pk=event.pk).update(initiative=initiative)
    return item


@transaction.atomic
def delete_plan_item(item: PlanItem, *, by=None) -> None:
    """Remove a plan item; the event it pointed at stays as it is."""
    _check_manager(item.initiative, by)
    item.delete()


def initiative_progress(initiative: Initiative, *, include_drafts: bool = False) -> dict:
    """Plan vs actual: every plan item with its event and figures, and the totals.

    Figures come from `selectors.event_stats`; stream views stay apart from registrations,
    `reach` is the only figure that adds them."""
    from ..selectors import event_stats

    items = []
    for item in initiative.plan.select_related("kind", "event", "event__kind").order_by(
        "position", "planned_for"
    ):
        event = item.event
        held = event is not None and event.status in HELD_STATUSES
        stats = event_stats(event) if event is not None else None
        public = event is not None and event.status in PUBLIC_STATUSES
        if event is not None and not public and not include_drafts:
            event = stats = None  # a draft is nobody's business but its organisers'
        items.append({"item": item, "event": event, "held": held, "stats": stats})
    held = [row for row in items if row["held"]]
    return {
        "items": items,
        "planned": len(items),
        "held": len(held),
        "not_held": len(items) - len(held),
        "registered": sum(row["stats"]["registered"] for row in held),
        "stream_views": sum(row["stats"]["stream_views"] for row in held),
        "unplanned": list(
            initiative.events.filter(plan_item__isnull=True)
            .filter(Q() if include_drafts else Q(status__in=PUBLIC_STATUSES))
            .select_related("kind")
        ),
    }
