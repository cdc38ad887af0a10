"""The report documents read like seed 000: the DOCX re-read with python-docx, the workbook with
openpyxl, the PDF drawn to PNG with pdftoppm; Russian plural forms; charts from one function."""

from __future__ import annotations

import io
import shutil
import subprocess

import openpyxl
import pytest
from docx import Document

from technopark.reports.documents import ReportTemplateError, render
from technopark.reports.documents.charts import CHARTS, chart_png, chart_svg
from technopark.reports.documents.text import plural
from tests.reports.sample_report import empty_report, sample_report

EVENTS = ("мероприятие", "мероприятия", "мероприятий")
PEOPLE = ("участник", "участника", "участников")


def docx_text(data: bytes) -> tuple[str, Document]:
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(paragraphs + cells), document


@pytest.mark.parametrize(
    ("number", "forms", "expected"),
    [
        (1, EVENTS, "1 мероприятие"),
        (3, EVENTS, "3 мероприятия"),
        (5, EVENTS, "5 мероприятий"),
        (11, EVENTS, "11 мероприятий"),
        (21, EVENTS, "21 мероприятие"),
        (0, EVENTS, "0 мероприятий"),
        (61, PEOPLE, "61 участник"),
        (52, PEOPLE, "52 участника"),
        (112, PEOPLE, "112 участников"),
        (113, PEOPLE, "113 участников"),
        (104, PEOPLE, "104 участника"),
    ],
)
def test_russian_plural_forms(number, forms, expected):
    assert plural(number, *forms) == expected


def test_docx_reads_like_seed_000_with_the_figures_and_plural_forms():
    text, document = docx_text(render(sample_report(), "docx"))

    assert "Итоги деятельности за 2023 год" in text
    assert "Областная стажёрская площадка по техническому направлению" in text
    assert "по теме «Использование ресурсов мини-технопарка «Квантум»" in text
    assert "По плану работы за 2023 год было организовано и проведено 3 мероприятия." in text
    assert "28 марта 2023 года — Открытие областной стажёрской площадки" in text
    assert "Мероприятие прошло в очно-заочной форме." in text
    assert "Дистанционно — на платформах jazz.sber.ru, ВКонтакте." in text
    assert (
        "Всего было зарегистрировано на мероприятие 61 участник + 40 просмотров трансляции; "
        "участники представляли 4 муниципалитета." in text
    )
    assert (
        "Всего было зарегистрировано на мероприятие 52 участника; участники представляли 3 " in text
    )
    assert "на конкурс было представлено 23 работы в номинациях: «Методическая разработка " in text
    assert "По отзыву членов жюри, подобные конкурсы направлены на стимулирование" in text
    # A selection: applications, then what each stage decided (a stage named after its kind
    # does not repeat the kind).
    assert "Отбор учащихся в профильную смену технопарка: на отбор было подано 36 заявок" in text
    assert "Этапы отбора:" in text
    assert (
        "1. Экспертиза проектов (экспертная оценка жюри, закрыт): 30 работ; прошли дальше — 21, "
        "не прошли — 9." in text
    )
    assert (
        "2. Тестирование (идёт): 27 работ (из них по достижению, без предыдущих этапов, — 6); "
        "ждут решения — 27." in text
    )
    assert "Этапы конкурса:" not in text  # a contest of one stage lists none
    assert "Участники вместе с методистами обсудили следующие вопросы:" in text
    assert "Где педагогу дополнительного образования получить подготовку" in text
    assert (
        "наиболее востребованная форма проведения мероприятий — очная: её выбрали 60\u00a0% "
        "ответивших; очно-заочная — 23\u00a0%, дистанционная — 17\u00a0%." in text
    )
    assert "30 анкет, средняя оценка — 4,4 из 5" in text
    assert "Основная цель — распространение опыта работы СП ЦДТ" in text
    # No Jinja left behind, four charts embedded.
    assert "{{" not in text and "{%" not in text
    assert len(document.inline_shapes) == 4


def test_docx_of_an_empty_period_is_honest_zeros_without_a_works_chart():
    text, document = docx_text(render(empty_report(), "docx"))

    assert "было организовано и проведено 0 мероприятий." in text
    assert "Всего на мероприятиях зарегистрировано 0 участников." in text
    assert "Анкеты обратной связи за этот период не собирались." in text
    assert len(document.inline_shapes) == 3


def test_a_single_event_and_participant_use_the_singular():
    report = sample_report(events_held=1, registrations=1, unique_participants=1)
    report["events"] = report["events"][:1]
    report["events"][0].update(registrations=1, stream_views=1, municipalities=1)
    text, _document = docx_text(render(report, "docx"))

    assert "было организовано и проведено 1 мероприятие (по плану — 3)." in text
    assert "зарегистрировано на мероприятие 1 участник + 1 просмотр трансляции; участники " in text
    assert "представляли 1 муниципалитет." in text


def test_every_chart_draws_svg_and_png_with_russian_labels_and_says_when_empty():
    report = sample_report()
    titles = {
        "events_by_month": "Мероприятия по месяцам и формам проведения",
        "participants_by_municipality": "Участники по муниципалитетам",
        "registrations_vs_views": "Регистрации и просмотры трансляции по мероприятиям",
        "works_by_nomination": "Конкурсные работы по номинациям",
    }
    assert set(CHARTS) == set(titles)
    for name, title in titles.items():
        svg = chart_svg(name, report)
        assert svg.startswith("<svg") and title in svg
        assert chart_png(name, report).startswith(b"\x89PNG")
        assert "Нет данных за выбранный период" in chart_svg(name, empty_report())
    assert "Большечерниговский район" in chart_svg("participants_by_municipality", report)
    assert "мар" in chart_svg("events_by_month", report)


