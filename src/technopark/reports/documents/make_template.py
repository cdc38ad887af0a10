"""Write the default DOCX report template (docxtpl/Jinja placeholders) with python-docx.

Run after changing the wording: `.venv/bin/python -m technopark.reports.documents.make_template`
and commit the .docx it writes. Every tag sits in a run of its own, so Word never splits it;
`{%p … %}` and `{%tr … %}` tags sit alone in their paragraph / table row, as docxtpl requires.
The placeholders are listed in docs/guide/reports.ru.md."""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUTPUT = Path(__file__).resolve().parent.parent / "templates" / "reports" / "docx" / "default.docx"

PLURAL_EVENTS = '|plural("мероприятие", "мероприятия", "мероприятий")'
PLURAL_PEOPLE = '|plural("участник", "участника", "участников")'
PLURAL_VIEWS = '|plural("просмотр", "просмотра", "просмотров")'
PLURAL_PLACES = '|plural("муниципалитет", "муниципалитета", "муниципалитетов")'

TITLE = "Итоги деятельности {{ period_for }}"
SUBTITLE = (
    "{% if initiative %}{{ initiative.status_title|capfirst }}{% else %}{{ scope.title }}"
    "{% endif %}"
)
STATUS = (
    "В {{ year }} году учреждение работало в статусе «{{ initiative.status_title }}» по теме "
    "«{{ initiative.topic }}».{% if initiative.goal %} Цель работы — "
    "{{ initiative.goal|lowerfirst|sentence }}{% endif %}"
)
PLAN = (
    "По плану работы {{ period_for }} было организовано и проведено {{ events_held"
    + PLURAL_EVENTS
    + " }}{% if events_planned and events_planned != events_held %} (по плану — "
    "{{ events_planned }}){% endif %}."
)
TOTALS = (
    "Всего на мероприятиях зарегистрировано {{ registrations" + PLURAL_PEOPLE + " }}"
    "{% if unique_participants != registrations %} (разных людей — {{ unique_participants }})"
    "{% endif %}{% if stream_views %} + {{ stream_views" + PLURAL_VIEWS + " }} трансляций, "
    "общий охват — {{ reach }}{% endif %}.{% if municipalities %} Участники представляли "
    "{{ municipalities|length" + PLURAL_PLACES + " }}: {{ municipalities_text }}.{% endif %}"
)
EVENT = (
    "{{ event.date_text }} — {{ event.title|sentence }} Мероприятие прошло "
    "{{ event.format_phrase }}.{% if event.venue %} Очно — {{ event.venue }}.{% endif %}"
    "{% if event.platforms %} Дистанционно — на {{ event.platforms|length|plural('платформе', "
    "'платформах', 'платформах', with_number=False) }} {{ event.platforms_text }}.{% endif %}"
)
EVENT_FIGURES = (
    "Всего было зарегистрировано на мероприятие {{ event.registrations" + PLURAL_PEOPLE + " }}"
    "{% if event.stream_views %} + {{ event.stream_views" + PLURAL_VIEWS + " }} трансляции"
    "{% endif %}{% if event.municipalities %}; участники представляли {{ event.municipalities"
    + PLURAL_PLACES
    + " }}{% endif %}."
)
CONTEST = (
    "{{ contest.title|capfirst }}: {{ contest.submitted_text }}{% if contest.nominations %} в "
    '{{ contest.nominations|length|plural("номинации", "номинациях", "номинациях", '
    "with_number=False) }}: {{ contest.nominations_text }}{% endif %}."
)
FEEDBACK = (
    "По результатам анкетирования участников ({{ feedback.responses"
    '|plural("анкета", "анкеты", "анкет") }}{% if feedback.mean_rating is not none %}, средняя '
    "оценка — {{ feedback.mean_rating_text }} из 5{% endif %})"
    "{% if feedback.preferred %} наиболее востребованная форма проведения мероприятий — "
    "{{ feedback.preferred_text }}: её выбрали {{ feedback.preferred_share }} ответивших; "
    "{{ feedback.others_text }}{% else %} предпочтения по форме проведения не указаны{% endif %}."
)
GENERIC_CONCLUSION = (
    "Подводя итоги работы {{ period_for }}: проведено {{ events_held" + PLURAL_EVENTS + " }}, "
    "зарегистрировано {{ registrations" + PLURAL_PEOPLE + " }}, охват с учётом просмотров "
    "трансляций — {{ reach }}."
)
SUMMARY_ROWS = (
    ("Запланировано мероприятий", "{{ events_planned }}"),
    ("Проведено мероприятий", "{{ events_held }}"),
    ("Зарегистрировано участников", "{{ registrations }}"),
    ("Разных участников", "{{ unique_participants }}"),
    ("Присутствовали очно", "{{ attendance.in_person }}"),
    ("Присутствовали онлайн", "{{ attendance.online }}"),
    ("Просмотров трансляций", "{{ stream_views }}"),
    ("Охват (регистрации + просмотры)", "{{ reach }}"),
    ("Опубликовано материалов", "{{ materials }}"),
    ("Анкет обратной связи", "{{ feedback.responses }}"),
    ("Средняя оценка", "{{ feedback.mean_rating_text }}"),
)


