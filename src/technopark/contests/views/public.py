"""Public pages: the list of contests, a contest's page (regulations, nominations, stages,
deadlines, results once published), the regulations file and the diploma check."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from technopark.core.permissions import declare, rules

from ..models import Contest, Diploma
from ..rules import can_manage_contest
from ..selectors import public_contests
from ._common import nomination_counts, results_groups, visible_contest

CURRENT = (Contest.Status.CALL_OPEN, Contest.Status.JUDGING)


@declare(rules.public)
def contest_list(request):
    contests = list(public_contests().select_related("organisation").order_by("-id"))
    current = [c for c in contests if c.status in CURRENT]
    past = [c for c in contests if c.status not in CURRENT]
    return render(
        request,
        "contests/public/list.html",
        {"current": current, "past": past, "can_manage": rules.staff.allows(request.user)},
    )


def submission_state(contest: Contest) -> str:
    """open / not_yet / closed — what the "submit a work" button says."""
    now = timezone.now()
    if contest.status != Contest.Status.CALL_OPEN:
        return "closed"
    if contest.submission_opens_at and now < contest.submission_opens_at:
        return "not_yet"
    if contest.submission_closes_at and now > contest.submission_closes_at:
        return "closed"
    return "open"


@declare(rules.public)
def contest_detail(request, pk: int):
    contest = visible_contest(request, pk)
    published = contest.status in (Contest.Status.RESULTS_PUBLISHED, Contest.Status.ARCHIVED)
    nominations = nomination_counts(contest)
    context = {
        "contest": contest,
        "nominations": nominations,
        "works_total": sum(works for _n, works in nominations),
        "age_categories": contest.age_categories.all(),
        "stages": contest.stages.order_by("position"),
        "partners": contest.partners.all(),
        "published": published,
        "groups": results_groups(contest) if published else [],
        "submission": submission_state(contest),
        "can_manage": can_manage_contest(request.user, contest),
    }
    return render(request, "contests/public/detail.html", context)


@declare(rules.public)
def regulations(request, pk: int):
    contest = visible_contest(request, pk)
    if not contest.regulations:
        raise Http404
    name = contest.regulations.name
    extension = name.rsplit(".", 1)[-1] if "." in name else "pdf"
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    try:
        handle = contest.regulations.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"Положение — {contest.title[:80]}.{extension}",
        content_type=content_type,
    )


@declare(rules.public)
def diploma_verify(request, token: str):
    diploma = (
        Diploma.objects.select_related("contest", "contest__organisation", "entry__nomination")
        .filter(token=token[:32])
        .first()
    )
    return render(request, "contests/public/diploma_verify.html", {"diploma": diploma})


urlpatterns = [
    path("", contest_list, name="list"),
    path("<int:pk>/", contest_detail, name="detail"),
    path("<int:pk>/regulations/", regulations, name="regulations"),
    path("diplomas/<str:token>/", diploma_verify, name="diploma_verify"),
]