# --- broken templates ---------------------------------------------------------------------


def docx_with(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (b"this is not a word document", "не является документом Word"),
        (b"PK\x03\x04broken zip", "не является документом Word"),
        (docx_with("Проведено: {{ events_hled }}"), "events_hled"),
        (docx_with("Итоги: {{ initiative.titel }}"), "titel"),
        (docx_with("{% if events_held %}без конца"), "ошибка в записи поля или условия"),
        (docx_with("Число: {{ events_held|plural }}"), "Шаблон DOCX не удалось заполнить"),
        (docx_with("{{ charts.pie_chart }}"), "pie_chart"),
    ],
    ids=[
        "not-a-zip",
        "broken-zip",
        "unknown-field",
        "unknown-attribute",
        "syntax",
        "filter",
        "unknown-chart",
    ],  # fmt: skip
)
def test_a_broken_template_gives_a_clear_russian_error(template, message):
    with pytest.raises(ReportTemplateError) as caught:
        render(sample_report(), "docx", template=template)
    assert message in " ".join(caught.value.messages)


def test_a_custom_template_from_the_setting_is_used(settings, tmp_path):
    path = tmp_path / "blank.docx"
    path.write_bytes(
        docx_with(
            "Бланк ЦДТ. Проведено {{ events_held|plural('мероприятие', 'мероприятия', "
            "'мероприятий') }}, охват {{ reach }}.",
            "{{ charts.participants_by_municipality }}",
        )
    )
    settings.REPORTS_DOCX_TEMPLATE = str(path)
    text, document = docx_text(render(sample_report(), "docx"))
    assert "Бланк ЦДТ. Проведено 3 мероприятия, охват 153." in text
    assert len(document.inline_shapes) == 1

    settings.REPORTS_DOCX_TEMPLATE = str(tmp_path / "missing.docx")
    with pytest.raises(ReportTemplateError, match="не найден"):
        render(sample_report(), "docx")


def test_an_unknown_format_is_refused_in_russian():
    with pytest.raises(ReportTemplateError, match="Неизвестный формат документа: odt"):
        render(sample_report(), "odt")


# --- XLSX and PDF ---------------------------------------------------------------------------


def test_xlsx_has_a_sheet_per_section_with_numbers_and_a_neutralised_title():
    report = sample_report()
    report["initiative"]["title"] = '=HYPERLINK("http://evil.example","нажми")'
    report["municipalities"][0]["name"] = "@SUM(A1:A9)"
    workbook = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))

    assert workbook.sheetnames == [
        "Сводка", "План", "Мероприятия", "Муниципалитеты", "Роли", "Конкурсы", "Этапы",
        "Обратная связь",
    ]  # fmt: skip
    summary = workbook["Сводка"]
    assert summary["A1"].value == "'" + report["initiative"]["title"]
    figures = {row[0]: row[1] for row in summary.iter_rows(min_row=6, values_only=True) if row[0]}
    assert figures["Проведено мероприятий"] == 3
    assert figures["Зарегистрировано участников"] == 113
    assert figures["Просмотров трансляций"] == 40
    assert figures["Конкурсных работ"] == 23 + 36
    events = list(workbook["Мероприятия"].iter_rows(min_row=2, values_only=True))
    assert [(e[0].date().isoformat(), e[4], e[5]) for e in events] == [
        ("2023-03-28", 61, 40), ("2023-10-26", 0, 0), ("2023-11-23", 52, 0),
    ]  # fmt: skip
    places = list(workbook["Муниципалитеты"].iter_rows(min_row=2, values_only=True))
    assert places[0] == ("'@SUM(A1:A9)", 41)
    contests = list(workbook["Конкурсы"].iter_rows(min_row=2, values_only=True))
    assert ("Методическая разработка занятия", 11) in [(r[1], r[2]) for r in contests]
    stages = list(workbook["Этапы"].iter_rows(min_row=2, values_only=True))
    assert [row[1:] for row in stages] == [
        ("1. Экспертиза проектов", "экспертная оценка жюри", "закрыт", 30, 21, 9, 0, 0),
        ("2. Тестирование", "тестирование", "идёт", 27, 0, 0, 27, 6),
    ]
    feedback = dict(workbook["Обратная связь"].iter_rows(min_row=2, values_only=True))
    assert feedback["Анкет"] == 30 and feedback["Предпочитают: очно"] == 0.6
    assert feedback["Наиболее востребованная форма"] == "очно"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_pdf_says_the_same_sentences_and_renders_to_png(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render(sample_report(), "pdf"))
    assert pdf.read_bytes().startswith(b"%PDF")

    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pages)

    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        flat = " ".join(text.split())
        assert "проведено 3 мероприятия." in flat
        assert "61 участник + 40 просмотров трансляции" in flat
        assert "Регистрации и просмотры трансляции по мероприятиям" in flat
        assert "на отбор было подано 36" in flat  # "заявок" may be hyphenated
        assert "2. Тестирование (идёт): 27 работ" in flat


def test_a_cached_chart_is_redrawn_when_a_figure_changes():
    report = sample_report()
    first = chart_svg("participants_by_municipality", report)
    assert chart_svg("participants_by_municipality", report) == first  # from the cache
    report["municipalities"][0]["participants"] = 987
    # The bar's label is a <text> element; "987" alone may occur in matplotlib's random ids.
    assert ">987</text>" in chart_svg("participants_by_municipality", report)
    assert ">987</text>" not in first
