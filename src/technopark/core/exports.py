"""Spreadsheet exports that are safe to open: one writer for XLSX and CSV, shared by every app.

A cell whose text starts with = + - @ (or a tab / carriage return that some programs skip
before reading a formula) is run as a formula by Excel and LibreOffice — "formula injection".
Such text gets a leading apostrophe, which spreadsheet programs show as plain text and which a
person reading the CSV recognises. Numbers and dates stay numbers and dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def neutralise(value):
    """Text that a spreadsheet would run as a formula becomes plain text; other values pass."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | dt.date | dt.datetime):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _plain(value):
    # openpyxl refuses time-zone-aware datetimes; people read local wall-clock time anyway.
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    return value


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Лист1") -> bytes:
    """One sheet with a bold header row; every cell neutralised; written in constant memory."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Лист1")
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=neutralise(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_plain(neutralise(value)) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 with a byte-order mark and semicolons: what Russian Excel opens without a wizard."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_text(neutralise(value)) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_text(value) -> str:
    value = _plain(value)
    if isinstance(value, bool):
        return _("да") if value else _("нет")
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)
