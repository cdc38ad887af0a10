"""Bad input gets a Russian JSON answer with field messages and changes nothing; never a 500."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from technopark.network.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

CHECK = "Проверьте данные запроса."


@pytest.fixture
def as_methodist(client, methodist, bearer):
    headers = bearer(methodist)

    def post(body, content_type="application/json"):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return client.post("/api/v1/organisations", data, content_type=content_type, **headers)

    return post


def test_empty_fields_are_named_with_human_messages(as_methodist, samara_district):
    response = as_methodist({"name": "", "kind": "spaceship", "municipality": "Самара"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": CHECK,
        "errors": {
            "name": ["Поле не может быть пустым."],
            "kind": [
                "Выберите одно из значений: creativity_centre, school, technopark, "
                "resource_centre, university, academy, business, ministry."
            ],
            "municipality": ["Нужно целое число."],
        },
    }
    assert Organisation.objects.count() == 1  # only the methodist's own


def test_missing_fields_are_each_reported(as_methodist):
    response = as_methodist({})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "name": ["Обязательное поле."],
        "kind": ["Обязательное поле."],
        "municipality": ["Обязательное поле."],
    }


def test_too_long_name_is_reported_with_the_limit(as_methodist, samara_district):
    response = as_methodist(
        {"name": "Ш" * 401, "kind": "school", "municipality": samara_district.pk}
    )
    assert response.json()["errors"] == {
        "name": ["Слишком длинно: допускается не больше 400 симв."]
    }


def test_unknown_municipality_is_a_field_error(as_methodist):
    response = as_methodist({"name": "ГБОУ СОШ № 1", "kind": "school", "municipality": 999999})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == CHECK
    assert body["errors"] == {
        "municipality": [
            "Муниципалитета «999999» нет в справочнике. Выберите муниципалитет из списка."
        ]
    }
    assert Organisation.objects.count() == 1  # only the methodist's own


def test_bad_email_from_the_service_comes_back_on_its_field(as_methodist, samara_district):
    response = as_methodist(
        {
            "name": "ГБОУ СОШ № 1",
            "kind": "school",
            "municipality": samara_district.pk,
            "email": "не-почта",
        }
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"email": ["Введите правильный адрес электронной почты."]}


def test_duplicate_name_in_a_municipality_is_reported_by_the_service(as_methodist, samara_district):
    OrganisationFactory(name="ГБОУ СОШ № 1", municipality=samara_district)
    response = as_methodist(
        {"name": "гбоу сош № 1", "kind": "school", "municipality": samara_district.pk}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["name"]
    assert Organisation.objects.filter(municipality=samara_district).count() == 1


def test_parent_outside_the_methodists_scope_is_refused(as_methodist, samara_district):
    foreign = OrganisationFactory(name="Чужой центр")
    response = as_methodist(
        {
            "name": "ГБОУ СОШ № 1",
            "kind": "school",
            "municipality": samara_district.pk,
            "parent": foreign.pk,
        }
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "parent": ["Выберите вышестоящую организацию из тех, которыми вы управляете."]
    }


def test_unknown_parent_is_reported(as_methodist, samara_district):
    response = as_methodist(
        {
            "name": "ГБОУ СОШ № 1",
            "kind": "school",
            "municipality": samara_district.pk,
            "parent": 987654,
        }
    )
    assert response.json()["errors"] == {"parent": ["Вышестоящая организация не найдена."]}


def test_malformed_json_is_a_clear_400(as_methodist):
    response = as_methodist('{"name": "ГБОУ",')
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Не удалось прочитать тело запроса: ожидается JSON "
        "(Content-Type: application/json)."
    }


def test_form_encoded_body_is_a_clear_400(as_methodist):
    response = as_methodist("name=x&kind=school", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_empty_body_asks_for_json(as_methodist):
    response = as_methodist("")
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "__all__": ["Передайте данные в теле запроса в формате JSON."]
    }


def test_json_that_is_not_an_object_is_refused(as_methodist):
    response = as_methodist([1, 2, 3])
    assert response.status_code == 422
    assert response.json()["errors"]["name"] == ["Обязательное поле."]


def test_unknown_organisation_is_a_json_404(client, teacher, bearer):
    response = client.get("/api/v1/organisations/424242", **bearer(teacher))
    assert response.status_code == 404
    assert response.json() == {"detail": "Не найдено: такого объекта нет."}


def test_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Такого адреса в API нет.")


def test_wrong_method_is_a_json_405(client, teacher, bearer):
    response = client.delete("/api/v1/organisations", **bearer(teacher))
    assert response.status_code == 405
    assert response.json()["detail"].startswith("Этот метод здесь не поддерживается. Можно: ")
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


@pytest.mark.parametrize(
    "query, errors",
    [
        ("page=0", {"page": ["Значение должно быть не меньше 1."]}),
        ("page=abc", {"page": ["Нужно целое число."]}),
        ("region=999999", {"region": ["Такого региона нет."]}),
        ("municipality=999999", {"municipality": ["Такого муниципалитета нет в справочнике."]}),
        (
            "kind=zoo",
            {
                "kind": [
                    "Выберите одно из значений: creativity_centre, school, technopark, "
                    "resource_centre, university, academy, business, ministry."
                ]
            },
        ),
    ],
)
def test_bad_filters_are_field_errors(client, teacher, bearer, query, errors):
    response = client.get(f"/api/v1/organisations?{query}", **bearer(teacher))
    assert response.status_code == 422
    assert response.json() == {"detail": CHECK, "errors": errors}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
fields = st.fixed_dictionaries(
    {},
    optional={
        "name": json_values,
        "kind": json_values,
        "municipality": json_values,
        "parent": json_values,
        "email": json_values,
        "website": json_values,
        "is_partner": json_values,
    },
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=fields | json_values)
def test_no_body_whatever_its_shape_causes_a_server_error(as_methodist, body):
    response = as_methodist(body)
    assert response.status_code in {201, 400, 422}, response.content
    if response.status_code != 201:
        assert response.json()["detail"]
