"""Documents: the jury protocol re-read with python-docx, the results table with openpyxl,
diplomas rendered by the background batch, and the reminders to judges."""

import datetime as dt
import io
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from technopark.contests.models import (
    AgeCategory,
    Assignment,
    Diploma,
    EntryAuthor,
    JuryMember,
    Score,
    Stage,
)
from technopark.contests.services.documents import (
    diploma_pdf,
    diploma_progress,
    protocol_docx,
    results_xlsx,
    start_diplomas,
)
from technopark.contests.services.results import assign_places, compute_stage_results
from technopark.contests.tasks.jury import remind_judges
from tests.contests.factories import make_contest, make_entry, make_judge
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots"


@pytest.fixture(autouse=True)
def fresh_cache():
    """Progress lives in the cache, which outlives each test's rolled-back database."""
    from django.core.cache import cache

    cache.clear()


def _sheet(stage, entry, judge, points):
    assignment = Assignment.objects.create(
        stage=stage, entry=entry, judge=judge, completed_at=timezone.now()
    )
    for criterion, value in zip(stage.criteria.order_by("position"), points, strict=True):
        Score.objects.create(assignment=assignment, criterion=criterion, points=Decimal(value))


@pytest.fixture
def judged():
    """Two nominations (the first split in two age categories), a jury of three, results."""
    contest = make_contest(
        title="Проектная педагогическая мастерская",
        organisation=OrganisationFactory(name="ГБОУ ДО «Региональный центр технопарков»"),
        award_rule={"first": 1, "second": 1, "third": 0, "laureate_min_score": 15},
    )
    stage = contest.stages.get()
    first, second = contest.nominations.all()
    young = AgeCategory.objects.create(contest=contest, name="до 30 лет", min_age=18, max_age=30)
    chair = make_judge(
        stage,
        role=JuryMember.Role.CHAIR,
        last_name="Соколова",
        first_name="Анна",
        patronymic="Петровна",
    )
    secretary = make_judge(
        stage, role=JuryMember.Role.SECRETARY, last_name="Волков", first_name="Игорь"
    )
    member = make_judge(stage, last_name="Белова", first_name="Мария")
    works = {
        "Урок робототехники": (first, young, [9, 9, 5]),  # 9 + 9 + 2.5 = 20.5
        '=HYPERLINK("http://x")': (first, young, [5, 5, 5]),  # 12.5
        "Программа «Юный инженер»": (first, None, [7, 6, 4]),  # 15
        "Цифровой кейс": (second, None, [10, 10, 5]),  # 22.5
    }
    entries = {}
    for title, (nomination, category, points) in works.items():
        entry = make_entry(contest, nomination=nomination, age_category=category, title=title)
        EntryAuthor.objects.create(entry=entry, role="mentor", full_name="Наставник Олег")
        for judge in (chair, secretary, member):
            _sheet(stage, entry, judge, points)
        entries[title] = entry
    Stage.objects.filter(pk=stage.pk).update(status=Stage.Status.CLOSED, closed_at=timezone.now())
    compute_stage_results(stage)
    assign_places(contest)
    return contest, entries


def test_protocol_reads_back_with_jury_tables_decision_and_signatures(judged):
    from docx import Document

    contest, entries = judged
    data = protocol_docx(contest)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "contest-protocol.docx").write_bytes(data)  # for a person to open and look at
    document = Document(io.BytesIO(data))
    text = [p.text for p in document.paragraphs]

    assert text[0] == "ГБОУ ДО «Региональный центр технопарков»"
    assert "ПРОТОКОЛ" in text and "заседания жюри" in text
    assert "Конкурс педагогического мастерства «Проектная педагогическая мастерская»" in text
    assert text[text.index("Состав жюри:") + 1].startswith(
        "Председатель жюри — Соколова Анна Петровна"
    )
    assert text[text.index("Состав жюри:") + 2].startswith("Секретарь — Волков Игорь")
    assert "Жюри рассмотрело работ: 4; номинаций: 2." in text
    assert "Председатель жюри ______________ / Соколова А. П. /" in text
    assert "Секретарь ______________ / Волков И. /" in text
    assert "Решение жюри:" in text
    assert "Итого работ: диплом I степени — 3; диплом II степени — 1." in text

    headings = [t for t in text if t.startswith("Номинация")]
    assert headings == [
        "Номинация «Методическая разработка»",
        "Номинация «Методическая разработка», возрастная категория «до 30 лет»",
        "Номинация «Программа»",
    ]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    assert tables[0][0] == ["Место", "№", "Работа", "Авторы", "Организация", "Балл", "Решение"]
    young = tables[1][1:]
    assert [(r[0], r[2], r[5], r[6]) for r in young] == [
        ("1", "Урок робототехники", "20,5", "диплом I степени"),
        ("2", '=HYPERLINK("http://x")', "12,5", "диплом II степени"),
    ]
    assert young[0][3].endswith("(рук. Наставник Олег)")
    assert [(r[0], r[5], r[6]) for r in tables[0][1:]] == [("1", "15", "диплом I степени")]
    assert [(r[0], r[5], r[6]) for r in tables[2][1:]] == [("1", "22,5", "диплом I степени")]


