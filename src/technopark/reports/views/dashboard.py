"""The dashboard for methodists and administrators: this year's figures for an organisation
(with or without those under it) or a region, the four charts, and the previous period beside
each figure. The filter swaps the body through htmx; without JavaScript it is a plain GET form.
The figures of both periods are kept (reports.dashboard); the page says when they were counted
and whether they are being counted again, and «Обновить» counts them now. Downloads always count
afresh."""

from __future__ import annotations

import datetime as dt
from html import escape

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from technopark.core.permissions import declare, rules
from technopark.events.models import Initiative
from technopark.network.selectors import organisations_managed_by

from ..dashboard import dashboard_data
from ..forms import DashboardForm
from .common import DOWNLOADS, document_response, page_context


def _scope(request, form: DashboardForm):
    """The scope a valid form asks for and the user may see, else None (the reason on the form)."""
    from ..builder import ReportError, Scope

    if not form.is_valid() or not form.cleaned_data.get("scope"):
        return None
    try:
        scope = Scope.from_key(form.cleaned_data["scope"])
    except ReportError as error:
        form.add_error(None, error)
        return None
    if not scope.may_manage(request.user):
        raise PermissionDenied(_("Этот отчёт вам недоступен."))
    return scope


def scope_select(form: DashboardForm) -> str:
    """The scope <select>, written here rather than by Django's widget templates: an
    administrator of a region picks among thousands of organisations, and the widget renders
    every <option> through a template include (0.25 s of a 0.35 s page at 2,000 organisations).
    Values and labels are escaped as Django escapes them."""
    field = form["scope"]
    current = str(field.value() or "")
    options = "".join(
        f'<option value="{escape(str(value))}"{" selected" if str(value) == current else ""}>'
        f"{escape(str(label))}</option>"
        for value, label in form.scope_choices
    )
    invalid = ' aria-invalid="true"' if field.errors else ""
    return mark_safe(  # noqa: S308 - every value and label above is escaped
        f'<select name="{escape(field.html_name)}" id="{escape(field.id_for_label)}"{invalid}>'
        f"{options}</select>"
    )


@declare(rules.staff)
@require_GET
def dashboard(request):
    from ..builder import ReportError

    form = DashboardForm(request.GET or {"scope": ""}, user=request.user)
    scope, data = _scope(request, form), None
    if scope is not None:
        try:
            data = dashboard_data(
                scope,
                form.cleaned_data.get("date_from"),
                form.cleaned_data.get("date_to"),
                refresh=bool(request.GET.get("refresh")),
            )
        except ReportError as error:
            form.add_error(None, error)
    report = data["report"] if data else None
    context = {"form": form, "report": report, "scope": scope}
    if report is not None:
        previous = data["previous"]
        query = request.GET.copy()
        query.pop("refresh", None)
        # The filter shows the period counted (the default one when none was given).
        filled = form.data.copy()
        filled.pop("refresh", None)
        filled.update({"date_from": report["period"]["from"], "date_to": report["period"]["to"]})
        form.data = filled
        form.full_clean()
        context.update(page_context(report, scope.key, charts=data["charts"], events=False))
        for card in context["cards"]:
            card["previous"] = previous["figures"][card["key"]]
        context["downloads"] = [
            (label, reverse("reports:dashboard_download", args=[fmt]) + f"?{query.urlencode()}")
            for fmt, label in DOWNLOADS
        ]
        context["previous_from"] = dt.date.fromisoformat(previous["period"]["from"])
        context["previous_to"] = dt.date.fromisoformat(previous["period"]["to"])
        context["built_at"] = data["built_at"]
        context["built_today"] = timezone.localdate(data["built_at"]) == timezone.localdate()
        context["recounting"] = data.get("recounting", False)
        context["refresh_fields"] = [
            (name, value) for name, value in filled.items() if name != "refresh"
        ]
    context["initiatives"] = (
        Initiative.objects.filter(organisation__in=organisations_managed_by(request.user))
        .select_related("organisation")
        .order_by("-starts_on", "title")[:20]
    )
    context["can_edit_template"] = rules.administrator.allows(request.user)
    context["scope_select"] = scope_select(context["form"])
    template = "reports/_dashboard_body.html" if request.htmx else "reports/dashboard.html"
    return render(request, template, context, status=200 if report or not form.errors else 400)


@declare(rules.staff)
@require_GET
def dashboard_download(request, fmt: str):
    """The chosen period as a document, always counted afresh (never from the page's cache)."""
    from ..builder import ReportError, build_report

    if fmt not in dict(DOWNLOADS):
        raise Http404
    form = DashboardForm(request.GET or {"scope": ""}, user=request.user)
    scope, report = _scope(request, form), None
    if scope is not None:
        try:
            report = build_report(
                scope,
                date_from=form.cleaned_data.get("date_from"),
                date_to=form.cleaned_data.get("date_to"),
            )
        except ReportError as error:
            form.add_error(None, error)
    if report is None:
        context = {"form": form, "scope_select": scope_select(form)}
        return render(request, "reports/dashboard.html", context, status=400)
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
