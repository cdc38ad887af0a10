"""A bounded load generator: N simulated users on keep-alive connections to 127.0.0.1.

Threads and http.client are enough here: the server, not the client, is what is measured, and
the client's own cost (~0.1 ms per request) is small next to a Django page. On a small machine
the client shares the CPU with the server, so the figures are a floor, not a ceiling.
"""

from __future__ import annotations

import http.client
import http.cookies
import statistics
import threading
import time
from dataclasses import dataclass, field

HOST = "127.0.0.1"  # never anything else: this tool must not load someone else's server
MAX_DURATION = 30.0  # seconds; every run is bounded


@dataclass(frozen=True)
class Request:
    path: str
    method: str = "GET"
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    expect: int = 200  # any other status counts as an error


class Client:
    """One simulated user: one keep-alive connection and its cookies."""

    def __init__(self, port: int, *, timeout: float = 10.0):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.state: dict = {}  # for scenarios: a CSRF token, the event to register for …
        self._connection: http.client.HTTPConnection | None = None

    def send(self, request: Request) -> tuple[int, bytes]:
        """Send and read the whole answer; a GET is retried once on a fresh connection (the
        server may have closed an idle one), a POST never — it must not be sent twice."""
        try:
            return self._exchange(request)
        except (http.client.HTTPException, ConnectionError, TimeoutError):
            self.close()
            if request.method not in ("GET", "HEAD"):
                raise
        return self._exchange(request)

    def _exchange(self, request: Request) -> tuple[int, bytes]:
        if self._connection is None:
            self._connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        headers = {
            "Host": f"{HOST}:{self.port}",
            "User-Agent": "technopark-bench",
            **request.headers,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self._connection.request(request.method, request.path, body=request.body, headers=headers)
        response = self._connection.getresponse()
        body = response.read()
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in http.cookies.SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)  # the server deleted it (log-out)
                else:
                    self.cookies[name] = morsel.value
        if response.will_close:
            self.close()
        return response.status, body

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def percentile(values: list[float], pct: int) -> float:
    """The pct-th percentile, interpolating linearly between closest ranks (numpy's default)."""
    if not 0 <= pct <= 100:
        raise ValueError("pct must be between 0 and 100")
    if not values:
        return 0.0
    if len(values) == 1 or pct in (0, 100):
        return min(values) if pct == 0 else max(values)
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


@dataclass
class Result:
    scenario: str
    concurrency: int
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list, repr=False)
    first_error: str = ""
    client_cpu_seconds: float = 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def p(self, pct: int) -> float:
        return percentile(self.latencies_ms, pct)

    def as_dict(self) -> dict:
        return {
            "scenario": self.scenario,
            "concurrency": self.concurrency,
            "requests": self.requests,
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "rps": round(self.rps, 1),
            "p50_ms": round(self.p(50), 2),
            "p99_ms": round(self.p(99), 2),
            "client_cpu_seconds": round(self.client_cpu_seconds, 2),
            "first_error": self.first_error,
        }


def run_load(
    scenario,
    port: int,
    *,
    concurrency: int,
    duration: float,
    max_requests: int | None = None,
    warmup: float = 0.0,
) -> Result:
    """Drive `scenario` with `concurrency` clients for `duration` s (or `max_requests`)."""
    if not 0 < duration <= MAX_DURATION:
        raise ValueError(f"duration must be in (0, {MAX_DURATION:g}] seconds")
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    clients = [Client(port) for _ in range(concurrency)]
    for client in clients:
        scenario.start(client)  # untimed: logging in and the like
    if warmup:
        _drive(scenario, clients, Result(scenario.name, concurrency), warmup, None)
    result = Result(scenario.name, concurrency)
    try:
        _drive(scenario, clients, result, duration, max_requests)
    finally:
        for client in clients:
            client.close()
    return result


def _drive(scenario, clients, result: Result, duration: float, max_requests: int | None):
    lock = threading.Lock()
    remaining = max_requests if max_requests is not None else float("inf")
    started, cpu_started = time.perf_counter(), time.process_time()
    deadline = started + duration

    def work(client: Client) -> None:
        nonlocal remaining
        latencies, sent, errors, first_error = [], 0, 0, ""
        while time.perf_counter() < deadline:
            with lock:
                if remaining <= 0:
                    break
                remaining -= 1
            request = scenario.request(client)
            sent += 1
            began = time.perf_counter()
            try:
                status, _ = client.send(request)
            except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the run
                errors += 1
                first_error = first_error or f"{type(exc).__name__}: {exc}"
                continue
            latencies.append((time.perf_counter() - began) * 1000)
            if status != request.expect:
                errors += 1
                first_error = first_error or f"{request.method} {request.path} → {status}"
        with lock:
            result.latencies_ms.extend(latencies)
            result.requests += sent
            result.errors += errors
            result.first_error = result.first_error or first_error

    threads = [threading.Thread(target=work, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    # The load generator's own CPU time: on a small machine it competes with the server.
    result.client_cpu_seconds = time.process_time() - cpu_started
