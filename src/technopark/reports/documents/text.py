"""Russian wording shared by the DOCX, the PDF and the pages: plural forms, dates, shares.

Plural forms follow the Russian rule of Django's own Russian catalogue (one / few / many):
ngettext cannot be used on Russian source strings, which have no Russian catalogue and would
fall back to the English rule of two forms ("21 участников")."""

from __future__ import annotations

import datetime as dt

from django.utils.dates import MONTHS, MONTHS_ALT
from django.utils.formats import number_format
from django.utils.translation import override, trans_real

FORMAT_PHRASES = {
    "in_person": "в очной форме",
    "online": "в дистанционной форме",
    "hybrid": "в очно-заочной форме",
}
FORMAT_ADJECTIVES = {"in_person": "очная", "online": "дистанционная", "hybrid": "очно-заочная"}


def plural_index(number) -> int:
    """0 for 1, 21, 101 …; 1 for 2–4, 22–24 …; 2 for the rest (5–20, 0, 11–14 …)."""
    try:
        n = int(number)
    except (TypeError, ValueError):
        return 2
    return min(trans_real.translation("ru").plural(abs(n)), 2)


def plural(number, one: str, few: str, many: str, *, with_number: bool = True) -> str:
    """`plural(3, "мероприятие", "мероприятия", "мероприятий")` → "3 мероприятия"."""
    word = (one, few, many)[plural_index(number)]
    return f"{number} {word}" if with_number else word


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not value:
        return None
    return dt.date.fromisoformat(str(value)[:10])


def date_ru(value) -> str:
    """ "28 марта 2023 года"."""
    day = as_date(value)
    if day is None:
        return ""
    with override("ru"):
        return f"{day.day} {MONTHS_ALT[day.month]} {day.year} года"


def month_ru(value) -> str:
    """ "в марте" is hard to inflect; this gives "март 2023 года" for tables."""
    day = as_date(value)
    if day is None:
        return ""
    with override("ru"):
        return f"{MONTHS[day.month]} {day.year}"


def period_ru(period: dict) -> str:
    """ "2023 год" for a whole calendar year, otherwise "с 1 марта по 30 июня 2024 года"."""
    start, end = as_date(period.get("from")), as_date(period.get("to"))
    if start is None or end is None:
        return ""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"{start.year} год"
    return f"с {date_ru(start)} по {date_ru(end)}"


def period_for(period: dict) -> str:
    """ "за 2023 год" or "за период с 1 марта по 30 июня 2024 года"."""
    text = period_ru(period)
    if not text:
        return ""
    return f"за {text}" if text.endswith(" год") else f"за период {text}"


def share(value) -> str:
    """0.6 → "60 %" with a no-break space, as Russian typography wants."""
    if value is None:
        return "—"
    return f"{round(float(value) * 100)}\u00a0%"


def decimal(value, places: int = 1) -> str:
    """4.4 → "4,4" in Russian."""
    if value is None:
        return "—"
    with override("ru"):
        return number_format(round(float(value), places), places, use_l10n=True)


def lowerfirst(text: str) -> str:
    """ "Подобные конкурсы" → "подобные конкурсы", but "ЦДТ провёл" stays as it is."""
    text = (text or "").strip()
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def capfirst(text: str) -> str:
    text = str(text or "")
    return text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    """A full stop at the end unless the text already ends a sentence."""
    text = str(text or "").strip()
    return text if not text or text[-1] in ".!?…" else text + "."


def format_phrase(event: dict) -> str:
    code = event.get("format_code")
    if code in FORMAT_PHRASES:
        return FORMAT_PHRASES[code]
    return f"в форме: {event.get('format', '')}".strip()


def stage_details(stage: dict) -> str:
    """ "экспертная оценка жюри, закрыт"; just "идёт" for «Тестирование», whose title says it."""
    kind, status = stage.get("kind") or "", stage.get("status") or ""
    if not kind or kind.lower() in (stage.get("title") or "").lower():
        return status
    return f"{kind}, {status}"


FILTERS = {
    "plural": plural,
    "date_ru": date_ru,
    "month_ru": month_ru,
    "period_ru": period_ru,
    "share": share,
    "decimal": decimal,
    "lowerfirst": lowerfirst,
    "capfirst": capfirst,
    "sentence": sentence,
}