def test_results_table_reads_back_with_numbers_and_formula_safe_text(judged):
    from openpyxl import load_workbook

    contest, entries = judged
    sheet = load_workbook(io.BytesIO(results_xlsx(contest))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Номинация", "Возрастная категория", "Место в рейтинге")
    by_title = {r[4]: r for r in rows[1:]}
    assert len(by_title) == 4
    robot = by_title["Урок робототехники"]
    assert (robot[1], robot[2], robot[9], robot[11]) == ("до 30 лет", 1, 20.5, "диплом I степени")
    # A title that starts like a formula is stored as text with a leading apostrophe.
    assert '\'=HYPERLINK("http://x")' in by_title
    assert by_title['\'=HYPERLINK("http://x")'][9] == 12.5


def test_diploma_batch_issues_numbered_pdfs_with_progress(
    judged, administrator, django_capture_on_commit_callbacks
):
    contest, entries = judged
    with django_capture_on_commit_callbacks(execute=True):
        batch = start_diplomas(contest, user=administrator)

    progress = diploma_progress(contest)
    assert (progress["state"], progress["done"], progress["total"], progress["errors"]) == (
        "done",
        4,
        4,
        0,
    )
    assert progress["batch"] == batch
    diplomas = list(Diploma.objects.filter(contest=contest).order_by("number"))
    year = timezone.localdate().year
    assert [d.number for d in diplomas] == [f"Д-ГБОУ-{year}-{i:04d}" for i in range(1, 5)]
    robot = Diploma.objects.get(entry=entries["Урок робототехники"])
    assert (
        robot.place == "first"
        and robot.recipient == entries["Урок робототехники"].authors.get(role="author").full_name
    )
    pdf = diploma_pdf(robot)
    assert pdf.startswith(b"%PDF")

    # Once more after the organiser changed one place: the same numbers, the new place.
    entry = entries["Урок робототехники"]
    entry.place, entry.place_set_by_organiser = "laureate", True
    entry.save()
    with django_capture_on_commit_callbacks(execute=True):
        start_diplomas(contest, user=administrator)
    assert Diploma.objects.filter(contest=contest).count() == 4
    robot_again = Diploma.objects.get(entry=entry)
    assert (robot_again.number, robot_again.place) == (robot.number, "laureate")

    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf_path = SHOTS / "contest-diploma.pdf"
    pdf_path.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-singlefile",
            str(pdf_path),
            str(SHOTS / "contest-diploma"),
        ],
        check=True,
    )
    assert (SHOTS / "contest-diploma.png").stat().st_size > 10_000
    text = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "ДИПЛОМ" in text and "I степени" in text and robot.number in text
    assert robot.token in text.replace("\n", "")


def test_diplomas_are_refused_to_strangers_and_before_places(teacher, administrator):
    contest = make_contest()
    make_entry(contest)
    with pytest.raises(PermissionDenied):
        start_diplomas(contest, user=teacher)
    with pytest.raises(ValidationError, match="сначала присудите места"):
        start_diplomas(contest, user=administrator)
    assert diploma_progress(contest)["state"] == "idle"
    assert not Diploma.objects.exists()


def test_reminders_go_once_a_day_to_judges_with_unfinished_work_on_a_closing_stage():
    contest = make_contest(title="Мастерская")
    stage = contest.stages.get()
    today = timezone.localdate()
    Stage.objects.filter(pk=stage.pk).update(
        status=Stage.Status.OPEN, ends_on=today + dt.timedelta(days=2)
    )
    late, done = make_judge(stage), make_judge(stage)
    first, second = make_entry(contest), make_entry(contest)
    Assignment.objects.create(stage=stage, entry=first, judge=late)
    Assignment.objects.create(stage=stage, entry=second, judge=late)
    Assignment.objects.create(stage=stage, entry=first, judge=done, completed_at=timezone.now())

    assert remind_judges(days=3) == 1
    assert [m.to for m in mail.outbox] == [[late.email]]
    body = mail.outbox[0].body
    assert "Работ, ожидающих вашей оценки: 2." in body
    assert f"№ {first.number}" in body and f"№ {second.number}" in body
    assert remind_judges(days=3) == 0  # not twice a day
    assert remind_judges(days=1) == 0
