"""Contests in the period report beyond those held under its events: a selection or a pupils'
competition that an organisation runs on its own belongs to the organisation's (and region's)
report of the period its call opened, with what each stage decided; every such figure links to
as many records."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from technopark.contests.models import Contest, Entry, EntryStage, Stage
from technopark.reports.builder import build_report
from technopark.reports.figures.records import records
from technopark.reports.scope import ReportError, Scope
from tests.contests.factories import make_contest, make_entry
from tests.factories import MunicipalityFactory, OrganisationFactory, RegionFactory, Role, make_user
from tests.reports.test_builder_data import PERIOD, at, make_period

pytestmark = pytest.mark.django_db

Outcome, Admission = EntryStage.Outcome, EntryStage.Admission


def own_contest(organisation, title: str, opens: dt.datetime | None, **fields) -> Contest:
    return make_contest(
        title=title,
        organisation=organisation,
        event=None,
        submission_opens_at=opens,
        status=fields.pop("status", Contest.Status.JUDGING),
        **fields,
    )


@pytest.fixture
def period():
    p = make_period()
    selection = own_contest(
        p.centre,
        "Отбор в профильную смену",
        at(dt.date(2024, 10, 1)),
        kind=Contest.Kind.SELECTION,
        nominations=("Робототехника", "Информатика"),
    )
    first = selection.stages.get()
    second = Stage.objects.create(contest=selection, position=2, title="Тестирование",
                                  kind=Stage.Kind.TEST)  # fmt: skip
    Stage.objects.create(contest=selection, position=3, title="Собеседование",
                         kind=Stage.Kind.INTERVIEW)  # fmt: skip
    robots, informatics = selection.nominations.order_by("position")
    # Stage 1: three pass, two do not, a withdrawn work (that had passed) counts nowhere.
    for nomination, outcome, status in [
        (robots, Outcome.PASSED, "submitted"),
        (robots, Outcome.PASSED, "submitted"),
        (informatics, Outcome.PASSED, "submitted"),
        (robots, Outcome.NOT_PASSED, "submitted"),
        (informatics, Outcome.NOT_PASSED, "submitted"),
        (informatics, Outcome.PASSED, "withdrawn"),
    ]:
        entry = make_entry(selection, nomination, status=status)
        EntryStage.objects.filter(entry=entry, stage=first).update(outcome=outcome)
        if outcome == Outcome.PASSED:
            EntryStage.objects.create(entry=entry, stage=second, admission=Admission.PREVIOUS_STAGE)
    # Two olympiad winners go straight to the test; one of them already passed it.
    for outcome in (Outcome.PENDING, Outcome.PASSED):
        entry = make_entry(selection, robots, achievement="winner")
        EntryStage.objects.filter(entry=entry).delete()
        EntryStage.objects.create(
            entry=entry, stage=second, admission=Admission.ACHIEVEMENT, outcome=outcome
        )

    branch_contest = own_contest(p.branch, "Конкурс филиала", at(dt.date(2024, 3, 1)))
    make_entry(branch_contest)
    undated = own_contest(p.centre, "Конкурс без даты приёма", None)
    Contest.objects.filter(pk=undated.pk).update(created_at=at(dt.date(2024, 5, 1)))
    own_contest(p.centre, "Конкурс прошлого года", at(dt.date(2023, 12, 31), hour=23))
    own_contest(p.centre, "Черновик конкурса", at(dt.date(2024, 6, 1)), status="draft")
    elsewhere = OrganisationFactory(municipality=MunicipalityFactory(region=RegionFactory()))
    own_contest(elsewhere, "Конкурс другого региона", at(dt.date(2024, 6, 1)))
    p.selection = selection
    return p


def titles(report) -> list[str]:
    return [c["title"] for c in report["contests"]]


def year(scope):
    return build_report(scope, date_from=PERIOD[0], date_to=PERIOD[1])


def test_an_organisation_reports_the_contests_it_ran_without_an_event(period):
    held_under_events = [c.title for c in period.contests]  # the contest of the initiative

    with_children = titles(year(Scope.organisation(period.centre, True)))
    # In the order they began: the day of the event held under, else the opening of the call,
    # else the creation.
    assert with_children == [
        "Конкурс филиала",  # call opened 1 March
        "Конкурс без даты приёма",  # created 1 May
        *held_under_events,  # under the event of 20 May
        "Отбор в профильную смену",  # call opened 1 October
    ]
    alone = titles(year(Scope.organisation(period.centre)))
    assert "Конкурс филиала" not in alone and "Отбор в профильную смену" in alone
    region = titles(year(Scope.region(period.region)))
    assert sorted(region) == sorted(with_children)
    for left_out in ("Конкурс прошлого года", "Черновик конкурса", "Конкурс другого региона"):
        assert left_out not in with_children + region

    # The initiative's report is about its events: a contest run on its own is not in it.
    assert titles(year(Scope.initiative(period.initiative))) == held_under_events


def test_each_stage_says_how_many_works_were_there_and_what_was_decided(period):
    report = year(Scope.organisation(period.centre))
    (selection,) = [c for c in report["contests"] if c["id"] == period.selection.pk]

    assert selection["kind_code"] == "selection" and selection["kind"] == "отбор"
    assert selection["event_id"] is None and selection["submission_opens"] == "2024-10-01"
    counted = Entry.objects.filter(contest=period.selection).exclude(status="withdrawn")
    assert selection["works"] == counted.count() == 7
    assert [(n["name"], n["works"]) for n in selection["nominations"]] == [
        ("Робототехника", 5), ("Информатика", 2),
    ]  # fmt: skip
    figures = [
        (s["position"], s["kind_code"], s["entries"], s["passed"], s["not_passed"], s["pending"],
         s["by_achievement"])
        for s in selection["stages"]
    ]  # fmt: skip
    assert figures == [
        (1, "scored", 5, 3, 2, 0, 0),
        (2, "test", 5, 1, 0, 4, 2),
        (3, "interview", 0, 0, 0, 0, 0),
    ]
    # Independently: the stage rows as stored, withdrawn works left out.
    for stage in selection["stages"]:
        rows = EntryStage.objects.filter(stage_id=stage["stage_id"]).exclude(
            entry__status="withdrawn"
        )
        assert stage["entries"] == rows.count()
        assert stage["passed"] == rows.filter(outcome="passed").count()
        assert stage["by_achievement"] == rows.filter(admission="achievement").count()


def test_every_stage_figure_lists_as_many_records(period):
    scope = Scope.organisation(period.centre, True)
    report = year(scope)
    for contest in report["contests"]:
        params = {"contest": str(contest["id"])}
        assert records(scope, *PERIOD, "works", params).queryset.count() == contest["works"]
        for stage in contest["stages"]:
            params = {"contest": str(contest["id"]), "stage": str(stage["stage_id"])}
            found = records(scope, *PERIOD, "stage", params)
            assert found.queryset.count() == stage["entries"]
            for outcome in ("passed", "not_passed", "pending", "by_achievement"):
                found = records(scope, *PERIOD, "stage", {**params, "outcome": outcome})
                assert found.queryset.count() == stage[outcome], (stage["title"], outcome)
    total = sum(c["works"] for c in report["contests"])
    assert records(scope, *PERIOD, "works", {}).queryset.count() == total


def test_a_stage_outside_the_report_or_an_unknown_decision_is_refused(period):
    scope = Scope.organisation(period.branch)
    stage = period.selection.stages.first()  # the centre's selection, not the branch's
    with pytest.raises(ReportError, match="Такого этапа в этом отчёте нет"):
        records(scope, *PERIOD, "stage", {"stage": str(stage.pk)})
    with pytest.raises(ReportError, match="Неизвестное решение по этапу «maybe»"):
        records(Scope.organisation(period.centre), *PERIOD, "stage", {"outcome": "maybe"})


def test_the_page_links_each_stage_figure_to_its_records(client, period):
    methodist = make_user(Role.METHODIST, organisation=period.centre)
    client.force_login(methodist)
    query = {"scope": f"organisation:{period.centre.pk}", "date_from": "2024-01-01",
             "date_to": "2024-12-31"}  # fmt: skip
    html = client.get("/reports/", query).content.decode()
    block = html.split(f'id="report-contest-{period.selection.pk}"', 1)[1].split("</table>")
    stages = block[1]  # the nominations table first, then the stages
    assert "Тестирование" in stages and "Прошли дальше" in stages
    for link in re.findall(r'href="([^"]+figure=stage[^"]+)"', stages):
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, link
