"""The API describes itself: every operation states who may call it."""

import pytest
from django.test import override_settings

from technopark.api import api
from technopark.core.api_auth import operation_rule

METHODS = {"get", "post", "put", "patch", "delete"}


def schema_operations(schema) -> list[tuple[str, str, dict]]:
    return [
        (path, method, op)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if method in METHODS
    ]


@pytest.mark.django_db
def test_every_operation_in_the_schema_states_its_permission(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    operations = schema_operations(response.json())
    assert len(operations) >= 5, "the schema lists too few operations to be the real API"
    missing = [f"{m.upper()} {p}" for p, m, op in operations if not op.get("x-permission")]
    assert missing == [], "operations without allow(rule): " + ", ".join(missing)
    for _path, _method, op in operations:
        assert op["x-permission-who"] in op["description"]
        assert "Кто может:" in op["description"]


def test_every_mounted_operation_uses_allow_even_when_hidden_from_the_schema():
    operations = [
        (path, op)
        for router in api._get_bound_routers()
        for path, view in router.path_operations.items()
        for op in view.operations
    ]
    assert operations
    missing = [f"{op.methods} {path}" for path, op in operations if operation_rule(op) is None]
    assert missing == []


def test_the_check_would_catch_an_operation_without_allow():
    from ninja import NinjaAPI

    careless = NinjaAPI(urls_namespace="careless")

    @careless.get("/forgotten")
    def forgotten(request):
        return {}

    schema = careless.get_openapi_schema(path_prefix="/x/")
    assert [op.get("x-permission") for _p, _m, op in schema_operations(schema)] == [None]


@pytest.mark.django_db
def test_schema_marks_public_operations_as_open_to_guests(client):
    schema = client.get("/api/v1/openapi.json").json()
    municipalities = schema["paths"]["/api/v1/municipalities"]["get"]
    assert municipalities["x-permission"] == "public"
    assert {} in municipalities["security"]
    me = schema["paths"]["/api/v1/me"]["get"]
    assert {} not in me["security"]
    assert {"BearerToken": []} in me["security"]
    assert set(schema["components"]["securitySchemes"]) == {"BearerToken", "SessionCookie"}


@pytest.mark.django_db
def test_schema_speaks_english_to_an_english_client(client):
    with override_settings(LANGUAGE_CODE="ru"):
        schema = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="en").json()
    me = schema["paths"]["/api/v1/me"]["get"]
    # Falls back to Russian until the English catalogue is compiled; never empty.
    assert me["x-permission-who"] in {"все вошедшие пользователи", "all signed-in users"}


@pytest.mark.django_db
def test_docs_page_loads_its_scripts_from_this_server_not_a_cdn(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
