"""Who may manage, see, enter and judge a contest: one place for pages, API, admin and tasks.

A judge's right to an entry comes only from an assignment to it. A declared conflict of
interest takes that right away again, unless the organiser assigned the judge knowingly
(`Assignment.conflict_overridden`), so a conflicted judge cannot open the entry by URL.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from technopark.core.permissions import Rule
from technopark.network.rules import manage_organisation


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _is_staff(user) -> bool:
    from technopark.accounts.models import Role

    return _active(user) and user.has_any_role(Role.ADMINISTRATOR, Role.METHODIST)


def can_manage_contest(user, contest) -> bool:
    """Administrators, and methodists of the organiser organisation or of one above it."""
    if user is None or contest is None:
        return False
    return manage_organisation.allows(user, getattr(contest, "organisation", None))


def _manage(user, contest) -> bool:
    # Without an object (the operation-level check) the question is "may this user manage some
    # contest at all"; the handler then checks the contest itself with can_manage_contest.
    if contest is None:
        return _is_staff(user)
    return can_manage_contest(user, contest)


manage_contest = Rule(
    "contests:manage_contest",
    _("администраторы, а также методисты организации-организатора или вышестоящей"),
    _manage,
)


def can_see_contest(user, contest) -> bool:
    """Every contest past its draft is public; a draft only for those who manage it."""
    from .models import Contest

    if contest is None:
        return False
    if contest.status != Contest.Status.DRAFT:
        return True
    return can_manage_contest(user, contest)


see_contest = Rule(
    "contests:see_contest",
    _("все, кроме черновиков конкурсов: их видят только организаторы"),
    lambda user, contest: contest is None or can_see_contest(user, contest),
)


def _is_judge(user, obj=None) -> bool:
    from technopark.accounts.models import Role

    if not _active(user):
        return False
    if user.is_superuser or user.has_any_role(Role.JURY):
        return True
    return user.jury_seats.exists()


is_judge = Rule("contests:judge", _("члены жюри конкурсов"), _is_judge)


def _assigned_without_conflict(user, entry) -> bool:
    from .models import Assignment, Conflict

    assignments = Assignment.objects.filter(entry=entry, judge=user)
    if not assignments.exists():
        return False
    if assignments.exclude(conflict_overridden="").exists():
        return True  # the organiser saw the conflict and assigned the judge anyway
    return not Conflict.objects.filter(entry=entry, judge=user).exists()


def is_entry_author(user, entry) -> bool:
    """The submitter, an author or mentor with an account, or the guardian of a pupil author."""
    if not _active(user):
        return False
    if entry.submitted_by_id == user.pk:
        return True
    from django.db.models import Q

    return entry.authors.filter(
        Q(user=user) | Q(child__account=user) | Q(child__guardian=user)
    ).exists()


def can_see_entry(user, entry) -> bool:
    """Its authors (and a pupil's guardian), the organisers, and a judge assigned to it."""
    if entry is None or not _active(user):
        return False
    if is_entry_author(user, entry):
        return True
    if can_manage_contest(user, entry.contest):
        return True
    return _assigned_without_conflict(user, entry)


see_entry = Rule(
    "contests:see_entry",
    _("авторы и руководители работы, организаторы конкурса и назначенные на неё члены жюри"),
    lambda user, entry: _active(user) if entry is None else can_see_entry(user, entry),
)


def can_judge(user, assignment) -> bool:
    """The assigned judge, while the stage is open and the entry is still in the contest."""
    from .models import Entry, Stage

    if assignment is None or not _active(user) or assignment.judge_id != user.pk:
        return False
    if assignment.stage.status != Stage.Status.OPEN:
        return False
    if assignment.entry.status != Entry.Status.SUBMITTED:
        return False
    return _assigned_without_conflict(user, assignment.entry)


judge_assignment = Rule(
    "contests:judge_assignment",
    _("член жюри, назначенный на эту работу, пока этап открыт"),
    lambda user, assignment: _is_judge(user) if assignment is None else can_judge(user, assignment),
)
