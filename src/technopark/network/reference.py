"""The shipped reference list of municipalities (network/data/municipalities.json).

Migration 0002 loads it into a new database; `ensure_municipalities` adds whatever is missing
later — the demo calls it, so it also works on a database whose tables were emptied (a test
that flushes between cases, an installation whose administrator removed a district)."""

import json
from pathlib import Path

from .models import Municipality, Region

DATA = Path(__file__).resolve().parent / "data" / "municipalities.json"


def ensure_municipalities() -> int:
    """Create the missing regions and municipalities of the list; return how many were added."""
    added = 0
    for entry in json.loads(DATA.read_text(encoding="utf-8")):
        region, _ = Region.objects.get_or_create(
            name=entry["region"],
            defaults={"country": entry["country"], "time_zone": entry["time_zone"]},
        )
        for item in entry["municipalities"]:
            _, created = Municipality.objects.get_or_create(
                region=region, name=item["name"], defaults={"kind": item["kind"]}
            )
            added += created
    return added
