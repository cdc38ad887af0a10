"""Structured logs: in production every line is JSON carrying the request id and the user id."""

import io
import json
import logging
import logging.config
import os
import subprocess
import sys

import pytest
from django.conf import settings

from technopark.accounts.tokens import issue_token
from technopark.core.logging import RequestContextFilter

REQUEST_SCRIPT = """
import django
django.setup()
from django.test import Client
response = Client().get("/api/v1/me")
print(response.status_code, response["X-Request-ID"])
"""


def production_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="technopark.settings",
        VAR_DIR=str(tmp_path),
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        SECRET_KEY="x" * 60,
        **extra,
    )
    return env


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_production_profile_chooses_json_logs(tmp_path):
    env = production_env(tmp_path, DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from technopark import settings as s; "
            "print(s.LOG_FORMAT, s.LOGGING['handlers']['console']['formatter'])",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == ["json", "json"]


def test_a_request_logs_one_json_line_with_the_request_id_it_echoes(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", REQUEST_SCRIPT],
        env=production_env(tmp_path, LOG_FORMAT="json"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    status, request_id = result.stdout.split()
    assert status == "401"
    lines = json_lines(result.stderr)
    assert lines, f"no JSON log line in: {result.stderr!r}"
    (line,) = [line for line in lines if line["logger"] == "django.request"]
    assert line["level"] == "WARNING"
    assert line["message"] == "Unauthorized: /api/v1/me"
    assert line["request_id"] == request_id
    assert line["user_id"] is None
    assert "time" in line


@pytest.fixture
def json_log():
    """The production JSON formatter from settings.LOGGING, writing into a buffer."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(
        logging.config.DictConfigurator({}).configure_formatter(
            dict(settings.LOGGING["formatters"]["json"])
        )
    )
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.INFO)
    yield buffer
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.mark.django_db
def test_log_line_names_the_token_holder(client, teacher, json_log):
    _, raw = issue_token(teacher, name="логи")
    response = client.post(
        "/api/v1/organisations",
        {},
        content_type="application/json",
        HTTP_X_REQUEST_ID="req-from-nginx-42",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 403
    assert response["X-Request-ID"] == "req-from-nginx-42"
    (line,) = [
        entry for entry in json_lines(json_log.getvalue()) if entry["logger"] == "django.request"
    ]
    assert line["request_id"] == "req-from-nginx-42"
    assert line["user_id"] == teacher.pk


@pytest.mark.django_db
def test_log_line_written_inside_a_request_carries_its_ids(client, teacher, json_log):
    client.force_login(teacher)
    response = client.get("/api/v1/organisations/999999")
    assert response.status_code == 404
    entries = json_lines(json_log.getvalue())
    assert entries
    assert {(e["request_id"], e["user_id"]) for e in entries} == {
        (response["X-Request-ID"], teacher.pk)
    }
