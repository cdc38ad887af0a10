"""The shipped reference list of event kinds (administrators may add more in the admin).

Migration 0002 loads it into a new database; `ensure_event_kinds` adds whatever is missing
later — the demo calls it, so it also works on a database whose tables were emptied."""

KINDS = [
    ("seminar", "семинар"),
    ("master_class", "мастер-класс"),
    ("round_table", "круглый стол"),
    ("conference", "конференция"),
    ("course", "обучающий курс"),
    ("meeting", "совещание"),
    ("consultation", "консультация"),
    ("methodical_association", "методическое объединение"),
    ("competition", "конкурс"),
    ("festival", "фестиваль"),
    ("exhibition", "выставка"),
    ("profile_camp", "профильный лагерь"),
    ("excursion", "экскурсия"),
    ("technical_weekend", "технический уик-энд"),
    ("interactive_site", "интерактивная площадка"),
    ("opening", "открытие"),
    ("closing", "закрытие"),
]


def ensure_event_kinds() -> int:
    """Create the missing kinds of the list; return how many were added."""
    from .models import EventKind

    added = 0
    for position, (code, name) in enumerate(KINDS):
        _, created = EventKind.objects.get_or_create(
            code=code, defaults={"name": name, "position": position}
        )
        added += created
    return added
