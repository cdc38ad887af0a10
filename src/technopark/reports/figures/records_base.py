"""What the page "records behind a figure" shows: the Records a list builder returns, and the
reading of a link's numeric filters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ..scope import ReportError


@dataclass
class Records:
    figure: str
    title: str
    columns: list[str]
    queryset: QuerySet
    cells: Callable[[object], list]
    personal: bool
    filters: list[str] = field(default_factory=list)  # human descriptions of the filters
    # A second, short list shown above (plan items) or below (stream views of the reach).
    extra_title: str = ""
    extra_columns: list[str] = field(default_factory=list)
    extra_rows: list[list] = field(default_factory=list)
    extra_total: int = 0
    # The figure itself when it is not the number of listed rows (a sum of stream views, the
    # reach, plan items plus unplanned events); None — the number of rows.
    total: int | None = None
    list_title: str = ""  # the heading of the main list when there is an extra one
    empty: str = ""  # what to say when the main list is empty


def int_param(params: dict, name: str) -> int | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ReportError(_("Неверная ссылка: «%(name)s» должно быть числом.") % {"name": name})
    return int(value)
