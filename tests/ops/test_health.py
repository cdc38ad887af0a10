"""/healthz: what a load balancer and monitoring ask before sending people to this server."""

import socket

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

CLOSED = "redis://127.0.0.1:1/0"  # nothing listens on port 1: a real "connection refused"


def redis_profile(url: str) -> override_settings:
    return override_settings(
        REDIS_URL=url,
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        },
        CELERY_BROKER_URL=url,
        CELERY_TASK_ALWAYS_EAGER=False,
    )


def redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), 1).close()
    except OSError:
        return False
    return True


def test_embedded_profile_reports_the_database(client):
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        CELERY_BROKER_URL="memory://",
        CELERY_TASK_ALWAYS_EAGER=True,
    ):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_production_profile_names_cache_and_broker_that_are_down(client):
    with redis_profile(CLOSED):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["database"] == "ok"
    assert body["down"] == ["cache", "broker"]
    assert body["cache"].startswith("error: ")
    assert body["broker"].startswith("error: ")


@pytest.mark.skipif(not redis_is_up(), reason="Redis is not reachable on 127.0.0.1:6379")
def test_production_profile_is_ok_when_redis_answers(client):
    with redis_profile("redis://127.0.0.1:6379/13"):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}


def test_health_is_not_redirected_to_https(client):
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert client.get("/healthz").status_code == 200
        assert client.get("/").status_code == 301
