"""Named load scenarios. A later issue adds one by subclassing Scenario (or using Get) and
decorating it with @register; `run.py --scenarios name,…` then finds it.

A scenario answers three questions: what to look up once before the run (`prepare`, e.g.
the ids of published events), what each simulated user does once, untimed (`start`, e.g. log
in), and which request that user sends next (`request`, timed).
"""

from __future__ import annotations

import json
import random
import threading
import urllib.request

from benchmarks.load import HOST, Client, Request

SCENARIOS: dict[str, Scenario] = {}


class Scenario:
    name = ""
    description = ""

    def prepare(self, context: dict) -> None:
        """Once per run, before the load: `context` has "port" and "env" (the server's)."""

    def start(self, client: Client) -> None:
        """Once per simulated user, not timed."""

    def request(self, client: Client) -> Request:
        raise NotImplementedError


def register(scenario: Scenario) -> Scenario:
    if not scenario.name or scenario.name in SCENARIOS:
        raise ValueError(f"scenario name {scenario.name!r} is empty or taken")
    SCENARIOS[scenario.name] = scenario
    return scenario


class Get(Scenario):
    """GET one of a few paths, picked at random per request."""

    def __init__(self, name: str, *paths: str, description: str, expect: int = 200, seed: int = 0):
        self.name, self.paths, self.description, self.expect = name, paths, description, expect
        self.rng = random.Random(seed)

    def request(self, client: Client) -> Request:
        path = self.paths[0] if len(self.paths) == 1 else self.rng.choice(self.paths)
        return Request(path, expect=self.expect)


register(Get("home", "/", description="the public home page, anonymous visitor"))
register(
    Get(
        "healthz",
        "/healthz",
        description="the health check: one SELECT 1 (plus cache and broker in production)",
    )
)


# --- events (issue #3) -----------------------------------------------------------------------
# Paths and ids come from the harness's /__bench__/ URLs (benchmarks/harness/), which the
# gunicorn started by run.py serves next to the product.


def _bench_json(context: dict, path: str, method: str = "GET") -> dict:
    request = urllib.request.Request(
        f"http://{HOST}:{context['port']}{path}",
        method=method,
        data=b"" if method == "POST" else None,
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


class SampledGet(Scenario):
    """GET a random path of a list the harness returns under `key`."""

    def __init__(self, name: str, key: str, *, description: str):
        self.name, self.key, self.description = name, key, description
        self.paths: list[str] = []
        self.rng = random.Random(0)

    def prepare(self, context: dict) -> None:
        self.paths = _bench_json(context, "/__bench__/sample")[self.key]
        if not self.paths:
            raise RuntimeError("no public events: run the generator first (--generate)")

    def request(self, client: Client) -> Request:
        return Request(self.paths[self.rng.randrange(len(self.paths))])


class Register(Scenario):
    """POST a registration with a unique e-mail to a fresh hot event (unlimited seats)."""

    def __init__(self, name: str, path: str, *, description: str):
        self.name, self.path_template, self.description = name, path, description
        self.path = ""
        self.counter = 0
        self.lock = threading.Lock()
        self.run = ""

    def prepare(self, context: dict) -> None:
        event = _bench_json(context, "/__bench__/hot-event", method="POST")["id"]
        self.path = self.path_template.format(id=event)
        self.run = f"{random.randrange(16**6):06x}"

    def request(self, client: Client) -> Request:
        with self.lock:
            self.counter += 1
            n = self.counter
        body = {
            "full_name": "Иванова Мария Петровна",
            "email": f"hot.{self.run}.{n}@bench.technopark.test",
            "organisation": "ГБОУ СОШ № 1",
            "answers": {},
        }
        return Request(
            self.path,
            method="POST",
            body=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            expect=201,
        )


class ExportParticipants(Scenario):
    """An organiser downloads the XLSX of the 10,000-participant event."""

    name = "export_xlsx"
    description = "participants XLSX of the big event (10,000 rows at full scale), logged in"

    def prepare(self, context: dict) -> None:
        self.export = _bench_json(context, "/__bench__/sample")["export"]
        if not self.export or not self.export["user"]:
            raise RuntimeError("no big event or no administrator: run the generator first")

    def start(self, client: Client) -> None:
        status, _ = client.send(Request(f"/__bench__/login/{self.export['user']}"))
        if status != 200:
            raise RuntimeError(f"could not log in for the export: {status}")

    def request(self, client: Client) -> Request:
        return Request(self.export["path"])


register(
    SampledGet(
        "event_page",
        "event_pages",
        description="a public event page (published or held), 500 random events, anonymous",
    )
)
register(
    SampledGet(
        "calendar",
        "calendar",
        description="the public calendar: month view of random months, some with kind/format "
        "filters, and the list view; anonymous",
    )
)
register(
    Register(
        "register_api",
        "/api/v1/events/{id}/registrations",
        description="POST /api/v1/events/{id}/registrations to one hot event, unique e-mails "
        "(the product: lock, checks, duplicate check, answers, confirmation e-mail queued)",
    )
)
register(
    Register(
        "register_bare",
        "/__bench__/locked-insert/{id}",
        description="the yardstick: a bare Django view locking the event row and inserting "
        "one registration in one transaction",
    )
)
register(ExportParticipants())
