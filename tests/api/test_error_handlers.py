"""Errors no endpoint provokes on purpose yet still answer in JSON: conflicts, crashes."""

import json
import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from ninja.testing import TestClient

from technopark.api import TechnoparkAPI
from technopark.core import api_errors
from technopark.core.api_auth import allow
from technopark.core.permissions import rules


@pytest.fixture
def client_of_failing_api():
    api = TechnoparkAPI(urls_namespace="failing-api-test")
    api_errors.install(api)

    @api.get("/conflict", **allow(rules.public))
    def conflict(request):
        raise IntegrityError("duplicate key value violates unique constraint")

    @api.get("/crash", **allow(rules.public))
    def crash(request):
        raise RuntimeError("a bug")

    @api.get("/rule", **allow(rules.public))
    def broken_rule(request):
        raise ValidationError("Регистрация на мероприятие закрыта.")

    return TestClient(api)


def test_database_conflict_is_a_409(client_of_failing_api):
    response = client_of_failing_api.get("/conflict")
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Конфликт с уже сохранёнными данными")


def test_unexpected_error_is_a_json_500_with_the_request_id_and_is_logged(
    client_of_failing_api, caplog
):
    with caplog.at_level(logging.ERROR, logger="technopark.api"):
        response = client_of_failing_api.get("/crash")
    assert response.status_code == 500
    body = json.loads(response.content)
    assert body["detail"].startswith("Внутренняя ошибка сервера.")
    assert body["request_id"] in body["detail"]
    assert "a bug" not in response.content.decode()
    (record,) = caplog.records
    assert record.exc_info[0] is RuntimeError


def test_rule_broken_without_a_field_is_reported_under_all(client_of_failing_api):
    response = client_of_failing_api.get("/rule")
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Проверьте данные запроса.",
        "errors": {"__all__": ["Регистрация на мероприятие закрыта."]},
    }
