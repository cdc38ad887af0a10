"""The records behind a figure: every number of a report page links here, and this page lists
the rows that number was counted from (paginated). Lists of people are shown only to those who
may manage the report's organisation, and every page of them is written to the audit log.

    /reports/records/?scope=initiative:osp-2023&figure=registrations&event=12&from=…&to=…
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from technopark.core.audit import record_personal_data_access
from technopark.core.models import AuditEntry
from technopark.core.permissions import declare, rules

from ..figures.records import records
from ..scope import INITIATIVE, ReportError, Scope, parse_period

PER_PAGE = 50


def records_url(scope_key: str, figure: str, period: dict | None = None, **filters) -> str:
    """The link to the rows behind `figure` (period: the report's {"from", "to"})."""
    query = {"scope": scope_key, "figure": figure}
    if period:
        query.update({"from": period["from"], "to": period["to"]})
    query.update({k: v for k, v in filters.items() if v not in (None, "")})
    return f"{reverse('reports:records')}?{urlencode(query)}"


def _reverse(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # that page is not wired: no link rather than an error
        return ""


def _error(request, message: str, status: int):
    context = {"error": message, "back_url": _reverse("reports:dashboard") or "/"}
    return render(request, "reports/records.html", context, status=status)


def _back_link(scope: Scope, start, end) -> tuple[str, bool]:
    """The report page of the scope for the same period, else the dashboard; (url, is_report)."""
    if scope.kind == INITIATIVE:
        base = _reverse("reports:initiative", scope.initiative.slug)
        if base:
            period = {"date_from": start.isoformat(), "date_to": end.isoformat()}
            return f"{base}?{urlencode(period)}", True
    return _reverse("reports:dashboard") or "/", False


@declare(rules.staff)
@require_GET
def records_page(request):
    try:
        scope = Scope.from_key(request.GET.get("scope", ""))
    except ReportError as error:
        return _error(request, " ".join(error.messages), 404)
    if not scope.may_manage(request.user):
        raise PermissionDenied(
            _(
                "Эти записи доступны администраторам и методистам организации, "
                "по которой строится отчёт."
            )
        )
    try:
        start, end = scope.period(*parse_period(request.GET.get("from"), request.GET.get("to")))
        found = records(scope, start, end, request.GET.get("figure", ""), request.GET)
    except ReportError as error:
        return _error(request, " ".join(error.messages), 400)

    page = Paginator(found.queryset, PER_PAGE).get_page(request.GET.get("page"))
    if found.personal:
        record_personal_data_access(
            AuditEntry.Action.VIEW,
            what=_("записи отчёта «%(title)s»: %(figure)s, страница %(n)s")
            % {"title": scope.title, "figure": found.title, "n": page.number},
            count=len(page.object_list),
        )
    rows = [found.cells(item) for item in page.object_list]
    total = found.total if found.total is not None else page.paginator.count
    back_url, back_is_report = _back_link(scope, start, end)
    return render(
        request,
        "reports/records.html",
        {
            "scope": scope,
            "records": found,
            "page": page,
            "rows": rows,
            "total": total,
            "start": start,
            "end": end,
            "back_url": back_url,
            "back_is_report": back_is_report,
        },
    )


urlpatterns = [path("records/", records_page, name="records")]
