"""The chair's vote on tied works: entries of a nomination and age category left equal by the
score and by the tie-break criteria (results.py, rule 3) are listed, and the chair of the
stage's jury or the organiser orders them (1 — higher). The stage's ranking is recomputed at
once by services.results.set_tie_break_vote. The organiser sees the block on the results tab;
the chair, who has no results tab, on a page of their own.

All the numbers of one request are checked before anything is written and are written in one
transaction: a bad number, a repeated one or a work that is not tied is a 400 with a Russian
message and changes nothing."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from technopark.core.permissions import declare

from ..models import EntryStage, JuryMember, Stage
from ..rules import can_manage_contest, is_judge, manage_contest
from ..services import results

MAX_VOTE = 999


def tied_groups(stage: Stage, table=None) -> list[dict]:
    """Sets of two or more works of one nomination and age category with the same score and
    the same points on the tie-break criteria; each with its rows (entry, entry stage, vote,
    rank), best first as ranked now."""
    if stage.kind != Stage.Kind.SCORED:
        return []
    table = table or results.compute_stage_results(stage, save=False)
    out = []
    for group in table.groups:
        sets = defaultdict(list)
        for row in group.rows:
            if row.score is not None:
                sets[(row.score, row.tie_break)].append(row)
        for (score, _tie), rows in sets.items():
            if len(rows) > 1:
                out.append(
                    {
                        "nomination": group.nomination,
                        "age_category": group.age_category,
                        "score": score,
                        "rows": sorted(rows, key=lambda r: (r.rank, r.entry.number)),
                        "shared": any(r.shared for r in rows),
                    }
                )
    return out


def may_vote(user, stage: Stage) -> bool:
    """The chair of the stage's jury or an organiser of the contest (the service's rule)."""
    if can_manage_contest(user, stage.contest):
        return True
    return JuryMember.objects.filter(stage=stage, user=user, role=JuryMember.Role.CHAIR).exists()


def parse_votes(post, groups: list[dict]) -> dict[int, int | None]:
    """{entry stage id: vote or None} from fields `vote-<entry stage id>` of tied works only;
    raises ValidationError (Russian) on anything else."""
    tied = {row.entry_stage.pk: group for group in groups for row in group["rows"]}
    votes: dict[int, int | None] = {}
    for key, value in post.items():
        if not key.startswith("vote-"):
            continue
        raw_id = key.removeprefix("vote-")
        if not raw_id.isdigit() or int(raw_id) not in tied:
            raise ValidationError(_("Порядок можно задать только работам с равными баллами."))
        value = (value or "").strip()
        if not value:
            votes[int(raw_id)] = None
            continue
        if not value.isdigit() or not 1 <= int(value) <= MAX_VOTE:
            raise ValidationError(
                _("Укажите порядок числом от 1 до %(max)s (1 — выше всех).") % {"max": MAX_VOTE}
            )
        votes[int(raw_id)] = int(value)
    if not votes:
        raise ValidationError(_("Укажите порядок хотя бы одной работе."))
    by_group = defaultdict(list)
    for es_id, vote in votes.items():
        if vote is not None:
            by_group[id(tied[es_id])].append(vote)
    if any(len(v) != len(set(v)) for v in by_group.values()):
        raise ValidationError(
            _("У работ с равными баллами номера должны быть разными: один номер — одно место.")
        )
    return votes


def _stage(pk: int) -> Stage:
    return get_object_or_404(Stage.objects.select_related("contest__organisation"), pk=pk)


@declare(manage_contest | is_judge)
def tie_break(request, pk: int):
    """GET: the tied works of the stage; POST: the chair's (or the organiser's) order."""
    stage = _stage(pk)
    if not may_vote(request.user, stage):
        raise PermissionDenied(
            _("Решающий голос при равенстве баллов есть только у председателя жюри.")
        )
    manager = can_manage_contest(request.user, stage.contest)
    groups = tied_groups(stage)
    status = 200
    if request.method == "POST":
        try:
            votes = parse_votes(request.POST, groups)
            rows = {es.pk: es for es in EntryStage.objects.filter(pk__in=votes, stage=stage)}
            with transaction.atomic():
                for es_id, vote in votes.items():
                    results.set_tie_break_vote(rows[es_id], user=request.user, vote=vote)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        else:
            messages.success(request, _("Порядок работ с равными баллами сохранён."))
            if manager and request.POST.get("back") == "results":
                return redirect(
                    f"{_results_url(stage)}?stage={stage.pk}#ties",
                )
            return redirect("contests:tie_break", stage.pk)
        groups = tied_groups(stage)
    context = {
        "contest": stage.contest,
        "stage": stage,
        "ties": groups,
        "manager": manager,
    }
    return render(request, "contests/manage/tie_break.html", context, status=status)


def _results_url(stage: Stage) -> str:
    from django.urls import reverse

    return reverse("contests:manage_results", args=[stage.contest_id])


urlpatterns = [
    path("stages/<int:pk>/tie-break/", tie_break, name="tie_break"),
]
