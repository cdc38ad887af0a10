"""Ship the reference list of event kinds (administrators may add more)."""

from django.db import migrations

from technopark.events.reference import KINDS


def load(apps, schema_editor):
    EventKind = apps.get_model("events", "EventKind")
    for position, (code, name) in enumerate(KINDS):
        EventKind.objects.get_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
