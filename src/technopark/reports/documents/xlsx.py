"""The report as a workbook: one sheet per section, every text cell formula-safe.

Numbers stay numbers (so a methodist can sum and chart them), dates stay dates, shares are
percentages; text goes through technopark.core.exports.neutralise, so a title such as
"=HYPERLINK(…)" is shown, never run."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from technopark.core.exports import neutralise

from . import text

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
WRAP = Alignment(wrap_text=True, vertical="top")


def _cell(value):
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return text.as_date(value)
        except ValueError:
            pass
    return neutralise(value)


def _sheet(workbook, title: str, headers: list[str], rows, *, widths: list[int]):
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([neutralise(h) for h in headers])
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = WRAP
    for row in rows:
        sheet.append([_cell(value) for value in row])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.is_date:
                cell.number_format = "DD.MM.YYYY"
            elif isinstance(cell.value, str):
                cell.alignment = WRAP
    sheet.freeze_panes = "A2"
    return sheet


def _summary(workbook, report: dict) -> None:
    sheet = workbook.active
    sheet.title = _("Сводка")
    initiative = report.get("initiative") or {}
    sheet.append([neutralise(initiative.get("title") or report["scope"]["title"])])
    sheet["A1"].font = TITLE
    sheet.append([_("Период"), text.period_ru(report["period"])])
    if initiative:
        sheet.append([_("Организация"), neutralise(initiative.get("organisation"))])
        sheet.append([_("Статус"), neutralise(initiative.get("status_title"))])
    sheet.append([])
    sheet.append([_("Показатель"), _("Значение")])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    feedback = report.get("feedback") or {}
    figures = [
        (_("Запланировано мероприятий"), report["events_planned"]),
        (_("Проведено мероприятий"), report["events_held"]),
        (_("Зарегистрировано участников"), report["registrations"]),
        (_("Разных участников"), report["unique_participants"]),
        (_("Присутствовали очно"), report["attendance"]["in_person"]),
        (_("Присутствовали онлайн"), report["attendance"]["online"]),
        (_("Просмотров трансляций"), report["stream_views"]),
        (_("Охват (регистрации + просмотры)"), report["reach"]),
        (_("Муниципалитетов"), len(report.get("municipalities", []))),
        (_("Конкурсных работ"), sum(c["works"] for c in report.get("contests", []))),
        (_("Опубликовано материалов"), report.get("materials", 0)),
        (_("Анкет обратной связи"), feedback.get("responses", 0)),
        (_("Средняя оценка"), feedback.get("mean_rating")),
    ]
    for label, value in figures:
        sheet.append([label, neutralise(value) if value is not None else "—"])
    if report.get("conclusion"):
        sheet.append([])
        sheet.append([_("Выводы"), neutralise(report["conclusion"])])
        sheet.cell(sheet.max_row, 2).alignment = WRAP
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 80


def render_xlsx(report: dict) -> bytes:
    """Sheets: summary, plan, events, municipalities, roles, contests, feedback."""
    with override("ru"):
        workbook = Workbook()
        _summary(workbook, report)
        _sheet(
            workbook,
            _("План"),
            [_("Пункт плана"), _("Срок"), _("Вид"), _("Проведено")],
            (
                (
                    p["title"],
                    p["planned_for"],
                    p.get("kind") or "",
                    _("да") if p["held"] else _("нет"),
                )
                for p in report.get("plan", [])
            ),
            widths=[60, 12, 20, 12],
        )
        _sheet(
            workbook,
            _("Мероприятия"),
            [
                _("Дата"),
                _("Мероприятие"),
                _("Вид"),
                _("Форма"),
                _("Зарегистрировано"),
                _("Просмотров трансляции"),
                _("Присутствовали"),
                _("Очно"),
                _("Онлайн"),
                _("Место"),
                _("Платформы"),
                _("Муниципалитетов"),
                _("Анкет"),
                _("Запись"),
            ],  # fmt: skip
            (
                (
                    e["date"],
                    e["title"],
                    e.get("kind") or "",
                    e["format"],
                    e["registrations"],
                    e["stream_views"],
                    e["attended"],
                    e.get("attended_in_person", 0),
                    e.get("attended_online", 0),
                    e.get("venue") or "",
                    ", ".join(e.get("platforms") or []),
                    e.get("municipalities", 0),
                    e.get("feedback_responses", 0),
                    e.get("recording_url") or "",
                )  # fmt: skip
                for e in report.get("events", [])
            ),
            widths=[12, 50, 16, 18, 14, 14, 14, 8, 8, 30, 20, 14, 8, 30],
        )
        _sheet(
            workbook,
            _("Муниципалитеты"),
            [_("Муниципалитет"), _("Участников")],
            ((m["name"], m["participants"]) for m in report.get("municipalities", [])),
            widths=[40, 14],
        )
        roles = [(_("Роль"), r["role"], r["participants"]) for r in report.get("roles", [])]
        kinds = [
            (_("Тип организации"), k["kind"], k["participants"])
            for k in report.get("organisation_kinds", [])
        ]
        _sheet(
            workbook,
            _("Роли"),
            [_("Разрез"), _("Значение"), _("Участников")],
            roles + kinds,
            widths=[20, 44, 14],
        )
        _contests(workbook, report)
        _stages(workbook, report)
        _feedback(workbook, report)
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()


def _contests(workbook, report: dict) -> None:
    rows = []
    for contest in report.get("contests", []):
        rows.append((contest["title"], _("всего"), contest["works"], "", ""))
        rows += [(contest["title"], n["name"], n["works"], "", "") for n in contest["nominations"]]
        if contest.get("results_published"):
            rows += [
                (
                    contest["title"],
                    w.get("nomination") or "",
                    "",
                    w["place"],
                    f"{w['authors']}, «{w['title']}»",
                )  # fmt: skip
                for w in contest.get("winners", [])
            ]
    _sheet(
        workbook,
        _("Конкурсы"),
        [_("Конкурс"), _("Номинация"), _("Работ"), _("Место"), _("Победитель")],
        rows,
        widths=[50, 36, 10, 8, 44],
    )


def _stages(workbook, report: dict) -> None:
    rows = [
        (
            contest["title"],
            f"{stage['position']}. {stage['title']}",
            stage["kind"],
            stage["status"],
            stage["entries"],
            stage["passed"],
            stage["not_passed"],
            stage["pending"],
            stage["by_achievement"],
        )
        for contest in report.get("contests", [])
        for stage in contest.get("stages", [])
    ]
    _sheet(
        workbook,
        _("Этапы"),
        [_("Конкурс или отбор"), _("Этап"), _("Вид"), _("Состояние"), _("Работ на этапе"),
         _("Прошли дальше"), _("Не прошли"), _("Ждут решения"), _("По достижению")],
        rows,
        widths=[50, 36, 24, 12, 10, 10, 10, 10, 10],
    )  # fmt: skip


def _feedback(workbook, report: dict) -> None:
    feedback = report.get("feedback") or {}
    shares = feedback.get("preferred_format") or {}
    labels = {
        "in_person": _("очно"),
        "online": _("дистанционно"),
        "hybrid": _("очно-заочно (гибридно)"),
    }
    sheet = _sheet(
        workbook,
        _("Обратная связь"),
        [_("Показатель"), _("Значение")],
        [
            (_("Анкет"), feedback.get("responses", 0)),
            (_("Средняя оценка"), feedback.get("mean_rating")),
            *(
                (_("Предпочитают: %(format)s") % {"format": labels[code]}, shares.get(code) or 0)
                for code in labels
            ),  # fmt: skip
            (_("Наиболее востребованная форма"), labels.get(feedback.get("preferred"), "—")),
        ],
        widths=[40, 24],
    )
    for row in sheet.iter_rows(min_row=4, max_row=6, min_col=2, max_col=2):
        row[0].number_format = "0%"
