"""The organiser's dashboard: contests one manages, the overview of one contest (status and its
transitions, works per nomination with a chart, the list of works, stages opened and closed)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from technopark.core.audit import record_personal_data_access
from technopark.core.models import AuditEntry
from technopark.core.permissions import check, declare
from technopark.events.charts import bar_chart

from ..models import Contest, Entry, EntryAuthor, Stage
from ..rules import can_manage_contest, manage_contest
from ..selectors import contests_visible_to
from ..services import lifecycle, stages
from ._common import nomination_counts


def managed_contest(request, pk: int) -> Contest:
    contest = get_object_or_404(Contest.objects.select_related("organisation"), pk=pk)
    if not can_manage_contest(request.user, contest):
        if contest.status == Contest.Status.DRAFT:
            raise Http404
        check(manage_contest, request, obj=contest)
    return contest


def say(request, error) -> None:
    messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))


@declare(manage_contest)
def manage_list(request):
    contests = [
        c
        for c in contests_visible_to(request.user).order_by("-id")
        if can_manage_contest(request.user, c)
    ]
    return render(request, "contests/manage/list.html", {"contests": contests})


@declare(manage_contest)
def dashboard(request, pk: int):
    contest = managed_contest(request, pk)
    counts = nomination_counts(contest)
    chart = bar_chart([(n.name, works) for n, works in counts], title=_("Работ в номинации"))
    entries = contest.entries.select_related(
        "nomination", "age_category", "organisation", "current_stage"
    ).order_by("number")
    nomination = request.GET.get("nomination", "")
    if nomination.isdigit():
        entries = entries.filter(nomination_id=int(nomination))
    words = request.GET.get("q", "").strip()[:100]
    if words:
        entries = entries.filter(
            Q(title__icontains=words) | Q(authors__full_name__icontains=words)
        ).distinct()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    prefetch_related_objects(
        page.object_list,
        Prefetch("authors", queryset=EntryAuthor.objects.order_by("position")),
    )
    record_personal_data_access(
        AuditEntry.Action.VIEW,
        what=_("работы конкурса «%(title)s» (№ %(pk)s), страница %(n)s")
        % {"title": contest.title, "pk": contest.pk, "n": page.number},
        count=len(page.object_list),
    )
    context = {
        "contest": contest,
        "tab": "overview",
        "counts": counts,
        "total": sum(w for _n, w in counts),
        "withdrawn": contest.entries.exclude(status=Entry.Status.SUBMITTED).count(),
        "chart": chart,
        "entries": page.object_list,
        "page": page,
        "nomination": nomination,
        "q": words,
        "stages": contest.stages.order_by("position"),
    }
    return render(request, "contests/manage/dashboard.html", context)


TRANSITIONS = {
    "open_call": (lifecycle.open_call, gettext_lazy("Приём работ открыт.")),
    "start_judging": (lifecycle.start_judging, gettext_lazy("Приём работ закрыт, идёт оценка.")),
    "archive": (lifecycle.archive, gettext_lazy("Конкурс перенесён в архив.")),
}


@require_POST
@declare(manage_contest)
def transition(request, pk: int, action: str):
    contest = managed_contest(request, pk)
    if action not in TRANSITIONS:
        raise Http404
    service, done = TRANSITIONS[action]
    try:
        service(contest, user=request.user)
    except (ValidationError, PermissionDenied) as error:
        say(request, error)
    else:
        messages.success(request, done)
    return redirect("contests:manage", contest.pk)


@require_POST
@declare(manage_contest)
def stage_action(request, pk: int, action: str):
    stage = get_object_or_404(Stage.objects.select_related("contest"), pk=pk)
    contest = managed_contest(request, stage.contest_id)
    try:
        if action == "open":
            stages.open_stage(stage, user=request.user)
            messages.success(request, _("Этап «%(stage)s» начат.") % {"stage": stage.title})
        elif action == "close":
            counts = stages.close_stage(
                stage, user=request.user, force=request.POST.get("force") == "1"
            )
            messages.success(
                request,
                _(
                    "Этап «%(stage)s» закрыт: прошли дальше %(passed)s из %(entries)s, "
                    "не прошли %(not_passed)s. Авторам отправлены письма."
                )
                % {"stage": stage.title, **counts},
            )
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as error:
        say(request, error)
    return redirect("contests:manage", contest.pk)


urlpatterns = [
    path("manage/", manage_list, name="manage_list"),
    path("<int:pk>/manage/", dashboard, name="manage"),
    path("<int:pk>/manage/status/<slug:action>/", transition, name="transition"),
    path("stages/<int:pk>/open/", stage_action, {"action": "open"}, name="stage_open"),
    path("stages/<int:pk>/close/", stage_action, {"action": "close"}, name="stage_close"),
]
