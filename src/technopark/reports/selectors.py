"""The rows behind every figure of a report.

The builder aggregates these querysets and the "records behind a figure" pages list them, so a
figure and its list can never disagree: both start from the same function here.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    BooleanField,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from technopark.contests.models import Contest, Entry, EntryStage
from technopark.events.models import (
    Attendance,
    Event,
    FeedbackResponse,
    Material,
    PlanItem,
    Registration,
    StreamViews,
)

from .scope import Scope

# Events that took place; an archived event had been held before it went to the archive.
HELD_STATUSES = (Event.Status.HELD, Event.Status.ARCHIVED)


class _AmongIds(Func):
    """`column IN (subquery)`; on PostgreSQL `column = ANY(ARRAY(subquery))`.

    Both select the same rows. PostgreSQL plans `IN (subquery)` over the big tables
    (registrations, attendance marks) as a hash semi-join after a sequential scan of the whole
    table — a region's year is a quarter of the registrations, so it reads four times the rows
    it needs; the array form makes it fetch only the period's events through the event index
    (three to four times faster on the region-scale data set, see benchmarks/README.md)."""

    conditional = True
    output_field = BooleanField()
    arg_joiner = " IN "
    template = "%(expressions)s"

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, arg_joiner=" = ANY(ARRAY", template="%(expressions)s)", **extra
        )


def among(column: str, ids: QuerySet | list[int]) -> _AmongIds | Q:
    """A filter: `column` is one of the ids the queryset `ids` selects (one column); a plain
    list of ids is accepted too (then an ordinary `IN`)."""
    if not isinstance(ids, QuerySet):
        return Q(**{f"{column}__in": list(ids)})
    return _AmongIds(F(column), Subquery(ids))


def period_bounds(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) in the installation's time zone: from the first day's midnight up to the
    midnight after the last day."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def events(scope: Scope, date_from: dt.date, date_to: dt.date) -> QuerySet[Event]:
    """The events of the report: the scope's events that start in the period, drafts left out
    (a draft is not yet an event anybody could come to)."""
    start, end = period_bounds(date_from, date_to)
    return (
        scope.events()
        .filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Event.Status.DRAFT)
    )


def held_events(scope: Scope, date_from: dt.date, date_to: dt.date) -> QuerySet[Event]:
    return events(scope, date_from, date_to).filter(status__in=HELD_STATUSES)


def plan_items(scope: Scope, date_from: dt.date, date_to: dt.date) -> QuerySet[PlanItem]:
    """Plan items of the scope's initiatives due in the period."""
    return PlanItem.objects.filter(scope.initiatives_filter()).filter(
        planned_for__gte=date_from, planned_for__lte=date_to
    )


def unplanned_events(scope: Scope, date_from: dt.date, date_to: dt.date) -> QuerySet[Event]:
    """Events of the period that realise no plan item of the scope's initiatives in the period:
    they count as planned on their own (an event is announced before it is held)."""
    planned = plan_items(scope, date_from, date_to).filter(event_id=OuterRef("pk"))
    return events(scope, date_from, date_to).filter(~Exists(planned))


def counted(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """Registrations that count: confirmed, or anyone who was marked as present (whatever
    became of the registration afterwards). Waiting list, pending, cancelled and rejected
    registrations do not count."""
    came = Attendance.objects.filter(registration_id=OuterRef("pk"))
    return registrations.filter(Q(status=Registration.Status.CONFIRMED) | Q(Exists(came)))


def registrations(event_ids: QuerySet) -> QuerySet[Registration]:
    """Counted registrations of the given events (`event_ids` is a queryset of ids)."""
    return counted(Registration.objects.filter(among("event_id", event_ids)))


def attendances(event_ids: QuerySet) -> QuerySet[Attendance]:
    return Attendance.objects.filter(among("registration__event_id", event_ids))


def stream_views(event_ids: QuerySet) -> QuerySet[StreamViews]:
    return StreamViews.objects.filter(event_id__in=event_ids)


def feedback(event_ids: QuerySet) -> QuerySet[FeedbackResponse]:
    return FeedbackResponse.objects.filter(event_id__in=event_ids)


def materials(event_ids: QuerySet) -> QuerySet[Material]:
    return Material.objects.filter(event_id__in=event_ids, published=True)


def contests(
    event_ids: QuerySet,
    scope: Scope | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Contest]:
    """The contests of the report: those held under its events and, with `scope` and the
    period, the ones the scope's organisations ran without an event (selections, pupils'
    competitions), each counted in the period its call for works opened (without that date,
    when it was created). Drafts are left out: nobody could take part in them yet."""
    held_under = Q(event_id__in=event_ids)
    own = scope.own_contests_filter() if scope is not None else None
    if own is None:
        found = Contest.objects.filter(held_under)
    else:
        start, end = period_bounds(date_from, date_to)
        in_period = Q(opened_at__gte=start, opened_at__lt=end)
        found = Contest.objects.alias(
            opened_at=Coalesce("submission_opens_at", "created_at")
        ).filter(held_under | (Q(event__isnull=True) & own & in_period))
    return found.exclude(status=Contest.Status.DRAFT)


# The counts of a stage besides its works: what was decided, and who came in by an achievement
# (filters on EntryStage; the figure and the list of its works both use them).
STAGE_OUTCOMES = {
    "passed": Q(outcome=EntryStage.Outcome.PASSED),
    "not_passed": Q(outcome=EntryStage.Outcome.NOT_PASSED),
    "pending": Q(outcome=EntryStage.Outcome.PENDING),
    "by_achievement": Q(admission=EntryStage.Admission.ACHIEVEMENT),
}


def stage_entries(contest_ids) -> QuerySet[EntryStage]:
    """The works' passages through the stages of those contests, withdrawn works left out."""
    return EntryStage.objects.filter(stage__contest_id__in=contest_ids).exclude(
        entry__status=Entry.Status.WITHDRAWN
    )


def works(contest_ids) -> QuerySet[Entry]:
    """The works of the contests that count: everything submitted, withdrawn ones left out."""
    return Entry.objects.filter(contest_id__in=contest_ids).exclude(status=Entry.Status.WITHDRAWN)


WINNING_PLACES = (Entry.Place.FIRST, Entry.Place.SECOND, Entry.Place.THIRD)
