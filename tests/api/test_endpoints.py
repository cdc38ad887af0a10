"""What the API answers when the request is right."""

import pytest

from technopark.network.models import Municipality, Organisation, Region
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_guest_lists_municipalities_of_one_region(client):
    minsk = Region.objects.get(name="г. Минск")
    response = client.get(f"/api/v1/municipalities?region={minsk.pk}")
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 9
    assert {m["region"]["name"] for m in body} == {"г. Минск"}
    first = Municipality.objects.filter(region=minsk).order_by("name").first()
    assert body[0] == {
        "id": first.pk,
        "name": first.name,
        "kind": first.kind,
        "kind_label": str(first.get_kind_display()),
        "region": {"id": minsk.pk, "name": "г. Минск"},
    }


def test_directory_filters_by_kind_municipality_region_and_words(
    client, teacher, bearer, samara_district
):
    headers = bearer(teacher)
    park = OrganisationFactory(
        name="Детский технопарк «Кванториум»", kind="technopark", municipality=samara_district
    )
    OrganisationFactory(name="ГБОУ СОШ № 3", municipality=samara_district)
    elsewhere = Municipality.objects.get(
        region__name="г. Минск", name="Фрунзенский район г. Минска"
    )
    OrganisationFactory(name="ГУО «Гимназия № 1»", municipality=elsewhere)

    def names(query):
        response = client.get(f"/api/v1/organisations?{query}", **headers)
        assert response.status_code == 200, response.content
        return sorted(item["name"] for item in response.json()["items"])

    assert names("kind=technopark") == [park.name]
    assert names(f"municipality={samara_district.pk}") == ["ГБОУ СОШ № 3", park.name]
    assert names(f"region={elsewhere.region_id}") == ["ГУО «Гимназия № 1»"]
    assert names("q=кванториум") == [park.name]
    assert names("q=кванториум&kind=school") == []


def test_directory_is_paginated(client, teacher, bearer, samara_district):
    for n in range(7):
        OrganisationFactory(name=f"ГБОУ ООШ № {n:02}", municipality=samara_district)
    query = f"municipality={samara_district.pk}&page_size=5"
    first = client.get(f"/api/v1/organisations?{query}", **bearer(teacher)).json()
    second = client.get(f"/api/v1/organisations?{query}&page=2", **bearer(teacher)).json()
    assert first["count"] == second["count"] == 7
    assert [i["name"] for i in first["items"]] == [f"ГБОУ ООШ № {n:02}" for n in range(5)]
    assert [i["name"] for i in second["items"]] == ["ГБОУ ООШ № 05", "ГБОУ ООШ № 06"]


def test_one_organisation_with_its_place(client, teacher, bearer, samara_district):
    parent = OrganisationFactory(name="ГБУ ДО «Центр творчества»", municipality=samara_district)
    school = OrganisationFactory(name="ГБОУ СОШ № 2", municipality=samara_district, parent=parent)
    response = client.get(f"/api/v1/organisations/{school.pk}", **bearer(teacher))
    assert response.status_code == 200
    body = response.json()
    assert body["parent"] == {"id": parent.pk, "name": parent.name}
    assert body["municipality"] == {"id": samara_district.pk, "name": samara_district.name}
    assert body["region"]["name"] == "Самарская область"
    assert body["kind_label"] == "школа"


def test_inactive_organisation_is_hidden_from_a_teacher_but_not_from_an_administrator(
    client, teacher, administrator, bearer
):
    closed = OrganisationFactory(name="Закрытая школа", is_active=False)
    assert client.get(f"/api/v1/organisations/{closed.pk}", **bearer(teacher)).status_code == 404
    assert (
        client.get(f"/api/v1/organisations/{closed.pk}", **bearer(administrator)).status_code == 200
    )


def test_administrator_adds_an_organisation_under_another(
    client, administrator, bearer, samara_district
):
    parent = OrganisationFactory(name="ГБУ ДО «Центр творчества»", municipality=samara_district)
    response = client.post(
        "/api/v1/organisations",
        {
            "name": "  Детский   технопарк «Кванториум» ",
            "short_name": "Кванториум",
            "kind": "technopark",
            "municipality": samara_district.pk,
            "parent": parent.pk,
            "email": "info@kvantorium.ru",
            "website": "https://kvantorium.ru",
            "is_partner": True,
        },
        content_type="application/json",
        **bearer(administrator),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    created = Organisation.objects.get(pk=body["id"])
    assert created.name == body["name"] == "Детский технопарк «Кванториум»"
    assert created.parent == parent
    assert body["parent"] == {"id": parent.pk, "name": parent.name}
    assert body["is_partner"] is True
