"""Ship the reference list of event kinds (administrators may add more)."""

from django.db import migrations

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


def load(apps, schema_editor):
    EventKind = apps.get_model("events", "EventKind")
    for position, (code, name) in enumerate(KINDS):
        EventKind.objects.get_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
