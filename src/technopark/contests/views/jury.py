"""The judge's workspace: only the entries assigned to them, progress per stage, and the score
sheet of one entry. Under blind review nothing on these pages names the authors or their
organisations — not the entry, not its files (shown and downloaded under neutral names)."""

from __future__ import annotations

from collections import OrderedDict

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from technopark.core.permissions import declare

from ..forms import ScoreSheetForm
from ..models import Assignment, Conflict, Entry, JuryMember, Stage
from ..rules import can_judge, can_see_entry, is_judge
from ..services import jury as jury_services
from ..services import scoring
from ._common import files_for
from .entries import apply_errors

PLACEHOLDER = 987654321  # stands for an assignment id in a resolved address


def _blind(entry: Entry) -> bool:
    return entry.contest.blind_review


@declare(is_judge)
def workspace(request):
    user = request.user
    # One query: a declared conflict takes the entry away unless the organiser overrode it
    # knowingly (the same rule as rules.can_see_entry, without a query per row).
    conflicted = Conflict.objects.filter(judge=user).values("entry_id")
    # A judge of a big contest has hundreds of works: the rows are read as tuples, not as
    # model instances (five per row with the stage, entry, nomination and category), and the
    # template reads the same names from small dicts.
    rows = (
        Assignment.objects.filter(judge=user, entry__status=Entry.Status.SUBMITTED)
        .filter(~Q(entry_id__in=conflicted) | ~Q(conflict_overridden=""))
        .order_by("-stage__contest_id", "stage__position", "entry__number")
        .values_list(
            "pk",
            "completed_at",
            "stage_id",
            "entry__number",
            "entry__title",
            "entry__nomination_id",
            "entry__nomination__name",
            "entry__age_category_id",
            "entry__age_category__name",
        )
    )
    stages: OrderedDict = OrderedDict()
    labels: dict = {}  # one dict per nomination or category, shared by its rows
    # The score sheet's address, resolved once: reverse() per row costs ~10 ms a page.
    address = reverse("contests:judge_entry", args=[PLACEHOLDER])
    for pk, completed_at, stage_id, number, title, nom_id, nom, cat_id, cat in rows:
        group = stages.setdefault(stage_id, {"rows": [], "done": 0})
        entry = {
            "number": number,
            "title": title,
            "nomination": labels.setdefault(("n", nom_id), {"name": nom}),
            "age_category": labels.setdefault(("c", cat_id), {"name": cat}) if cat_id else None,
        }
        url = address.replace(str(PLACEHOLDER), str(pk))
        group["rows"].append({"pk": pk, "url": url, "completed_at": completed_at, "entry": entry})
        group["done"] += completed_at is not None
    objects = Stage.objects.select_related("contest").only(
        "title", "status", "ends_on", "position", "contest__title"
    )
    for stage in objects.filter(pk__in=stages):
        stages[stage.pk]["stage"] = stage
    groups = list(stages.values())
    labels_html = (_("Номинация"), _("завершена"), _("не завершена"))
    for group in groups:
        total = len(group["rows"])
        group["total"] = total
        group["percent"] = round(100 * group["done"] / total) if total else 0
        group["rows_html"] = _rows_html(group["rows"], *labels_html)
    # The chair of a stage's jury orders works left equal by score (views/manage_ties.py).
    chaired = set(
        JuryMember.objects.filter(user=user, role=JuryMember.Role.CHAIR).values_list(
            "stage_id", flat=True
        )
    )
    context = {"groups": groups, "chaired": chaired}
    return render(request, "contests/jury/workspace.html", context)


