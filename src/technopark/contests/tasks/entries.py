"""Celery tasks about works and stages (owned by the entries helper).

Tasks receive ids only and re-read the entry, so an e-mail queued before a change tells the
authors the state at sending time."""

from __future__ import annotations

from technopark.celery import app

from ..models import Entry, Stage

__all__ = ["send_entry_email"]


@app.task(
    name="technopark.contests.tasks.send_entry_email",
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    max_retries=5,
)
def send_entry_email(entry_id: int, kind: str, stage_id: int | None = None) -> bool:
    """Send one e-mail about a work to all its authors; a work gone since gets none, and only
    the withdrawal notice goes to a withdrawn work."""
    from ..emails import build_message

    entry = (
        Entry.objects.select_related("contest", "submitted_by", "nomination")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        return False
    if kind != "withdrawn" and entry.status != Entry.Status.SUBMITTED:
        return False
    stage = Stage.objects.filter(pk=stage_id).first() if stage_id else None
    message = build_message(entry, kind, stage=stage)
    if not message.to:
        return False
    message.send()
    return True
