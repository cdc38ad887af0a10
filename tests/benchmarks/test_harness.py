"""The benchmark harness: the data generator at a tiny scale, the load generator's maths and
bookkeeping against a throwaway local server. Speed is measured by benchmarks/run.py, never here."""

import socket
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from benchmarks import names
from benchmarks.dataset import Plan, build
from benchmarks.load import Request, percentile, run_load
from benchmarks.scenarios import SCENARIOS, Get, Scenario
from benchmarks.steps.network import bench_organisations, municipalities_in_use
from benchmarks.steps.people import bench_people
from technopark.accounts.models import Membership, Role
from technopark.core.models import AuditEntry
from technopark.network.models import Municipality
from tests.factories import make_user

TINY = Plan(people=150, organisations=25, municipalities=50, events=10, registrations=40, seed=7)


def quiet(_message: str) -> None:
    pass


@pytest.mark.django_db
def test_generator_builds_exactly_the_requested_counts():
    counts = build(TINY, log=quiet)

    assert counts["people"] == bench_people().count() == 150
    assert counts["organisations"] == bench_organisations().count() == 25
    # 46 shipped municipalities, then 4 invented districts to reach 50.
    assert counts["municipalities"] == 50
    assert counts["municipalities (invented)"] == 4
    assert Municipality.objects.count() == 50
    assert counts["memberships"] == Membership.objects.filter(user__in=bench_people()).count()
    assert counts["memberships"] >= 150  # everyone has a role, some teachers also judge


@pytest.mark.django_db
def test_rerunning_the_generator_skips_what_is_there_and_rebuilds_what_changed():
    build(TINY, log=quiet)
    organisation_ids = set(bench_organisations().values_list("id", flat=True))
    people_ids = set(bench_people().values_list("id", flat=True))

    messages = []
    build(TINY, log=messages.append)
    assert messages == [
        "municipalities: already there, skipped",
        "organisations: already there, skipped",
        "people: already there, skipped",
        "events: already there, skipped",
        "registrations: already there, skipped",
    ]
    assert set(bench_people().values_list("id", flat=True)) == people_ids

    counts = build(replace(TINY, people=90), log=quiet)
    assert counts["people"] == 90
    assert set(bench_organisations().values_list("id", flat=True)) == organisation_ids

    counts = build(TINY, fresh=True, log=quiet)
    assert counts["people"] == 150 and counts["organisations"] == 25
    assert not organisation_ids & set(bench_organisations().values_list("id", flat=True))


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_people():
    build(TINY, log=quiet)
    first = list(
        bench_people()
        .order_by("email")
        .values_list("email", "last_name", "first_name", "patronymic", "organisation__name")
    )
    build(TINY, fresh=True, log=quiet)
    second = list(
        bench_people()
        .order_by("email")
        .values_list("email", "last_name", "first_name", "patronymic", "organisation__name")
    )
    assert first == second


@pytest.mark.django_db
def test_generated_names_agree_in_gender():
    build(TINY, log=quiet)
    for first, patronymic in bench_people().values_list("first_name", "patronymic"):
        is_female = first in names.FEMALE_FIRST_NAMES
        assert patronymic.endswith(("вна", "чна")) == is_female, (first, patronymic)


def test_feminine_surnames_follow_russian_endings():
    assert [
        names.feminine_surname(s)
        for s in (
            "Иванов",
            "Соловьёв",
            "Ильин",
            "Островский",
            "Троицкий",
            "Толстой",
            "Черных",
            "Ким",
            "Ткаченко",
        )
    ] == [
        "Иванова",
        "Соловьёва",
        "Ильина",
        "Островская",
        "Троицкая",
        "Толстая",
        "Черных",
        "Ким",
        "Ткаченко",
    ]


