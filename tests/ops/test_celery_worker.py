"""A real Celery worker process takes a task from Redis and answers through Redis."""

import os
import signal
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from tests.factories import make_user

REDIS_URL = "redis://127.0.0.1:6379/13"
CELERY = Path(sys.executable).with_name("celery")


def redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), 1).close()
    except OSError:
        return False
    return True


pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not redis_is_up(), reason="Redis is not reachable on 127.0.0.1:6379"),
]


def worker_database_env(tmp_path) -> dict:
    """Point the worker at the database this test run uses, where a worker can reach it."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        url = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        return {"DATABASE_URL": url}
    # pytest's SQLite database lives in this process's memory: give the worker its own file.
    return {"SQLITE_PATH": str(tmp_path / "worker.sqlite3")}


@pytest.fixture
def worker(tmp_path):
    queue = f"tp-api-test-{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    env.update(
        DJANGO_SETTINGS_MODULE="technopark.settings",
        REDIS_URL=REDIS_URL,
        VAR_DIR=str(tmp_path),
        SECRET_KEY="worker-test-" + "x" * 50,
        LOG_FORMAT="text",
        **worker_database_env(tmp_path),
    )
    process = subprocess.Popen(
        [
            str(CELERY),
            "-A",
            "technopark",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield queue, process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def producer():
    """A client of the same broker and result backend, as the web server would be."""
    app = Celery("tp-api-test", broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
    yield app
    app.close()


@pytest.mark.django_db(transaction=True)
def test_worker_answers_ping_from_its_own_process_and_database(worker, producer):
    queue, process = worker
    shared_database = connection.vendor == "postgresql"
    kwargs = {}
    if shared_database:
        # Committed (transaction=True), so the worker's own connection can read it.
        kwargs["user_id"] = make_user(email="worker-sees-me@example.ru").pk
    echo = uuid.uuid4().hex
    result = producer.send_task(
        "technopark.core.tasks.ping", args=[echo], kwargs=kwargs, queue=queue
    )
    try:
        # Celery's eager mode guards joins with a process-wide flag that concurrent eager
        # tasks in other threads (the live-server tests) can leave set; this test is not
        # inside a task, so the guard does not apply here.
        answer = result.get(timeout=25, disable_sync_subtasks=False)
    except Exception as exc:
        process.terminate()
        output = process.communicate(timeout=10)[0]
        pytest.fail(f"the worker did not answer ({exc!r}); its output:\n{output}")
    assert answer["echo"] == echo
    assert answer["pid"] == process.pid
    assert answer["pid"] != os.getpid()
    assert answer["database"] == connection.vendor
    assert answer["database_ok"] is True
    if shared_database:
        # The worker read the row this test committed: it shares the test database.
        assert answer["user_email"] == "worker-sees-me@example.ru"
