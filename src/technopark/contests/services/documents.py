"""Documents of a contest: the jury protocol (DOCX), the results table (XLSX) and diplomas
(PDF, issued in bulk by a background task whose progress the page polls; in diplomas.py and
re-exported here).

Figures come from what results.compute_stage_results stored on the contest's last ranked
stage, so every document shows the same ranking as the pages."""

from __future__ import annotations

import io
from collections import defaultdict

from django.utils import dateformat, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from technopark.core.exports import xlsx_bytes

from ..models import Contest, Entry, EntryAuthor, EntryStage, JuryMember, Stage
from .diplomas import diploma_pdf, diploma_progress, diplomas_zip, start_diplomas
from .places import final_stage

__all__ = [
    "diploma_pdf",
    "diploma_progress",
    "diplomas_zip",
    "jury_of",
    "protocol_docx",
    "ranking_groups",
    "results_xlsx",
    "start_diplomas",
]

ROLE_ORDER = {JuryMember.Role.CHAIR: 0, JuryMember.Role.SECRETARY: 1, JuryMember.Role.MEMBER: 2}


# --- what every document shows ------------------------------------------------------------


def ranking_groups(contest: Contest) -> list[dict]:
    """Per nomination and age category: entries of the last ranked stage in rank order, with
    authors, mentors, score and place; unranked entries last."""
    stage = final_stage(contest)
    entries = (
        Entry.objects.filter(contest=contest, status=Entry.Status.SUBMITTED)
        .select_related("nomination", "age_category", "organisation", "municipality")
        .prefetch_related("authors")
    )
    stage_rows = {}
    if stage is not None:
        stage_rows = {es.entry_id: es for es in EntryStage.objects.filter(stage=stage)}
    groups: dict[tuple, dict] = {}
    for entry in entries:
        es = stage_rows.get(entry.pk)
        authors = [a for a in entry.authors.all() if a.role == EntryAuthor.Role.AUTHOR]
        mentors = [a for a in entry.authors.all() if a.role == EntryAuthor.Role.MENTOR]
        key = (entry.nomination.position, entry.nomination_id, entry.age_category_id)
        group = groups.setdefault(
            key,
            {
                "nomination": entry.nomination,
                "age_category": entry.age_category,
                "rows": [],
                "order": entry.age_category.min_age if entry.age_category else -1,
            },
        )
        group["rows"].append(
            {
                "entry": entry,
                "rank": es.rank if es else None,
                "raw_score": es.raw_score if es else None,
                "normalised_score": es.normalised_score if es else None,
                "authors": ", ".join(a.full_name for a in authors) or entry.team_name,
                "mentors": ", ".join(a.full_name for a in mentors),
                "place": entry.get_place_display() if entry.place else "",
            }
        )
    ordered = sorted(groups.items(), key=lambda item: (item[0][0], item[0][1], item[1]["order"]))
    for _key, group in ordered:
        group["rows"].sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["entry"].number))
    return [group for _key, group in ordered]


def jury_of(stage: Stage | None) -> list[JuryMember]:
    """One seat per person (the highest role), chair first, then secretary, then members."""
    if stage is None:
        return []
    seats: dict[int, JuryMember] = {}
    for seat in stage.jury.select_related("user__organisation"):
        current = seats.get(seat.user_id)
        if current is None or ROLE_ORDER[seat.role] < ROLE_ORDER[current.role]:
            seats[seat.user_id] = seat
    return sorted(seats.values(), key=lambda s: (ROLE_ORDER[s.role], s.user.last_name))


def initials(user) -> str:
    """«Иванова А. П.» for the signature line."""
    letters = " ".join(f"{part[0]}." for part in (user.first_name, user.patronymic) if part)
    return f"{user.last_name} {letters}".strip()


def _date(value) -> str:
    with translation.override("ru"):
        return dateformat.format(value, "j E Y") + " г."


def protocol_date(contest: Contest):
    stage = final_stage(contest)
    moment = contest.results_published_at or (stage.closed_at if stage else None)
    return timezone.localdate(moment) if moment else timezone.localdate()


def _number(value: float | None) -> str:
    """20.5 → «20,5» (a Russian document uses the decimal comma); none → a dash."""
    if value is None:
        return "—"
    return f"{value:.3f}".rstrip("0").rstrip(".").replace(".", ",")


# Column widths of the ranking table: they add up to the text width of A4 with 30/15 mm margins.
TABLE_WIDTHS_MM = (12, 10, 45, 35, 30, 14, 19)


