"""The audit log: every change to a tracked model (with a diff), every view or export of a
personal-data list. Handlers only record; they hold no business rule."""

from __future__ import annotations

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from .context import current
from .models import AuditEntry

# Values never copied into the log, whatever the model: only the fact that they changed.
SECRET_FIELDS = {"password", "key_hash", "token"}
MASK = "••••••"


def _value(instance: models.Model, field: models.Field):
    value = field.value_from_object(instance)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def snapshot(instance: models.Model) -> dict:
    """Field values as JSON-safe data; secrets are kept raw here (in memory only) for diffing."""
    return {f.name: _value(instance, f) for f in instance._meta.concrete_fields}


def _masked(changes: dict) -> dict:
    return {
        k: [MASK if v is not None and k in SECRET_FIELDS else v for v in pair]
        for k, pair in changes.items()
    }


def record(
    action: str,
    *,
    target=None,
    target_type: str = "",
    changes: dict | None = None,
    detail: str = "",
    actor_id: int | None = None,
) -> AuditEntry:
    """Write one audit entry attributed to the current request's user, IP and request id."""
    ctx = current.get()
    if target is not None:
        target_type = target_type or target._meta.label_lower
    return AuditEntry.objects.create(
        actor_id=actor_id if actor_id is not None else ctx.user_id,
        action=action,
        target_type=target_type,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        changes=changes or {},
        detail=detail[:500],
        ip=ctx.ip,
        user_agent=ctx.user_agent,
        request_id=ctx.request_id,
    )


def record_personal_data_access(action: str, *, what: str, count: int) -> AuditEntry:
    """A list of people was shown or exported: say what, and how many rows."""
    return record(action, target_type="list", detail=f"{what} ({count})")


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._audit_before = None
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(old) if old is not None else None


def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    after = snapshot(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        record(
            AuditEntry.Action.CREATE,
            target=instance,
            changes=_masked({k: [None, v] for k, v in after.items() if v not in (None, "")}),
        )
        return
    diff = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    diff.pop("updated_at", None)
    diff.pop("last_login", None)
    if diff:
        record(AuditEntry.Action.UPDATE, target=instance, changes=_masked(diff))


def _after_delete(sender, instance, **kwargs):
    record(
        AuditEntry.Action.DELETE,
        target=instance,
        changes=_masked({k: [v, None] for k, v in snapshot(instance).items()}),
    )


def track(model: type[models.Model]) -> type[models.Model]:
    """Register `model` with the audit log (usable as a class decorator or in AppConfig.ready)."""
    uid = f"audit:{model._meta.label_lower}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
    post_save.connect(_after_save, sender=model, dispatch_uid=uid)
    post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
    return model
