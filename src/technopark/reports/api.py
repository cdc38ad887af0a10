"""API router of reports: the period report of an initiative, an organisation or a region as
JSON (the same dict as `technopark report --format json`), and report files built in the
background with progress."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict

from technopark.core.api_auth import allow
from technopark.core.permissions import Rule

from .builder import build_report
from .scope import ReportError, Scope, find_initiative, find_organisation, parse_period
from .tasks import check_format, read_report_file, report_job, start_report_file

router = Router(tags=[gettext_lazy("Отчёты")])


def _staff(user) -> bool:
    from technopark.accounts.models import Role

    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_any_role(Role.ADMINISTRATOR, Role.METHODIST)
    )


def _may_view(user, scope) -> bool:
    # Without an object (the operation-level check of `allow`): may this user see some report
    # at all; the scope itself is checked in the handler.
    if scope is None:
        return _staff(user)
    return scope.may_manage(user)


view_report = Rule(
    "reports:view_report",
    gettext_lazy(
        "администраторы, а также методисты организации, по которой строится отчёт, или вышестоящей"
    ),
    _may_view,
)


class _Open(BaseModel):
    # The report may carry more keys than documented here (codes next to labels, figures of
    # later issues): they pass through unchanged, so the API answers exactly what the CLI prints.
    # (A plain pydantic model: ninja's Schema reads only the declared fields.)
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class ScopeOut(_Open):
    kind: str = Field(..., description="initiative, organisation или region")
    title: str
    key: str = Field(..., description="для ссылок на записи: initiative:<slug> …")


class InitiativeOut(_Open):
    slug: str
    title: str
    topic: str
    goal: str
    status_title: str
    year: int
    organisation: str


class PeriodOut(_Open):
    from_: str = Field(..., alias="from")
    to: str


class PlanItemOut(_Open):
    title: str
    planned_for: str
    kind: str
    held: bool
    event_id: int | None


class KindOut(_Open):
    kind: str
    planned: int
    held: int


class FormatOut(_Open):
    format: str
    held: int


class MunicipalityOut(_Open):
    name: str
    participants: int


class NominationOut(_Open):
    name: str
    works: int


class WinnerOut(_Open):
    place: str
    title: str
    authors: str
    nomination: str


class StageOut(_Open):
    stage_id: int
    position: int
    title: str
    kind: str
    kind_code: str = Field(..., description="scored, test или interview")
    status: str
    status_code: str = Field(..., description="pending, open или closed")
    starts_on: str | None
    ends_on: str | None
    entries: int = Field(..., description="работ на этапе (отозванные не считаются)")
    passed: int
    not_passed: int
    pending: int
    by_achievement: int = Field(..., description="попали на этап по достижению")


class ContestOut(_Open):
    id: int
    title: str
    kind: str
    kind_code: str = Field(..., description="mastery, projects, festival, olympiad или selection")
    status: str
    status_code: str
    event_id: int | None = Field(..., description="мероприятие; пусто у конкурса без него")
    submission_opens: str | None
    submission_closes: str | None
    works: int
    nominations: list[NominationOut]
    stages: list[StageOut]
    jury_feedback: str
    results_published: bool
    winners: list[WinnerOut]


class FeedbackOut(_Open):
    responses: int
    mean_rating: float | None
    preferred_format: dict[str, float] = Field(
        ..., description="доли ответов 0..1: in_person, online, hybrid"
    )
    preferred: str | None


class EventRowOut(_Open):
    id: int
    title: str
    date: str
    kind: str
    format: str
    registrations: int
    stream_views: int
    attended: int
    attended_in_person: int
    attended_online: int
    venue: str
    platforms: list[str]
    municipalities: int
    recording_url: str
    questions: list[str]
    summary: str
    feedback_responses: int


class ReportOut(_Open):
    scope: ScopeOut
    initiative: InitiativeOut | None = Field(None, description="только в отчёте по проекту")
    period: PeriodOut
    events_planned: int
    events_held: int
    plan: list[PlanItemOut]
    events_by_kind: list[KindOut]
    events_by_format: list[FormatOut]
    registrations: int = Field(..., description="подтверждённые регистрации и все пришедшие")
    stream_views: int
    reach: int = Field(..., description="регистрации + просмотры трансляций")
    unique_participants: int
    attendance: dict[str, int] = Field(..., description="in_person, online")
    municipalities: list[MunicipalityOut]
    roles: list[dict]
    organisation_kinds: list[dict]
    contests: list[ContestOut]
    feedback: FeedbackOut
    materials: int
    events: list[EventRowOut]
    conclusion: str


class Period(Schema):
    from_: str | None = Field(None, alias="from", description="С даты, ГГГГ-ММ-ДД")
    to: str | None = Field(None, description="По дату, ГГГГ-ММ-ДД")


class OrganisationPeriod(Period):
    with_children: bool = Field(False, description="Вместе с организациями, входящими в эту")


class FileIn(Schema):
    scope: str = Field(
        ...,
        description="О чём отчёт: initiative:<slug>, organisation:<id>, organisation:<id>+ "
        "(с входящими организациями) или region:<id>",
    )
    format: str = Field("docx", description="json, docx, xlsx или pdf")
    from_: str | None = Field(None, alias="from")
    to: str | None = None


class JobOut(Schema):
    job: str
    state: str
    step: int = 0
    steps: int = 3
    message: str = ""
    filename: str | None = None
    download_url: str | None = None


def _report(request, scope: Scope, period: Period) -> dict:
    if not scope.may_manage(request.user):
        raise HttpError(403, _("Этот отчёт доступен так: %(who)s.") % {"who": view_report.who})
    try:
        date_from, date_to = parse_period(period.from_, period.to)
        return build_report(scope, date_from=date_from, date_to=date_to)
    except ReportError as error:
        raise HttpError(422, " ".join(error.messages)) from None


def _found(finder, value):
    try:
        return finder(value)
    except ReportError as error:
        raise HttpError(404, " ".join(error.messages)) from None


@router.get(
    "/reports/initiatives/{slug}",
    response=ReportOut,
    by_alias=True,
    summary=gettext_lazy("Отчёт по проекту"),
    **allow(view_report),
)
def initiative_report(request, slug: str, period: Query[Period]):
    """Отчёт за период по проекту (статусу площадки): план и проведённые мероприятия,
    регистрации, просмотры трансляций, охват, география, конкурсы, отзывы. Без `from` и `to` —
    за весь срок проекта."""
    scope = Scope.initiative(_found(find_initiative, slug))
    return _report(request, scope, period)


@router.get(
    "/reports/organisations/{int:organisation_id}",
    response=ReportOut,
    by_alias=True,
    summary=gettext_lazy("Отчёт по организации"),
    **allow(view_report),
)
def organisation_report(request, organisation_id: int, period: Query[OrganisationPeriod]):
    """Отчёт за период по мероприятиям организации (`with_children=true` — вместе с
    входящими в неё). Без `from` и `to` — за текущий календарный год."""
    organisation = _found(find_organisation, organisation_id)
    return _report(request, Scope.organisation(organisation, period.with_children), period)


@router.get(
    "/reports/regions/{int:region_id}",
    response=ReportOut,
    by_alias=True,
    summary=gettext_lazy("Отчёт по региону"),
    **allow(view_report),
)
def region_report(request, region_id: int, period: Query[Period]):
    """Отчёт за период по всем организациям региона. Без `from` и `to` — за текущий год."""
    try:
        scope = Scope.from_key(f"region:{region_id}")
    except ReportError as error:
        raise HttpError(404, " ".join(error.messages)) from None
    return _report(request, scope, period)


# --- files built in the background -------------------------------------------------------------


def _job_out(job_id: str, job: dict) -> dict:
    done = job.get("state") == "done"
    return {
        "job": job_id,
        "state": job.get("state", ""),
        "step": job.get("step", 0),
        "steps": job.get("steps", 3),
        "message": str(job.get("message", "")),
        "filename": job.get("filename") if done else None,
        "download_url": f"/api/v1/reports/files/{job_id}/download" if done else None,
    }


def _own_job(request, job_id: str) -> dict:
    job = report_job(job_id)
    if job is None or job.get("user_id") != request.user.pk:
        raise HttpError(404, _("Такого отчёта нет или срок его хранения истёк."))
    return job


@router.post(
    "/reports/files",
    response={202: JobOut},
    summary=gettext_lazy("Заказать файл отчёта"),
    **allow(view_report),
)
def file_start(request, payload: FileIn):
    """Ставит построение файла отчёта в очередь и возвращает номер задания; ход работы —
    `GET /reports/files/{job}`, готовый файл — по ссылке `download_url`."""
    try:
        scope = Scope.from_key(payload.scope)
    except ReportError as error:
        raise HttpError(404, " ".join(error.messages)) from None
    if not scope.may_manage(request.user):
        raise HttpError(403, _("Этот отчёт доступен так: %(who)s.") % {"who": view_report.who})
    try:
        fmt = check_format(payload.format)
        date_from, date_to = parse_period(payload.from_, payload.to)
        job_id = start_report_file(
            scope, fmt, date_from=date_from, date_to=date_to, by=request.user
        )
    except ReportError as error:
        raise HttpError(422, " ".join(error.messages)) from None
    return Status(202, _job_out(job_id, report_job(job_id) or {"state": "queued"}))


@router.get(
    "/reports/files/{job_id}",
    response=JobOut,
    summary=gettext_lazy("Ход построения файла отчёта"),
    **allow(view_report),
)
def file_status(request, job_id: str):
    """Состояние задания: queued, running, done или failed, шаг и сообщение."""
    return _job_out(job_id, _own_job(request, job_id))


@router.get(
    "/reports/files/{job_id}/download",
    summary=gettext_lazy("Скачать файл отчёта"),
    **allow(view_report),
)
def file_download(request, job_id: str):
    """Готовый файл отчёта (только тому, кто его заказал)."""
    job = _own_job(request, job_id)
    if job.get("state") == "failed":
        raise HttpError(422, str(job.get("message") or _("Отчёт построить не удалось.")))
    content = read_report_file(job)
    if content is None:
        raise HttpError(409, _("Файл отчёта ещё не готов."))
    response = HttpResponse(content, content_type=job["content_type"])
    response["Content-Disposition"] = f'attachment; filename="{job["filename"]}"'
    return response
