"""The report of an initiative: the period form, every figure linked to its rows, the charts,
and the downloads (DOCX, XLSX, PDF, JSON)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from technopark.core.permissions import check, declare, rules
from technopark.events.models import Initiative
from technopark.network.rules import manage_organisation

from ..forms import PeriodForm
from .common import DOWNLOADS, document_response, page_context, period_query


def _initiative(request, slug: str) -> Initiative:
    initiative = get_object_or_404(Initiative.objects.select_related("organisation"), slug=slug)
    check(manage_organisation, request, initiative.organisation)
    return initiative


def _build(initiative: Initiative, form: PeriodForm) -> dict | None:
    """The report for the form's period, or None with the reason added to the form."""
    from ..builder import ReportError, Scope, build_report

    if not form.is_valid():
        return None
    try:
        return build_report(
            Scope.initiative(initiative),
            date_from=form.cleaned_data.get("date_from"),
            date_to=form.cleaned_data.get("date_to"),
        )
    except ReportError as error:
        form.add_error(None, error)
        return None


@declare(rules.staff)
@require_GET
def initiative_report(request, slug: str):
    initiative = _initiative(request, slug)
    form = PeriodForm(request.GET)
    report = _build(initiative, form)
    scope_key = f"initiative:{initiative.slug}"
    context = {"initiative": initiative, "form": form, "report": report}
    if report is not None:
        # The form shows the period the report covers, defaults included.
        form = PeriodForm(
            {"date_from": report["period"]["from"], "date_to": report["period"]["to"]}
        )
        form.full_clean()
        context["form"] = form
        query = period_query(form)
        context.update(page_context(report, scope_key))
        context.update(
            downloads=[
                (
                    label,
                    reverse("reports:initiative_download", args=[slug, fmt])
                    + (f"?{query}" if query else ""),
                )
                for fmt, label in DOWNLOADS
            ],
        )
    status = 200 if report is not None else 400
    return render(request, "reports/initiative.html", context, status=status)


@declare(rules.staff)
@require_GET
def initiative_download(request, slug: str, fmt: str):
    if fmt not in dict(DOWNLOADS):
        raise Http404
    initiative = _initiative(request, slug)
    form = PeriodForm(request.GET)
    report = _build(initiative, form)
    back = reverse("reports:initiative", args=[slug])
    if report is None:
        return render(
            request,
            "reports/initiative.html",
            {"initiative": initiative, "form": form, "report": None},
            status=400,
        )
    start = report["period"]["from"]
    return document_response(
        request, report, fmt, filename=f"report-{slug}-{start}", back=back, target=initiative
    )


urlpatterns = [
    path("initiatives/<slug:slug>/", initiative_report, name="initiative"),
    path(
        "initiatives/<slug:slug>/report.<str:fmt>",
        initiative_download,
        name="initiative_download",
    ),
]
