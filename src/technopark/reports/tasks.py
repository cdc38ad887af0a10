"""Report files: one function that turns a report into the bytes of a format (used by the CLI,
the API and the pages), and a background task for long reports whose progress the page polls.

In the embedded profile Celery runs tasks at once (eager), so the file is ready when
`start_report_file` returns; with a worker the page polls `report_job(job_id)`.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from technopark.celery import app

from .builder import build_report
from .scope import ReportError, Scope

FORMATS = ("json", "docx", "xlsx", "pdf")
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
PROGRESS_TTL = 24 * 3600
STORAGE_DIR = "reports/files"


def check_format(fmt: str) -> str:
    value = (fmt or "").strip().lower()
    if value not in FORMATS:
        raise ReportError(
            _("Неизвестный формат «%(fmt)s». Доступны: json, docx, xlsx, pdf.") % {"fmt": fmt},
            code="bad_format",
        )
    return value


def render(report: dict, fmt: str) -> bytes:
    """The report in `fmt`: JSON here, the documents by reports.documents."""
    fmt = check_format(fmt)
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8")
    try:
        from .documents import render as render_document
    except ImportError:
        raise ReportError(
            _("Выгрузка в формате %(fmt)s пока недоступна.") % {"fmt": fmt.upper()},
            code="format_unavailable",
        ) from None
    return render_document(report, fmt)


def file_name(report: dict, fmt: str) -> str:
    """e.g. report-osp-2023-2023-01-01-2023-12-31.docx (ASCII: safe in any header)."""
    slug = (report.get("initiative") or {}).get("slug") or report["scope"]["key"].replace(
        ":", "-"
    ).replace("+", "-all")
    period = report["period"]
    return f"report-{slug}-{period['from']}-{period['to']}.{fmt}"


# --- background builds -------------------------------------------------------------------------


def _key(job_id: str) -> str:
    return f"reports:job:{job_id}"


def report_job(job_id: str) -> dict | None:
    """{"state": queued|running|done|failed, "step", "steps", "message", "user_id",
    "path", "filename", "content_type", "updated"} or None for an unknown job."""
    return cache.get(_key(str(job_id)))


def _progress(job_id: str, **values) -> None:
    current = cache.get(_key(job_id)) or {}
    cache.set(_key(job_id), {**current, **values, "updated": time.time()}, PROGRESS_TTL)


def start_report_file(
    scope: Scope,
    fmt: str,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    by=None,
) -> str:
    """Check the request, queue the build and return the job id. Bad input raises ReportError
    before anything is queued."""
    fmt = check_format(fmt)
    start, end = scope.period(date_from, date_to)
    job_id = uuid.uuid4().hex
    _progress(
        job_id,
        state="queued",
        step=0,
        steps=3,
        message=_("Отчёт поставлен в очередь."),
        user_id=getattr(by, "pk", None),
        scope=scope.key,
        format=fmt,
    )
    args = (job_id, scope.key, fmt, start.isoformat(), end.isoformat())
    transaction.on_commit(lambda: build_report_file.delay(*args))
    return job_id


@app.task(name="technopark.reports.tasks.build_report_file")
def build_report_file(job_id: str, scope_key: str, fmt: str, date_from: str, date_to: str):
    """Build the report, render it and keep the file in storage; progress after each step."""
    try:
        _progress(job_id, state="running", step=1, message=_("Считаем показатели…"))
        scope = Scope.from_key(scope_key)
        report = build_report(
            scope,
            date_from=dt.date.fromisoformat(date_from),
            date_to=dt.date.fromisoformat(date_to),
        )
        _progress(job_id, step=2, message=_("Готовим документ…"))
        content = render(report, fmt)
        path = default_storage.save(f"{STORAGE_DIR}/{job_id}.{fmt}", ContentFile(content))
    except ValidationError as error:
        _progress(job_id, state="failed", message=" ".join(error.messages))
        return {"state": "failed"}
    _progress(
        job_id,
        state="done",
        step=3,
        message=_("Отчёт готов."),
        path=path,
        filename=file_name(report, fmt),
        content_type=CONTENT_TYPES[fmt],
    )
    return {"state": "done", "path": path}


def read_report_file(job: dict) -> bytes | None:
    """The finished file of a job, or None if it is not ready or has been removed."""
    if not job or job.get("state") != "done" or not job.get("path"):
        return None
    if not default_storage.exists(job["path"]):
        return None
    with default_storage.open(job["path"], "rb") as handle:
        return handle.read()


@app.task(name="technopark.reports.tasks.recount_dashboard", ignore_result=True)
def recount_dashboard(
    key: str, scope_key: str, date_from: str | None, date_to: str | None, language: str
) -> None:
    """Count a dashboard's figures again while its page shows the kept ones (reports.dashboard).
    A scope that no longer exists just releases the recount: the next view says so itself."""
    from . import dashboard

    with translation.override(language):
        try:
            scope = Scope.from_key(scope_key)
        except ReportError:
            cache.delete(key + ":recount")
            return
        dashboard.recount(
            key,
            scope,
            dt.date.fromisoformat(date_from) if date_from else None,
            dt.date.fromisoformat(date_to) if date_to else None,
        )
