"""API router of contests: the public list, a contest with its stages and nominations, its
results once published, entries (submit and list, per role) and a judge's scores."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from technopark.core.api_auth import allow
from technopark.core.audit import record_personal_data_access
from technopark.core.models import AuditEntry
from technopark.core.permissions import rules

from . import selectors
from .api_schemas import (
    AssignmentOut,
    ContestDetailOut,
    ContestFilters,
    ContestOut,
    Detail,
    EntryIn,
    EntryOut,
    ErrorOut,
    ResultRow,
    ScoresIn,
)
from .models import Assignment, Contest, Entry, EntryAuthor, Stage
from .rules import can_judge, can_manage_contest, can_see_contest, is_judge

router = Router(tags=[gettext_lazy("Конкурсы и отборы")])

PUBLISHED = (Contest.Status.RESULTS_PUBLISHED, Contest.Status.ARCHIVED)


def _visible_contest(request, contest_id: int) -> Contest:
    contest = get_object_or_404(Contest.objects.select_related("organisation"), pk=contest_id)
    if not can_see_contest(request.user, contest):
        raise Http404
    return contest


def entry_payload(entry: Entry, *, hide_authors: bool) -> dict:
    authors = [
        {"full_name": a.full_name, "role": a.role}
        for a in sorted(entry.authors.all(), key=lambda a: (a.position, a.pk))
    ]
    return {
        "id": entry.pk,
        "number": entry.number,
        "contest": entry.contest_id,
        "nomination": entry.nomination_id,
        "nomination_name": entry.nomination.name,
        "age_category": entry.age_category_id,
        "title": entry.title,
        "annotation": entry.annotation,
        "status": entry.status,
        "current_stage": entry.current_stage_id,
        "submitted_at": entry.submitted_at,
        "authors": None if hide_authors else authors,
        "organisation": None
        if hide_authors or entry.organisation is None
        else entry.organisation.name,
        "final_score": entry.final_score,
        "place": entry.place,
    }


# --- contests ------------------------------------------------------------------------------------


@router.get(
    "/contests",
    response=list[ContestOut],
    summary=gettext_lazy("Конкурсы и отборы"),
    **allow(rules.public),
)
@paginate(PageNumberPagination)
def contest_list(request, filters: Query[ContestFilters]):
    """Все конкурсы и отборы, кроме черновиков: идёт приём работ, идёт оценка, итоги
    опубликованы, архив. Новые сверху. Отбор: `status`, `kind`, `level`."""
    contests = selectors.public_contests().order_by("-id")
    for name in ("status", "kind", "level"):
        value = getattr(filters, name)
        if value:
            contests = contests.filter(**{name: value})
    return contests


@router.get(
    "/contests/{int:contest_id}",
    response={200: ContestDetailOut, 404: Detail},
    summary=gettext_lazy("Конкурс"),
    **allow(rules.public),
)
def contest_detail(request, contest_id: int):
    """Конкурс с этапами, возрастными категориями и номинациями; у каждой номинации —
    число поданных работ (`works`). Черновик видят только организаторы."""
    return _visible_contest(request, contest_id)


@router.get(
    "/contests/{int:contest_id}/results",
    response={200: list[ResultRow], 404: Detail},
    summary=gettext_lazy("Итоги конкурса"),
    **allow(rules.public),
)
def contest_results(request, contest_id: int):
    """Рейтинг по номинациям и возрастным категориям: место, награда, работа, авторы, балл.
    Открыт всем после публикации итогов; до неё — только организаторам."""
    from .views._common import results_groups

    contest = _visible_contest(request, contest_id)
    if contest.status not in PUBLISHED and not can_manage_contest(request.user, contest):
        raise HttpError(404, _("Итоги этого конкурса ещё не опубликованы."))
    rows = []
    for group in results_groups(contest):
        for entry in group["entries"]:
            rows.append(
                {
                    "nomination": group["nomination"].name,
                    "age_category": group["age_category"].name if group["age_category"] else None,
                    "rank": entry.rank,
                    "place": entry.place,
                    "place_name": entry.get_place_display() if entry.place else "",
                    "number": entry.number,
                    "title": entry.title,
                    "authors": [a.public_name for a in entry.authors.all()],
                    "organisation": entry.organisation.name if entry.organisation else None,
                    "final_score": entry.final_score,
                }
            )
    return rows


# --- entries -------------------------------------------------------------------------------------


@router.get(
    "/contests/{int:contest_id}/entries",
    response=list[EntryOut],
    summary=gettext_lazy("Работы конкурса"),
    **allow(rules.authenticated),
)
@paginate(PageNumberPagination)
def entry_list(request, contest_id: int):
    """Автор видит свои работы, организатор — все, член жюри — только назначенные ему.
    При слепой оценке член жюри не получает имён авторов и организаций (`authors` = null)."""
    contest = _visible_contest(request, contest_id)
    user = request.user
    entries = (
        selectors.entries_visible_to(user, contest)
        .select_related("organisation")
        .prefetch_related(Prefetch("authors", queryset=EntryAuthor.objects.order_by("position")))
        .order_by("number")
    )
    manager = can_manage_contest(user, contest)
    own = set() if manager else set(selectors.my_entries(user).values_list("pk", flat=True))
    if manager:
        record_personal_data_access(
            AuditEntry.Action.VIEW,
            what=_("работы конкурса «%(title)s» (№ %(pk)s), через API")
            % {"title": contest.title, "pk": contest.pk},
            count=entries.count(),
        )
    blind = contest.blind_review and not manager
    return [entry_payload(e, hide_authors=blind and e.pk not in own) for e in entries]


@router.post(
    "/contests/{int:contest_id}/entries",
    response={201: EntryOut, 401: Detail, 404: Detail, 422: ErrorOut},
    summary=gettext_lazy("Подать работу"),
    **allow(rules.authenticated),
)
def entry_create(request, contest_id: int, payload: EntryIn):
    """Подаёт работу от имени вызывающего. Педагог добавляется автором сам; `authors` —
    соавторы и руководители. Файлы прикрепляются на сайте, на странице «Мои работы».
    Приём закрыт, номинация не подходит, лимит работ исчерпан — `422` с объяснением."""
    from .services.entries import submit_entry

    contest = _visible_contest(request, contest_id)
    nomination = contest.nominations.filter(pk=payload.nomination).first()
    if nomination is None:
        raise ValidationError({"nomination": [_("В этом конкурсе нет такой номинации.")]})
    age_category = None
    if payload.age_category is not None:
        age_category = contest.age_categories.filter(pk=payload.age_category).first()
        if age_category is None:
            raise ValidationError(
                {"age_category": [_("В этом конкурсе нет такой возрастной категории.")]}
            )
    entry = submit_entry(
        contest=contest,
        user=request.user,
        nomination=nomination,
        title=payload.title,
        annotation=payload.annotation,
        age_category=age_category,
        authors=[
            {"full_name": a.full_name, "role": a.role, "child": a.child} for a in payload.authors
        ],
        team_name=payload.team_name,
        video_url=payload.video_url,
        achievement=payload.achievement,
        request_ip=request.META.get("REMOTE_ADDR"),
    )
    entry = selectors.entry_with_details(entry.pk)
    return Status(201, entry_payload(entry, hide_authors=False))


# --- scores --------------------------------------------------------------------------------------


def assignment_payload(assignment: Assignment) -> dict:
    scores = assignment.scores.select_related("criterion").order_by("criterion__position")
    return {
        "id": assignment.pk,
        "entry": assignment.entry_id,
        "stage": assignment.stage_id,
        "comment": assignment.comment,
        "completed": assignment.completed_at is not None,
        "scores": [
            {
                "criterion": s.criterion_id,
                "criterion_name": s.criterion.name,
                "max_points": s.criterion.max_points,
                "points": s.points,
                "comment": s.comment,
            }
            for s in scores
        ],
    }


@router.put(
    "/entries/{int:entry_id}/scores",
    response={200: AssignmentOut, 401: Detail, 403: Detail, 404: Detail, 422: ErrorOut},
    summary=gettext_lazy("Оценить работу"),
    **allow(is_judge),
)
def entry_scores(request, entry_id: int, payload: ScoresIn):
    """Оценки назначенного члена жюри по критериям открытого этапа: `criterion` — номер
    критерия, `points` — от 0 до наибольшего балла. `complete: true` завершает оценку (нужны
    все критерии). Работа, на которую вызывающий не назначен, — `403`."""
    from .services.scoring import save_scores

    assignment = (
        Assignment.objects.select_related("stage", "entry__contest")
        .filter(entry_id=entry_id, judge=request.user, stage__status=Stage.Status.OPEN)
        .first()
    )
    if assignment is None:
        if not Entry.objects.filter(pk=entry_id).exists():
            raise Http404
        raise HttpError(403, _("Вы не назначены оценивать эту работу на открытом этапе."))
    if not can_judge(request.user, assignment):
        raise HttpError(403, _("Оценивать эту работу вам нельзя: заявлен конфликт интересов."))
    criteria = set(assignment.stage.criteria.values_list("pk", flat=True))
    unknown = [s.criterion for s in payload.scores if s.criterion not in criteria]
    if unknown:
        raise ValidationError(
            {
                "scores": [
                    _("У этого этапа нет таких критериев: %(ids)s.")
                    % {"ids": ", ".join(str(i) for i in unknown)}
                ]
            }
        )
    assignment = save_scores(
        assignment,
        user=request.user,
        scores={s.criterion: (s.points, s.comment) for s in payload.scores},
        comment=payload.comment,
        complete=payload.complete,
    )
    return assignment_payload(assignment)
