"""The production profile passes Django's deployment checks, and deploy/ matches the code."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent
LONG_SECRET = "k7Qe9" * 12

PRODUCTION_ENV = {
    "DATABASE_URL": "postgres://technopark@127.0.0.1:1/technopark",  # never connected to
    "REDIS_URL": "redis://127.0.0.1:1/0",
    "SECRET_KEY": LONG_SECRET,
    "ALLOWED_HOSTS": "technopark.example.ru",
    "DEBUG": "off",
}


def clean_env(tmp_path, **extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "SQLITE_PATH", "SECRET_KEY"}
    }
    env.update(DJANGO_SETTINGS_MODULE="technopark.settings", VAR_DIR=str(tmp_path), **extra)
    return env


@pytest.mark.django_db
def test_deploy_check_is_clean_with_production_settings():
    with override_settings(
        DEBUG=False,
        SECRET_KEY=LONG_SECRET,
        SECURE_SSL_REDIRECT=True,
        SESSION_COOKIE_SECURE=True,
        CSRF_COOKIE_SECURE=True,
        SECURE_HSTS_SECONDS=31536000,
        ALLOWED_HOSTS=["technopark.example.ru"],
    ):
        call_command("check", "--deploy", fail_level="WARNING")


@pytest.mark.django_db
def test_deploy_check_does_fail_on_an_insecure_setting():
    from django.core.management.base import SystemCheckError

    with (
        override_settings(
            DEBUG=False,
            SECRET_KEY=LONG_SECRET,
            SECURE_SSL_REDIRECT=True,
            SESSION_COOKIE_SECURE=False,
            CSRF_COOKIE_SECURE=True,
            SECURE_HSTS_SECONDS=31536000,
        ),
        pytest.raises(SystemCheckError, match="W012"),
    ):
        call_command("check", "--deploy", fail_level="WARNING")


def test_production_profile_from_the_environment_passes_check_deploy(tmp_path):
    """The settings module itself, configured only by environment variables as on a server."""
    result = subprocess.run(
        [str(BIN / "technopark"), "check", "--deploy", "--fail-level", "WARNING"],
        env=clean_env(tmp_path, **PRODUCTION_ENV),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def settings_variables() -> set[str]:
    source = (ROOT / "src/technopark/settings.py").read_text()
    return set(
        re.findall(r'(?:os\.environ\.get|env_bool|env_list)\(\s*"([A-Z][A-Z0-9_]+)"', source)
    )


def test_env_example_documents_every_variable_the_settings_read():
    example = (DEPLOY / "technopark.env.example").read_text()
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    found = settings_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= found
    missing = sorted(found - documented)
    assert missing == [], f"add these to deploy/technopark.env.example: {missing}"
    # Each variable comes with a Russian comment right above it (or above its group).
    lines = example.splitlines()
    for number, line in enumerate(lines):
        if re.match(r"^[A-Z][A-Z0-9_]+=", line):
            above = [x for x in lines[max(0, number - 3) : number] if x.startswith("#")]
            assert above, f"no comment above {line}"


def test_nginx_serves_uploads_as_downloads_unless_images():
    conf = (DEPLOY / "nginx.conf").read_text()
    media = conf[conf.index("location /media/") :]
    media = media[: media.index("}")]
    assert "add_header Content-Disposition $technopark_media_disposition always;" in media
    assert "X-Content-Type-Options nosniff" in media
    mapping = conf[conf.index("map $uri $technopark_media_disposition") :]
    assert 'default                          "attachment";' in mapping
    assert "svg" not in mapping[: mapping.index("}")]
    for header in ("X-Forwarded-For $proxy_add_x_forwarded_for", "X-Forwarded-Proto $scheme"):
        assert header in conf


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed here")
def test_nginx_accepts_the_configuration(tmp_path):
    wrapper = tmp_path / "nginx.conf"
    wrapper.write_text(f"events {{}}\nhttp {{ include {DEPLOY / 'nginx.conf'}; }}\n")
    result = subprocess.run(["nginx", "-t", "-c", str(wrapper)], capture_output=True, text=True)
    # Certificates of the example domain do not exist here; everything else must parse.
    assert result.returncode == 0 or "technopark.example.ru" in result.stderr, result.stderr


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
@pytest.mark.parametrize("unit", ["technopark-web", "technopark-worker", "technopark-beat"])
def test_systemd_units_parse(unit):
    result = subprocess.run(
        ["systemd-analyze", "verify", str(DEPLOY / f"systemd/{unit}.service")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # Only complaints about /opt/technopark not being installed on this machine are expected.
    problems = [
        line
        for line in result.stderr.splitlines()
        if line.strip() and "/opt/technopark" not in line
    ]
    assert problems == []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.integration
def test_gunicorn_with_the_deploy_config_serves_health_and_logs_json(tmp_path):
    port = free_port()
    env = clean_env(
        tmp_path,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        SECRET_KEY=LONG_SECRET,
        STATIC_PLAIN="on",
    )
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py")],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline, response = time.monotonic() + 20, None
        while response is None and time.monotonic() < deadline:
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            except OSError:
                time.sleep(0.2)
        assert response is not None, "gunicorn did not start"
        assert response.status == 200
        assert json.loads(response.read()) == {"status": "ok", "database": "ok"}
        request_id = response.headers["X-Request-ID"]
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    access = [
        json.loads(line)
        for line in output.splitlines()
        if line.startswith("{") and '"gunicorn.access"' in line
    ]
    assert [(a["path"], a["status"], a["request_id"]) for a in access] == [
        ("/healthz", 200, request_id)
    ]