def _base_style(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(2)


def _text(document, content: str, *, bold=False, italic=False, align=None, indent=True, style=None):
    paragraph = document.add_paragraph(style=style)
    run = paragraph.add_run(content)
    run.bold, run.italic = bold, italic
    if align is not None:
        paragraph.alignment = align
    elif style is None:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent and style is None and align is None:
        paragraph.paragraph_format.first_line_indent = Cm(1.25)
    return paragraph


def _tag(document, tag: str) -> None:
    document.add_paragraph().add_run(tag)


def _heading(document, content: str) -> None:
    _text(document, content, bold=True, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)


def _table(document, headers: list[str], loop: str | None, cells: list) -> None:
    """A table with a header row; with `loop` the one row of `cells` repeats once per item,
    without it `cells` is a list of fixed rows."""
    body = [["{%tr for " + loop + " %}"], cells, ["{%tr endfor %}"]] if loop else cells
    table = document.add_table(rows=1 + len(body), cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(header).bold = True
    for row, values in zip(table.rows[1:], body, strict=True):
        for cell, value in zip(row.cells, values, strict=False):
            cell.paragraphs[0].add_run(value)
    document.add_paragraph()


def build(path: Path = OUTPUT) -> Path:
    document = Document()
    _base_style(document)
    _text(document, TITLE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER).runs[0].font.size = Pt(15)
    _text(document, SUBTITLE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _tag(document, "{%p if initiative and initiative.organisation %}")
    _text(document, "{{ initiative.organisation }}", italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if initiative %}")
    _text(document, STATUS)
    _tag(document, "{%p endif %}")
    _text(document, PLAN)
    _text(document, TOTALS)

    _tag(document, "{%p for event in events %}")
    _text(document, EVENT)
    _tag(document, "{%p if event.registrations or event.stream_views %}")
    _text(document, EVENT_FIGURES)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if event.summary %}")
    _text(document, "{{ event.summary }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if event.recording_url %}")
    _text(document, "Запись мероприятия: {{ event.recording_url }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if event.questions %}")
    _text(document, "Участники вместе с методистами обсудили следующие вопросы:")
    _tag(document, "{%p for question in event.questions %}")
    _text(document, "{{ question }}", style="List Bullet")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")

    _tag(document, "{%p for contest in contests %}")
    _text(document, CONTEST)
    _tag(document, "{%p if contest.stages|length > 1 %}")
    _text(document, "{{ contest.stages_title }}:")
    _tag(document, "{%p for stage in contest.stages %}")
    _text(
        document,
        "{{ stage.position }}. {{ stage.title }} ({{ stage.details }}): {{ stage.summary }}.",
    )
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if contest.jury_feedback %}")
    _text(document, "{{ contest.jury_sentence }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if contest.results_published and contest.winners %}")
    _text(document, "Победители и призёры:")
    _tag(document, "{%p for winner in contest.winners %}")
    _text(
        document,
        "{{ winner.place_text }} — {{ winner.authors }}, «{{ winner.title }}»"
        "{% if winner.nomination %} (номинация «{{ winner.nomination }}»){% endif %}",
        style="List Bullet",
    )
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")

    _tag(document, "{%p if feedback.responses %}")
    _text(document, FEEDBACK)
    _tag(document, "{%p else %}")
    _text(document, "Анкеты обратной связи за этот период не собирались.")
    _tag(document, "{%p endif %}")

    _tag(document, "{%p if conclusion %}")
    _text(document, "{{ conclusion }}")
    _tag(document, "{%p else %}")
    _text(document, GENERIC_CONCLUSION)
    _tag(document, "{%p endif %}")

    document.add_page_break()
    _heading(document, "Приложение. Показатели {{ period_for }}")
    _table(document, ["Показатель", "Значение"], None, [list(row) for row in SUMMARY_ROWS])

    _heading(document, "Мероприятия")
    _table(
        document,
        ["Дата", "Мероприятие", "Форма", "Зарегистрировано", "Просмотров трансляции", "Были"],
        "event in events",
        [
            "{{ event.date_text }}",
            "{{ event.title }}",
            "{{ event.format }}",
            "{{ event.registrations }}",
            "{{ event.stream_views }}",
            "{{ event.attended }}",
        ],
    )
    _heading(document, "Участники по муниципалитетам")
    _table(
        document,
        ["Муниципалитет", "Участников"],
        "place in municipalities",
        ["{{ place.name }}", "{{ place.participants }}"],
    )
    _tag(document, "{%p for contest in contests %}")
    _heading(document, "Работы по номинациям: {{ contest.title }}")
    _table(
        document,
        ["Номинация", "Работ"],
        "nomination in contest.nominations",
        ["{{ nomination.name }}", "{{ nomination.works }}"],
    )
    _tag(document, "{%p endfor %}")

    _heading(document, "Диаграммы")
    for chart in ("events_by_month", "participants_by_municipality", "registrations_vs_views"):
        _text(document, "{{ charts." + chart + " }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _tag(document, "{%p if contests %}")
    _text(document, "{{ charts.works_by_nomination }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _tag(document, "{%p endif %}")

    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run("Отчёт сформирован {{ today }} по данным платформы «Технопарк»").font.size = Pt(
        9
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT))
