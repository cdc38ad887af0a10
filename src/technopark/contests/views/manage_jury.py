"""The organiser's jury tab: judging progress per judge, automatic assignment, manual
assignment with the conflict of interest shown (and overridden only on purpose), removal,
and the conflicts declared or overridden."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from technopark.core.permissions import declare

from ..forms import AssignForm, OrganiserConflictForm
from ..models import Assignment, Conflict, Entry, Stage
from ..rules import manage_contest
from ..services import jury as jury_services
from ..services import scoring
from .entries import apply_errors
from .manage import managed_contest, say


def _stage(contest, request) -> Stage | None:
    stages = list(contest.stages.order_by("position"))
    wanted = request.GET.get("stage") or request.POST.get("stage")
    chosen = next((s for s in stages if str(s.pk) == str(wanted)), None)
    if chosen is None:
        chosen = next((s for s in stages if s.status == Stage.Status.OPEN), None)
    return chosen or (stages[0] if stages else None)


def jury_context(
    contest, stage, form=None, conflict_text="", page_number=None, conflict_form=None
) -> dict:
    context = {"contest": contest, "tab": "jury", "stage": stage, "stages": contest.stages.all()}
    if stage is None:
        return context
    progress = scoring.judge_progress(stage)
    for row in progress:
        row["percent"] = round(100 * row["completed"] / row["assigned"]) if row["assigned"] else 0
    assigned_entries = Entry.objects.filter(
        pk__in=Assignment.objects.filter(stage=stage).values("entry_id")
    ).order_by("number")
    page = Paginator(assigned_entries.values_list("pk", flat=True), 50).get_page(page_number)
    assignments = (
        Assignment.objects.filter(stage=stage, entry_id__in=list(page.object_list))
        .select_related("entry__nomination", "judge")
        .order_by("entry__number", "judge__last_name")
    )
    by_entry: dict = {}
    for assignment in assignments:
        by_entry.setdefault(assignment.entry, []).append(assignment)
    overridden = (
        Assignment.objects.filter(stage=stage)
        .exclude(conflict_overridden="")
        .select_related("entry", "judge")
        .order_by("entry__number")
    )
    unassigned = (
        Entry.objects.filter(stages__stage=stage, status=Entry.Status.SUBMITTED)
        .exclude(assignments__stage=stage)
        .order_by("number")
    )
    context.update(
        {
            "progress": progress,
            "by_entry": by_entry,
            "unassigned": list(unassigned),
            "needed": contest.judges_per_entry,
            "conflicts": Conflict.objects.filter(entry__contest=contest)
            .select_related("entry", "judge", "declared_by")
            .order_by("entry__number"),
            "overridden": overridden,
            "page": page,
            "form": form or AssignForm(stage=stage, initial={"stage": stage.pk}),
            "conflict_form": conflict_form or OrganiserConflictForm(stage=stage, prefix="conflict"),
            "conflict_text": conflict_text,
        }
    )
    return context


@declare(manage_contest)
def jury(request, pk: int):
    contest = managed_contest(request, pk)
    stage = _stage(contest, request)
    context = jury_context(contest, stage, page_number=request.GET.get("page"))
    return render(request, "contests/manage/jury.html", context)


@require_POST
@declare(manage_contest)
def auto_assign(request, pk: int):
    stage = get_object_or_404(Stage.objects.select_related("contest"), pk=pk)
    contest = managed_contest(request, stage.contest_id)
    try:
        result = jury_services.auto_assign(stage, user=request.user)
    except (ValidationError, PermissionDenied) as error:
        say(request, error)
    else:
        messages.success(
            request,
            _("Назначено новых судейств: %(n)s.") % {"n": result["created"]},
        )
        for short in result["short"]:
            messages.warning(
                request,
                _("Работе № %(number)s назначено %(assigned)s из %(needed)s судей: %(reason)s.")
                % {
                    "number": short["entry"].number,
                    "assigned": short["assigned"],
                    "needed": short["needed"],
                    "reason": short["reason"],
                },
            )
    return redirect(f"{_jury_url(contest)}?stage={stage.pk}")


def _jury_url(contest) -> str:
    from django.urls import reverse

    return reverse("contests:manage_jury", args=[contest.pk])


@declare(manage_contest)
def assign(request, pk: int):
    stage = get_object_or_404(Stage.objects.select_related("contest"), pk=pk)
    contest = managed_contest(request, stage.contest_id)
    if request.method != "POST":
        return redirect(f"{_jury_url(contest)}?stage={stage.pk}")
    form = AssignForm(request.POST, stage=stage)
    conflict_text = ""
    if form.is_valid():
        entry, judge = form.cleaned_data["entry"], form.cleaned_data["judge"]
        try:
            jury_services.assign(
                stage,
                entry,
                judge,
                user=request.user,
                override_conflict=form.cleaned_data["override_conflict"],
            )
        except ValidationError as error:
            apply_errors(error, form)
            conflict_text = "; ".join(jury_services.conflicts_for(entry, judge))
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(judge)s назначен(а) на работу № %(number)s.")
                % {"judge": judge.get_full_name(), "number": entry.number},
            )
            return redirect(f"{_jury_url(contest)}?stage={stage.pk}")
    context = jury_context(contest, stage, form=form, conflict_text=conflict_text)
    return render(request, "contests/manage/jury.html", context, status=400)


@require_POST
@declare(manage_contest)
def unassign(request, pk: int):
    assignment = get_object_or_404(Assignment.objects.select_related("stage__contest"), pk=pk)
    contest = managed_contest(request, assignment.stage.contest_id)
    try:
        jury_services.unassign(assignment, user=request.user)
    except (ValidationError, PermissionDenied) as error:
        say(request, error)
    else:
        messages.success(request, _("Член жюри снят с работы."))
    return redirect(f"{_jury_url(contest)}?stage={assignment.stage_id}")


@declare(manage_contest)
def declare_conflict(request, pk: int):
    stage = get_object_or_404(Stage.objects.select_related("contest"), pk=pk)
    contest = managed_contest(request, stage.contest_id)
    if request.method != "POST":
        return redirect(f"{_jury_url(contest)}?stage={stage.pk}")
    form = OrganiserConflictForm(request.POST, stage=stage, prefix="conflict")
    if form.is_valid():
        entry, judge = form.cleaned_data["entry"], form.cleaned_data["judge"]
        try:
            jury_services.declare_conflict(
                entry, judge, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(error, form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Конфликт интересов записан: %(judge)s не оценивает работу № %(number)s.")
                % {"judge": judge.get_full_name(), "number": entry.number},
            )
            return redirect(f"{_jury_url(contest)}?stage={stage.pk}")
    context = jury_context(contest, stage, conflict_form=form)
    return render(request, "contests/manage/jury.html", context, status=400)


urlpatterns = [
    path("<int:pk>/manage/jury/", jury, name="manage_jury"),
    path("stages/<int:pk>/auto-assign/", auto_assign, name="auto_assign"),
    path("stages/<int:pk>/assign/", assign, name="assign"),
    path("assignments/<int:pk>/remove/", unassign, name="unassign"),
    path("stages/<int:pk>/conflict/", declare_conflict, name="declare_conflict"),
]
