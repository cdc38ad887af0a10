"""A stage of a selection as the organiser sees it: the works on it and how they got there,
their scores, ranks and decisions; a testing stage takes its scores from a CSV/XLSX file, an
interview stage records a decision (admitted with a direction or lab, or not) per work."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from technopark.core.permissions import declare

from ..models import EntryStage, Stage
from ..rules import manage_contest
from ..services import stages as stage_services
from .manage import managed_contest, say


class ScoresFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Файл с баллами (CSV или XLSX)"),
        help_text=gettext_lazy(
            "Два столбца: номер работы и балл. Первая строка может быть заголовком. Если хотя "
            "бы одна строка не подходит, ничего не записывается."
        ),
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Решение"),
        choices=[
            (EntryStage.Outcome.PASSED, gettext_lazy("принят(а)")),
            (EntryStage.Outcome.NOT_PASSED, gettext_lazy("не принят(а)")),
        ],
    )
    direction = forms.CharField(
        label=gettext_lazy("Направление или лаборатория"), max_length=200, required=False
    )
    note = forms.CharField(label=gettext_lazy("Комментарий"), required=False, max_length=2000)


def _stage(request, pk: int) -> Stage:
    stage = get_object_or_404(Stage.objects.select_related("contest"), pk=pk)
    managed_contest(request, stage.contest_id)
    return stage


def _context(stage: Stage, **extra) -> dict:
    rows = (
        EntryStage.objects.filter(stage=stage)
        .select_related("entry__nomination", "entry__age_category")
        .prefetch_related("entry__authors")
        .order_by("rank", "entry__number")
    )
    return {
        "contest": stage.contest,
        "tab": "overview",
        "stage": stage,
        "rows": rows,
        "upload_form": ScoresFileForm(),
        "decision_form": DecisionForm(),
        "outcomes": DecisionForm.base_fields["outcome"].choices,
        **extra,
    }


@declare(manage_contest)
def stage_page(request, pk: int):
    stage = _stage(request, pk)
    return render(request, "contests/manage/stage.html", _context(stage))


@require_POST
@declare(manage_contest)
def import_scores(request, pk: int):
    stage = _stage(request, pk)
    form = ScoresFileForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        try:
            report = stage_services.import_test_scores(
                stage, user=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            problems = getattr(error, "problems", None) or error.messages
        except PermissionDenied as error:
            problems = [str(error)]
        else:
            messages.success(
                request,
                _("Загружено баллов: %(imported)s, изменилось: %(changed)s.") % report,
            )
            if report["missing"]:
                messages.warning(
                    request,
                    _("Нет балла у работ №: %(numbers)s.")
                    % {"numbers": ", ".join(str(n) for n in report["missing"])},
                )
            return redirect("contests:stage", stage.pk)
    context = _context(stage, upload_form=form, problems=problems)
    return render(request, "contests/manage/stage.html", context, status=400)


@require_POST
@declare(manage_contest)
def decide(request, pk: int):
    entry_stage = get_object_or_404(
        EntryStage.objects.select_related("stage__contest", "entry"), pk=pk
    )
    stage = _stage(request, entry_stage.stage_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Выберите решение: принят(а) или не принят(а)."))
        return redirect("contests:stage", stage.pk)
    try:
        stage_services.record_decision(entry_stage, user=request.user, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as error:
        say(request, error)
    else:
        messages.success(
            request, _("Решение по работе № %(n)s записано.") % {"n": entry_stage.entry.number}
        )
    return redirect("contests:stage", stage.pk)


urlpatterns = [
    path("stages/<int:pk>/", stage_page, name="stage"),
    path("stages/<int:pk>/scores/", import_scores, name="stage_import"),
    path("entry-stages/<int:pk>/decision/", decide, name="stage_decision"),
]