def _rows_html(rows, nomination_label, done_label, open_label) -> str:
    """The table rows of the workspace. A judge of a big contest has hundreds of rows, and the
    template engine's per-row work was a large share of the page's time (benchmarks/README.md,
    "Contests"). Every value that comes from data or translations is escaped here."""
    done = f'<span class="badge" style="background:#e6f6ea">{escape(done_label)}</span>'
    not_done = f'<span class="badge">{escape(open_label)}</span>'
    label = escape(nomination_label)
    names: dict[str, str] = {}  # nomination and category names repeat: escape each once

    def name(text: str) -> str:
        if text not in names:
            names[text] = escape(text)
        return names[text]

    html = []
    for row in rows:
        entry = row["entry"]
        category = entry["age_category"]
        html.append(
            f'<tr><td data-label="№">{entry["number"]}</td>'
            f'<td><a href="{escape(row["url"])}">{escape(entry["title"])}</a></td>'
            f'<td data-label="{label}">{name(entry["nomination"]["name"])}'
            f"{' · ' + name(category['name']) if category else ''}</td>"
            f"<td>{done if row['completed_at'] else not_done}</td></tr>"
        )
    return mark_safe("\n".join(html))  # noqa: S308 (built from escaped parts above)


def _assignment(request, pk: int) -> Assignment:
    assignment = get_object_or_404(
        Assignment.objects.select_related(
            "stage__contest", "entry__contest", "entry__nomination", "entry__age_category"
        ),
        pk=pk,
    )
    # Only the judge it belongs to, and only while no conflict takes the entry away.
    if assignment.judge_id != request.user.pk or not can_see_entry(request.user, assignment.entry):
        raise Http404
    return assignment


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("В чём конфликт интересов"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("например: мой выпускник")}),
    )


@declare(is_judge)
def score_entry(request, pk: int):
    assignment = _assignment(request, pk)
    entry, stage = assignment.entry, assignment.stage
    criteria = list(stage.criteria.order_by("position", "id"))
    own = {s.criterion_id: s for s in assignment.scores.all()}
    initial = {"comment": assignment.comment, "complete": assignment.completed_at is not None}
    for criterion_id, score in own.items():
        initial[f"score_{criterion_id}"] = score.points
        initial[f"note_{criterion_id}"] = score.comment
    open_ = can_judge(request.user, assignment)
    data = request.POST if request.method == "POST" else None
    form = ScoreSheetForm(data, criteria=criteria, initial=initial)
    if not open_:
        for field in form.fields.values():
            field.disabled = True
    if data is not None:
        if not open_:
            messages.error(request, _("Этап закрыт: оценки больше не меняются."))
            return redirect("contests:judge_entry", assignment.pk)
        if form.is_valid():
            try:
                scoring.save_scores(
                    assignment,
                    user=request.user,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    complete=form.cleaned_data["complete"],
                )
            except ValidationError as error:
                apply_errors(error, form)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Оценки сохранены."))
                return redirect("contests:jury")
    blind = _blind(entry)
    sheets = []
    if stage.status == Stage.Status.CLOSED:
        for sheet in scoring.visible_scores(request.user, entry, stage):
            if sheet.judge_id == request.user.pk:
                continue
            points = {s.criterion_id: s.points for s in sheet.scores.all()}
            sheets.append({"judge": sheet.judge, "points": [points.get(c.pk) for c in criteria]})
    context = {
        "assignment": assignment,
        "entry": entry,
        "contest": entry.contest,
        "stage": stage,
        "blind": blind,
        "authors": [] if blind else entry.authors.all(),
        "files": files_for(entry, blind=blind),
        "form": form,
        "open": open_,
        "others": sheets,
        "conflict_form": ConflictForm(),
    }
    status = 400 if form.errors else 200
    return render(request, "contests/jury/score.html", context, status=status)


@require_POST
@declare(is_judge)
def declare_conflict(request, pk: int):
    assignment = _assignment(request, pk)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Опишите, в чём конфликт интересов."))
        return redirect("contests:judge_entry", assignment.pk)
    try:
        jury_services.declare_conflict(
            assignment.entry, request.user, user=request.user, reason=form.cleaned_data["reason"]
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("contests:judge_entry", assignment.pk)
    messages.success(request, _("Конфликт интересов заявлен, организатор его увидит."))
    return redirect("contests:jury")


urlpatterns = [
    path("jury/", workspace, name="jury"),
    path("jury/<int:pk>/", score_entry, name="judge_entry"),
    path("jury/<int:pk>/conflict/", declare_conflict, name="judge_conflict"),
]