@pytest.mark.django_db
def test_people_are_spread_over_organisations_and_municipalities_in_use():
    plan = Plan(people=400, organisations=60, municipalities=50, events=5, registrations=20, seed=3)
    build(plan, log=quiet)
    in_use = {m.pk for m in municipalities_in_use(plan)}
    people = bench_people()

    assert set(bench_organisations().values_list("municipality_id", flat=True)) <= in_use
    assert set(people.values_list("municipality_id", flat=True)) <= in_use
    assert people.values("organisation").distinct().count() > 20
    guardians = people.filter(memberships__role=Role.GUARDIAN)
    assert guardians.exists() and not guardians.exclude(organisation=None).exists()
    pupils = Membership.objects.filter(user__in=people, role=Role.PUPIL).count()
    teachers = Membership.objects.filter(user__in=people, role=Role.TEACHER).count()
    assert pupils > teachers > 0


@pytest.mark.django_db
def test_wiping_benchmark_data_leaves_other_people_and_writes_no_audit_entries():
    someone = make_user(Role.TEACHER, email="nastoyashchiy@example.ru")
    audit_entries = AuditEntry.objects.count()

    build(TINY, log=quiet)
    build(TINY, fresh=True, log=quiet)

    assert AuditEntry.objects.count() == audit_entries
    someone.refresh_from_db()
    assert someone.memberships.count() == 1


def test_percentiles_interpolate_between_closest_ranks():
    one_to_hundred = [float(n) for n in range(100, 0, -1)]  # order must not matter
    assert percentile(one_to_hundred, 50) == pytest.approx(50.5)
    assert percentile(one_to_hundred, 99) == pytest.approx(99.01)
    assert percentile([15, 20, 35, 40, 50], 50) == 35
    assert percentile([15, 20, 35, 40, 50], 99) == pytest.approx(49.6)
    assert percentile([15, 20, 35, 40, 50], 0) == 15
    assert percentile([15, 20, 35, 40, 50], 100) == 50
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 50) == 0.0
    with pytest.raises(ValueError):
        percentile([1.0], 101)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn answers

    def do_GET(self):  # noqa: N802 - the stdlib's naming
        body = b"ok"
        self.send_response(500 if self.path == "/broken" else 200)
        self.send_header("Content-Length", str(len(body)))
        if self.path == "/logout":
            self.send_header("Set-Cookie", "visit=; Max-Age=0; Path=/")
        else:
            self.send_header("Set-Cookie", "visit=1; Path=/")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_load_generator_counts_requests_and_errors(local_server):
    fine = run_load(
        Get("fine", "/a", "/b", description=""),
        local_server,
        concurrency=3,
        duration=10,
        max_requests=40,
    )
    assert (fine.requests, fine.errors, len(fine.latencies_ms)) == (40, 0, 40)

    broken = run_load(
        Get("broken", "/broken", description=""),
        local_server,
        concurrency=2,
        duration=10,
        max_requests=10,
    )
    assert (broken.requests, broken.errors) == (10, 10)
    assert broken.first_error == "GET /broken → 500"


def test_simulated_users_keep_their_cookies_until_the_server_deletes_them(local_server):
    seen = []
    paths = iter(["/", "/", "/logout", "/"])

    class Remembering(Scenario):
        name = "remembering"

        def request(self, client):
            seen.append(dict(client.cookies))
            return Request(next(paths))

    run_load(Remembering(), local_server, concurrency=1, duration=10, max_requests=4)
    assert seen == [{}, {"visit": "1"}, {"visit": "1"}, {}]


def test_a_server_that_is_not_there_counts_as_errors():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    result = run_load(SCENARIOS["healthz"], closed_port, concurrency=2, duration=10, max_requests=6)
    assert (result.requests, result.errors, result.latencies_ms) == (6, 6, [])
    assert result.first_error.startswith("ConnectionRefusedError")


def test_every_load_run_is_bounded(local_server):
    with pytest.raises(ValueError):
        run_load(SCENARIOS["home"], local_server, concurrency=1, duration=31)


def test_home_page_and_health_check_scenarios_are_registered():
    assert SCENARIOS["home"].request(None) == Request("/")
    assert SCENARIOS["healthz"].request(None) == Request("/healthz")
