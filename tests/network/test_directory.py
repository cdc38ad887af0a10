import pytest
from django.urls import reverse

from technopark.network.models import Organisation, Region
from technopark.network.selectors import organisations_visible_to
from tests.factories import OrganisationFactory, Role, make_user

pytestmark = pytest.mark.django_db

URL = reverse("network:organisation_list")


@pytest.fixture
def network(samara, chernigovka, minsk_centre):
    """Two regions, several kinds; one closed centre."""
    return {
        "kvantum": OrganisationFactory(
            name="Мини-технопарк «Квантум»", kind="technopark", municipality=chernigovka
        ),
        "school": OrganisationFactory(
            name="ГБОУ СОШ № 2 с. Большая Черниговка", municipality=chernigovka
        ),
        "samara_school": OrganisationFactory(name="ГБОУ СОШ № 5 г.о. Самара", municipality=samara),
        "technoproryv": OrganisationFactory(
            name="Городской ресурсный центр «Детский технопарк «Технопрорыв»»",
            kind="resource_centre",
            municipality=minsk_centre,
        ),
        "closed": OrganisationFactory(
            name="Закрытый центр технического творчества",
            kind="creativity_centre",
            municipality=samara,
            is_active=False,
        ),
    }


def names(response) -> set[str]:
    return {org.name for org in response.context["page"]}


def test_guest_is_sent_to_login(client, network):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_teacher_sees_active_organisations_only(client, network, teacher):
    client.force_login(teacher)
    shown = names(client.get(URL))
    assert "Закрытый центр технического творчества" not in shown
    assert network["technoproryv"].name in shown
    assert organisations_visible_to(teacher).filter(pk=network["closed"].pk).count() == 0


def test_administrator_also_sees_closed_organisations(client, network, administrator):
    client.force_login(administrator)
    assert "Закрытый центр технического творчества" in names(client.get(URL))


def test_filter_by_region_keeps_minsk_apart_from_samara(client, network, teacher):
    client.force_login(teacher)
    minsk = Region.objects.get(name="г. Минск")
    assert names(client.get(URL, {"region": minsk.pk})) == {network["technoproryv"].name}


def test_filter_by_municipality_and_kind(client, network, teacher, chernigovka):
    client.force_login(teacher)
    response = client.get(URL, {"municipality": chernigovka.pk, "kind": "technopark"})
    assert names(response) == {"Мини-технопарк «Квантум»"}


def test_search_finds_cyrillic_words_in_any_letter_case(client, network, teacher):
    client.force_login(teacher)
    assert names(client.get(URL, {"q": "квантум"})) == {"Мини-технопарк «Квантум»"}
    assert names(client.get(URL, {"q": "технопрорыв ресурсный"})) == {network["technoproryv"].name}
    assert names(client.get(URL, {"q": "сош черниговка"})) == {network["school"].name}


def test_bad_filter_values_are_ignored_not_a_server_error(client, network, teacher):
    client.force_login(teacher)
    response = client.get(
        URL, {"region": "abc", "municipality": "999999", "kind": "circus", "page": "many"}
    )
    assert response.status_code == 200
    assert names(response) == set(
        Organisation.objects.filter(is_active=True).values_list("name", flat=True)
    )


def test_municipality_from_another_region_is_dropped(client, network, teacher, chernigovka):
    client.force_login(teacher)
    minsk = Region.objects.get(name="г. Минск")
    response = client.get(URL, {"region": minsk.pk, "municipality": chernigovka.pk})
    assert names(response) == {network["technoproryv"].name}


def test_htmx_request_gets_only_the_results_fragment(client, network, teacher):
    client.force_login(teacher)
    response = client.get(URL, {"q": "квантум"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="organisation-results"')
    assert "<html" not in body and "topbar" not in body
    assert "Мини-технопарк «Квантум»" in body
    assert 'hx-swap-oob="true"' in body
    assert "HX-Request" in response["Vary"]


def test_full_page_has_the_filters_and_the_same_fragment(client, network, teacher):
    client.force_login(teacher)
    body = client.get(URL, {"q": "квантум"}).content.decode()
    assert "<html" in body and 'hx-get="' in body and 'id="organisation-results"' in body
    assert "hx-swap-oob" not in body


def test_directory_is_paginated(client, teacher, samara):
    for n in range(35):
        OrganisationFactory(name=f"Школа № {n:02d}", municipality=samara)
    client.force_login(teacher)
    first = client.get(URL, {"municipality": samara.pk})
    second = client.get(URL, {"municipality": samara.pk, "page": 2})
    assert len(first.context["page"]) == 30
    assert len(second.context["page"]) == 5
    assert f"municipality={samara.pk}&amp;page=2" in first.content.decode()


def test_create_button_only_for_methodists_and_administrators(client, network):
    methodist = make_user(Role.METHODIST, organisation=network["school"])
    teacher = make_user(Role.TEACHER, organisation=network["school"])
    create_url = reverse("network:organisation_create")
    client.force_login(teacher)
    assert create_url not in client.get(URL).content.decode()
    client.force_login(methodist)
    assert create_url in client.get(URL).content.decode()


def test_municipality_reference_is_public_and_grouped_by_region(client, network):
    response = client.get(reverse("network:municipality_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Самарская область") < body.index("городской округ Тольятти")
    assert body.index("г. Минск") < body.index("Фрунзенский район г. Минска")
    regions = {r.name: r for r in response.context["regions"]}
    chernigovka = next(
        m
        for m in regions["Самарская область"].municipalities.all()
        if m.name == "муниципальный район Большечерниговский"
    )
    assert chernigovka.organisation_count == 2
    assert Organisation.objects.filter(municipality=chernigovka).count() == 2


def test_directory_speaks_english_when_asked(client, network, teacher):
    client.force_login(teacher)
    client.cookies["technopark_language"] = "en"
    body = client.get(URL, {"q": "квантум"}).content.decode()
    assert "Organisations found: 1" in body
    assert "technopark" in body  # the kind label, translated
    assert "Мини-технопарк «Квантум»" in body  # data stays as entered
