"""The dashboard for methodists and administrators: this year's figures for an organisation
(with or without those under it) or a region, the four charts, and the previous period beside
each figure. The filter swaps the body through htmx; without JavaScript it is a plain GET form."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from technopark.core.permissions import declare, rules
from technopark.events.models import Initiative
from technopark.network.selectors import organisations_managed_by

from ..forms import DashboardForm
from .common import CARDS, DOWNLOADS, document_response, figure_value, page_context


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The same span just before: whole years move back a year, other spans by their length."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        years = end.year - start.year + 1
        return dt.date(start.year - years, 1, 1), dt.date(end.year - years, 12, 31)
    length = end - start
    return start - length - dt.timedelta(days=1), start - dt.timedelta(days=1)


def _reports(request, form: DashboardForm):
    """(scope, report, previous report) for a valid form, or Nones with the reason on it."""
    from ..builder import ReportError, Scope, build_report

    if not form.is_valid() or not form.cleaned_data.get("scope"):
        return None, None, None
    try:
        scope = Scope.from_key(form.cleaned_data["scope"])
        if not scope.may_manage(request.user):
            raise PermissionDenied(_("Этот отчёт вам недоступен."))
        report = build_report(
            scope,
            date_from=form.cleaned_data.get("date_from"),
            date_to=form.cleaned_data.get("date_to"),
        )
        start, end = previous_period(
            dt.date.fromisoformat(report["period"]["from"]),
            dt.date.fromisoformat(report["period"]["to"]),
        )
        previous = build_report(scope, date_from=start, date_to=end)
    except ReportError as error:
        form.add_error(None, error)
        return None, None, None
    return scope, report, previous


@declare(rules.staff)
@require_GET
def dashboard(request):
    form = DashboardForm(request.GET or {"scope": ""}, user=request.user)
    scope, report, previous = _reports(request, form)
    context = {"form": form, "report": report, "scope": scope, "previous": previous}
    if report is not None:
        data = form.data.copy()
        data.update({"date_from": report["period"]["from"], "date_to": report["period"]["to"]})
        context["form"] = form = DashboardForm(data, user=request.user)
        form.full_clean()
        context.update(page_context(report, scope.key))
        before = {key: figure_value(previous, key) for key, _label in CARDS}
        for card in context["cards"]:
            card["previous"] = before[card["key"]]
        query = request.GET.copy()
        context["downloads"] = [
            (label, reverse("reports:dashboard_download", args=[fmt]) + f"?{query.urlencode()}")
            for fmt, label in DOWNLOADS
        ]
        context["previous_from"] = dt.date.fromisoformat(previous["period"]["from"])
        context["previous_to"] = dt.date.fromisoformat(previous["period"]["to"])
    context["initiatives"] = (
        Initiative.objects.filter(organisation__in=organisations_managed_by(request.user))
        .select_related("organisation")
        .order_by("-starts_on", "title")[:20]
    )
    context["can_edit_template"] = rules.administrator.allows(request.user)
    template = "reports/_dashboard_body.html" if request.htmx else "reports/dashboard.html"
    return render(request, template, context, status=200 if report or not form.errors else 400)


@declare(rules.staff)
@require_GET
def dashboard_download(request, fmt: str):
    if fmt not in dict(DOWNLOADS):
        raise Http404
    form = DashboardForm(request.GET or {"scope": ""}, user=request.user)
    scope, report, _previous = _reports(request, form)
    if report is None:
        return render(request, "reports/dashboard.html", {"form": form}, status=400)
    return document_response(
        request,
        report,
        fmt,
        filename=f"report-{scope.kind}-{report['period']['from']}",
        back=reverse("reports:dashboard"),
    )


urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("report.<str:fmt>", dashboard_download, name="dashboard_download"),
]
