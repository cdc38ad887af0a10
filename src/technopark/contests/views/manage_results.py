"""The organiser's results tab: raw and normalised tables side by side, places (by the rule or
set by hand), publishing — refused while judging is incomplete unless forced with a warning —
and the documents: the jury protocol (DOCX), the results table (XLSX) and diplomas in bulk."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from technopark.core.permissions import declare

from ..forms import PlaceForm, PublishForm
from ..models import Contest, Entry, Stage
from ..rules import manage_contest
from ..services import lifecycle, results
from .manage import managed_contest, say
from .manage_ties import tied_groups
from .manage_ties import urlpatterns as tie_urlpatterns

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BIG = 300  # works; above this the results tab opens on one nomination


def _stage(contest, request) -> Stage | None:
    stages = list(contest.stages.order_by("position"))
    wanted = request.GET.get("stage")
    chosen = next((s for s in stages if str(s.pk) == str(wanted)), None)
    if chosen is None:
        ranked = results.final_stage(contest)
        chosen = ranked or next((s for s in reversed(stages) if s.status != "pending"), None)
    return chosen or (stages[-1] if stages else None)


def incomplete_stages(contest: Contest) -> list[dict]:
    rows = []
    for stage in contest.stages.order_by("position"):
        if stage.status == Stage.Status.CLOSED:
            continue
        gaps = results.judging_gaps(stage)
        if any(gaps.values()):
            rows.append({"stage": stage, **gaps})
    return rows


@declare(manage_contest)
def results_page(request, pk: int):
    contest = managed_contest(request, pk)
    stage = _stage(contest, request)
    table = None
    if stage is not None:
        table = results.compute_stage_results(stage, save=False)
    entries = (
        contest.entries.filter(status=Entry.Status.SUBMITTED)
        .select_related("nomination", "age_category")
        .order_by("nomination__position", "nomination_id", "rank", "number")
    )
    # A big contest is shown one nomination at a time: thousands of rows help nobody.
    nominations = list(contest.nominations.order_by("position", "id"))
    wanted = request.GET.get("nomination", "")
    nomination = next((n for n in nominations if str(n.pk) == wanted), None)
    if nomination is None and wanted != "all" and entries.count() > BIG and nominations:
        nomination = nominations[0]
    raw = table.raw_table if table else []
    normalised = table.normalised_table if table else []
    if nomination is not None:
        entries = entries.filter(nomination=nomination)
        raw = [row for row in raw if row["nomination"].pk == nomination.pk]
        normalised = [row for row in normalised if row["nomination"].pk == nomination.pk]
    context = {
        "contest": contest,
        "tab": "results",
        "stage": stage,
        "stages": contest.stages.order_by("position"),
        "table": table,
        "raw": raw,
        "normalised": normalised,
        "nominations": nominations,
        "nomination": nomination,
        "entries": entries,
        "places": Entry.Place.choices,
        "incomplete": incomplete_stages(contest),
        "publish_form": PublishForm(),
        "can_publish": contest.status == Contest.Status.JUDGING,
        "ties": _ties(stage, table, nomination),
        "back": "results",
    }
    return render(request, "contests/manage/results.html", context)


def _ties(stage, table, nomination) -> list[dict]:
    """Works left equal by score and tie-break criteria, for the chair's vote (manage_ties)."""
    if stage is None or table is None:
        return []
    groups = tied_groups(stage, table)
    if nomination is not None:
        groups = [g for g in groups if g["nomination"].pk == nomination.pk]
    return groups


@require_POST
@declare(manage_contest)
def set_place(request, pk: int):
    entry = get_object_or_404(Entry.objects.select_related("contest"), pk=pk)
    contest = managed_contest(request, entry.contest_id)
    form = PlaceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Выберите награду из списка."))
    else:
        try:
            results.set_place(entry, user=request.user, place=form.cleaned_data["place"])
        except (ValidationError, PermissionDenied) as error:
            say(request, error)
        else:
            messages.success(request, _("Награда работы № %(n)s сохранена.") % {"n": entry.number})
    return redirect("contests:manage_results", contest.pk)


@require_POST
@declare(manage_contest)
def publish(request, pk: int):
    contest = managed_contest(request, pk)
    form = PublishForm(request.POST)
    force = form.is_valid() and form.cleaned_data["force"]
    try:
        lifecycle.publish_results(contest, user=request.user, force=force)
    except (ValidationError, PermissionDenied) as error:
        say(request, error)
        return redirect("contests:manage_results", contest.pk)
    messages.success(request, _("Итоги опубликованы на странице конкурса."))
    return redirect("contests:detail", contest.pk)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@declare(manage_contest)
def protocol(request, pk: int):
    from ..services.documents import protocol_docx

    contest = managed_contest(request, pk)
    name = _("Протокол жюри — %(title)s.docx") % {"title": contest.title[:60]}
    return _download(protocol_docx(contest), name, DOCX)


@declare(manage_contest)
def results_table(request, pk: int):
    from ..services.documents import results_xlsx

    contest = managed_contest(request, pk)
    name = _("Итоги — %(title)s.xlsx") % {"title": contest.title[:60]}
    return _download(results_xlsx(contest), name, XLSX)


@declare(manage_contest)
def diplomas(request, pk: int):
    """Start the batch (POST) and show its progress; the block polls itself while it runs."""
    from ..services import documents

    contest = managed_contest(request, pk)
    if request.method == "POST":
        try:
            documents.start_diplomas(contest, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            say(request, error)
        else:
            messages.success(request, _("Дипломы готовятся. Страница обновится сама."))
        return redirect("contests:manage_diplomas", contest.pk)
    progress = documents.diploma_progress(contest) or {}
    if progress.get("state") == "idle":
        progress = {}
    running = progress.get("state") in ("queued", "running")
    context = {
        "contest": contest,
        "tab": "documents",
        "progress": progress,
        "running": running,
        "issued": contest.diplomas.select_related("entry").order_by("number"),
    }
    template = "contests/manage/documents.html"
    if request.headers.get("HX-Request"):
        template = "contests/manage/_diploma_progress.html"
    return render(request, template, context)


@declare(manage_contest)
def diplomas_zip(request, pk: int):
    from ..services.diplomas import diplomas_zip as build_zip

    contest = managed_contest(request, pk)
    name = _("Дипломы — %(title)s.zip") % {"title": contest.title[:60]}
    return _download(build_zip(contest), name, "application/zip")


urlpatterns = [
    path("<int:pk>/manage/results/", results_page, name="manage_results"),
    path("entries/<int:pk>/place/", set_place, name="set_place"),
    path("<int:pk>/manage/publish/", publish, name="publish"),
    path("<int:pk>/manage/protocol.docx", protocol, name="protocol"),
    path("<int:pk>/manage/results.xlsx", results_table, name="results_xlsx"),
    path("<int:pk>/manage/diplomas/", diplomas, name="manage_diplomas"),
    path("<int:pk>/manage/diplomas.zip", diplomas_zip, name="diplomas_zip"),
    *tie_urlpatterns,
]
