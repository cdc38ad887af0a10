"""`technopark report`: the demo report of seed 000 and clear Russian errors on bad input."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from technopark.contests.models import Contest
from technopark.events.models import Format

pytestmark = pytest.mark.django_db


def run(*args) -> dict:
    out = StringIO()
    call_command("report", *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


@pytest.fixture
def demo(db):
    call_command("demo", stdout=StringIO())


def test_demo_report_of_osp_2023_carries_the_figures_of_seed_000(demo):
    report = run("--initiative", "osp-2023", "--format", "json")

    assert report["initiative"]["slug"] == "osp-2023"
    assert report["initiative"]["year"] == 2023
    assert "мини-технопарка «Квантум»" in report["initiative"]["topic"]
    assert report["period"] == {"from": "2023-01-01", "to": "2023-12-31"}
    assert report["events_planned"] == 3
    assert report["events_held"] == 3
    assert [item["held"] for item in report["plan"]] == [True, True, True]

    events = {event["kind_code"]: event for event in report["events"]}
    assert len(report["events"]) == 3
    opening = events["opening"]
    assert opening["date"] == "2023-03-28"
    assert opening["format_code"] == Format.HYBRID
    assert opening["format"] == "очно-заочно (гибридно)"
    assert opening["registrations"] == 61
    assert opening["stream_views"] == 40
    assert opening["attended_in_person"] == 40 and opening["attended_online"] == 18
    assert opening["attended"] == 58
    assert "jazz.sber.ru" in opening["platforms"]
    round_table = events["round_table"]
    assert round_table["date"] == "2023-11-23"
    assert round_table["registrations"] == 52
    assert round_table["stream_views"] == 0
    assert len(round_table["questions"]) == 5

    assert report["registrations"] == 61 + 52 + events["competition"]["registrations"]
    assert report["stream_views"] == 40
    # The recording and presentations of the opening, the reports of the round table.
    assert report["materials"] == 4
    assert report["reach"] == report["registrations"] + 40
    assert 0 < report["unique_participants"] <= report["registrations"]
    assert sum(m["participants"] for m in report["municipalities"]) == report["registrations"]
    assert len(report["municipalities"]) > 3

    feedback = report["feedback"]
    assert feedback["responses"] == 30
    assert feedback["preferred"] == "in_person"
    assert feedback["preferred_format"]["in_person"] == pytest.approx(0.6)
    assert sum(feedback["preferred_format"].values()) == pytest.approx(1.0, abs=0.001)
    assert report["conclusion"].startswith("По плану работы ОСП")

    if not Contest.objects.filter(event_id=events["competition"]["id"]).exists():
        pytest.skip(
            "The demo contest of seed 000 (src/technopark/demo/contests.py, 23 works) has not "
            "landed yet: the contest figures cannot be checked against the demo."
        )
    (contest,) = report["contests"]
    assert contest["works"] == 23
    assert sum(n["works"] for n in contest["nominations"]) == 23
    assert len(contest["nominations"]) >= 2


def test_json_goes_to_a_file_with_o(demo, tmp_path):
    target = tmp_path / "osp.json"
    err = StringIO()
    call_command(
        "report", "--initiative", "osp-2023", "-o", str(target), stdout=StringIO(), stderr=err
    )
    assert json.loads(target.read_text(encoding="utf-8"))["events_held"] == 3
    assert str(target) in err.getvalue()


def test_a_period_narrows_the_report(demo):
    report = run("--initiative", "osp-2023", "--from", "2023-11-01", "--to", "2023-11-30")
    assert report["events_held"] == 1
    assert [e["registrations"] for e in report["events"]] == [52]
    assert report["events_planned"] == 1  # only the round table was due in November
    assert report["stream_views"] == 0


def test_a_period_without_events_gives_honest_zeros(demo):
    report = run("--initiative", "osp-2023", "--from", "2023-05-01", "--to", "2023-05-31")
    assert report["events_planned"] == 0
    assert report["events_held"] == 0
    assert report["registrations"] == report["stream_views"] == report["reach"] == 0
    assert report["unique_participants"] == 0
    assert report["events"] == [] and report["contests"] == [] and report["municipalities"] == []
    assert report["feedback"]["responses"] == 0
    assert report["feedback"]["mean_rating"] is None
    assert report["feedback"]["preferred"] is None


def test_region_and_organisation_reports(demo):
    from technopark.events.models import Initiative

    initiative = Initiative.objects.get(slug="osp-2023")
    region = run("--region", "самарская область", "--from", "2023-01-01", "--to", "2023-12-31")
    assert region["scope"]["kind"] == "region"
    assert region["events_held"] >= 3
    organisation = run(
        "--organisation",
        str(initiative.organisation_id),
        "--with-children",
        "--from",
        "2023-01-01",
        "--to",
        "2023-12-31",
    )
    assert organisation["scope"]["kind"] == "organisation"
    assert organisation["events_held"] == 3
    assert organisation["registrations"] == region["registrations"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--initiative", "net-takogo"), "Проект «net-takogo» не найден"),
        (("--initiative", "osp-2023", "--from", "2023-12-01", "--to", "2023-01-01"), "позже"),
        (("--initiative", "osp-2023", "--from", "2023-13-45"), "ГГГГ-ММ-ДД"),
        (("--initiative", "osp-2023", "--to", "вчера"), "не распознана"),
        (("--initiative", "osp-2023", "--format", "odt"), "Неизвестный формат"),
        (("--format", "json"), "Укажите ровно одно"),
        (("--organisation", "999999"), "не найдена"),
        (("--organisation", "abc"), "не найдена"),
        (("--region", "Атлантида"), "Регион «Атлантида» не найден"),
        (("--initiative", "osp-2023", "--with-children"), "только к --organisation"),
        (("--initiative", "osp-2023", "--bogus"), "Неверные параметры"),
    ],
)
def test_bad_input_is_a_russian_command_error(demo, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_cli_exit_code_and_no_traceback(demo, capsys):
    """From the command line a bad slug ends with exit code 1 and one Russian line."""
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["technopark", "report", "--initiative", "net-takogo"]).execute()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "Проект «net-takogo» не найден" in err
    assert "Traceback" not in err