def _table(document, headers: list[str], rows: list[list[str]]) -> None:
    """A ranking table in 10 pt with fixed widths; its header repeats on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for values, bold in ((headers, True), *((row, False) for row in rows)):
        cells = table.rows[0].cells if bold else table.add_row().cells
        for cell, value, width in zip(cells, values, TABLE_WIDTHS_MM, strict=True):
            cell.width = Mm(width)
            run = cell.paragraphs[0].add_run(value)
            run.bold = bold
            run.font.size = Pt(10)


def _score(row: dict, contest: Contest):
    value = row["normalised_score"] if contest.normalise else row["raw_score"]
    return float(value) if value is not None else None


# --- the jury protocol ----------------------------------------------------------------------


# Official documents are Russian whatever language the organiser reads the site in.
@translation.override("ru")
def protocol_docx(contest: Contest) -> bytes:
    """Протокол заседания жюри: organiser, date, jury with chair and secretary, a ranking table
    per nomination and age category, the decision and the signatures block."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin = section.bottom_margin = Mm(20)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(12)
    normal.paragraph_format.space_after = Pt(3)

    def paragraph(text="", *, bold=False, align=None, size=None, italic=False):
        p = document.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        return p

    center = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(contest.organisation.name, bold=True, align=center)
    partners = [p.short_name or p.name for p in contest.partners.all()]
    if partners:
        paragraph(_("при участии: %(names)s") % {"names": ", ".join(partners)}, align=center)
    paragraph()
    paragraph(_("ПРОТОКОЛ"), bold=True, align=center, size=14)
    paragraph(_("заседания жюри"), bold=True, align=center)
    paragraph(capfirst(f"{contest.get_kind_display()} «{contest.title}»"), align=center)
    paragraph(_date(protocol_date(contest)), align=WD_ALIGN_PARAGRAPH.RIGHT)

    stage = final_stage(contest)
    seats = jury_of(stage)
    paragraph(_("Состав жюри:"), bold=True)
    for seat in seats:
        where = ", ".join(x for x in (seat.user.position, str(seat.user.organisation or "")) if x)
        line = f"{seat.get_role_display().capitalize()} — {seat.user.get_full_name()}"
        paragraph(f"{line}{', ' + where if where else ''}")
    if not seats:
        paragraph(_("Состав жюри не указан."), italic=True)

    groups = ranking_groups(contest)
    total = sum(len(g["rows"]) for g in groups)
    nominations = len({g["nomination"].pk for g in groups})
    paragraph()
    paragraph(_("Повестка дня:"), bold=True)
    paragraph(_("Подведение итогов и определение победителей и лауреатов."))
    paragraph(
        _("Жюри рассмотрело работ: %(works)s; номинаций: %(nominations)s.")
        % {"works": total, "nominations": nominations}
    )
    if contest.normalise:
        paragraph(
            _(
                "Оценки членов жюри выровнены: баллы каждого судьи приведены к единой шкале "
                "(z-оценки), рейтинг построен по выровненному баллу."
            ),
            italic=True,
        )

    headers = [_("Место"), _("№"), _("Работа"), _("Авторы"), _("Организация"), _("Балл")]
    headers.append(_("Решение"))
    for group in groups:
        title = _("Номинация «%(name)s»") % {"name": group["nomination"].name}
        if group["age_category"]:
            title += _(", возрастная категория «%(name)s»") % {"name": group["age_category"].name}
        paragraph()
        paragraph(title, bold=True)
        rows = []
        for row in group["rows"]:
            score = _score(row, contest)
            mentors = f" ({_('рук.')} {row['mentors']})" if row["mentors"] else ""
            rows.append(
                [
                    str(row["rank"] or "—"),
                    str(row["entry"].number),
                    row["entry"].title,
                    row["authors"] + mentors,
                    str(row["entry"].organisation or ""),
                    _number(score),
                    row["place"] or "—",
                ]
            )
        _table(document, headers, rows)

    paragraph()
    paragraph(_("Решение жюри:"), bold=True)
    for number, text in enumerate(
        (
            _("Утвердить рейтинг работ по номинациям и возрастным категориям (таблицы выше)."),
            _(
                "Присудить дипломы I, II, III степени и звание лауреата участникам согласно "
                "таблицам; остальным участникам вручить сертификаты участника."
            ),
        ),
        start=1,
    ):
        paragraph(f"{number}. {text}")
    summary = places_summary(contest)
    awarded = [
        f"{label} — {summary[value]}" for value, label in Entry.Place.choices if summary.get(value)
    ]
    if awarded:
        paragraph(_("Итого работ: %(list)s.") % {"list": "; ".join(awarded)})
    if contest.jury_feedback:
        paragraph(_("Отзыв жюри:"), bold=True)
        paragraph(contest.jury_feedback)

    paragraph()
    chair = next((s for s in seats if s.role == JuryMember.Role.CHAIR), None)
    secretary = next((s for s in seats if s.role == JuryMember.Role.SECRETARY), None)
    for label, seat in ((_("Председатель жюри"), chair), (_("Секретарь"), secretary)):
        name = initials(seat.user) if seat else " " * 20
        paragraph(f"{label} ______________ / {name} /")
        paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- the results table ----------------------------------------------------------------------


@translation.override("ru")
def results_xlsx(contest: Contest) -> bytes:
    """The ranking of every nomination and age category on one sheet (formula-safe)."""
    headers = [
        _("Номинация"),
        _("Возрастная категория"),
        _("Место в рейтинге"),
        _("№ работы"),
        _("Название работы"),
        _("Авторы"),
        _("Руководители"),
        _("Организация"),
        _("Муниципалитет"),
        _("Балл"),
        _("Выровненный балл"),
        _("Награда"),
    ]
    rows = []
    for group in ranking_groups(contest):
        for row in group["rows"]:
            entry = row["entry"]
            rows.append(
                [
                    group["nomination"].name,
                    group["age_category"].name if group["age_category"] else "",
                    row["rank"],
                    entry.number,
                    entry.title,
                    row["authors"],
                    row["mentors"],
                    str(entry.organisation or ""),
                    str(entry.municipality or ""),
                    # Decimals would be written as text: spreadsheets need numbers.
                    float(row["raw_score"]) if row["raw_score"] is not None else None,
                    float(row["normalised_score"]) if row["normalised_score"] is not None else None,
                    row["place"],
                ]
            )
    return xlsx_bytes(headers, rows, title=_("Итоги"))


def places_summary(contest: Contest) -> dict[str, int]:
    """How many works got each place (for the dashboard and the protocol)."""
    counts: dict[str, int] = defaultdict(int)
    for place in Entry.objects.filter(contest=contest, status=Entry.Status.SUBMITTED).values_list(
        "place", flat=True
    ):
        counts[place] += 1
    return dict(counts)
