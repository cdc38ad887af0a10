"""Named load scenarios. A later issue adds one by subclassing Scenario (or using Get) and
decorating it with @register; `run.py --scenarios name,…` then finds it.

A scenario answers three questions: what to look up once before the run (`prepare`, e.g.
the ids of published events), what each simulated user does once, untimed (`start`, e.g. log
in), and which request that user sends next (`request`, timed).
"""

from __future__ import annotations

import random

from benchmarks.load import Client, Request

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
