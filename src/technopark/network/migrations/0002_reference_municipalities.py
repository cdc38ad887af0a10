"""Ship the reference list of municipalities: Samara region (27 municipal districts and
10 city districts) and the 9 districts of Minsk. Re-running adds only what is missing."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "municipalities.json"


def load(apps, schema_editor):
    Region = apps.get_model("network", "Region")
    Municipality = apps.get_model("network", "Municipality")
    for entry in json.loads(DATA.read_text(encoding="utf-8")):
        region, _ = Region.objects.get_or_create(
            name=entry["region"],
            defaults={"country": entry["country"], "time_zone": entry["time_zone"]})
        for item in entry["municipalities"]:
            Municipality.objects.get_or_create(region=region, name=item["name"],
                                               defaults={"kind": item["kind"]})


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
