import pytest
from django.urls import reverse

from technopark.network.models import Organisation
from tests.factories import OrganisationFactory, Role, make_user

pytestmark = pytest.mark.django_db


def detail(org):
    return reverse("network:organisation_detail", args=[org.pk])


def edit(org):
    return reverse("network:organisation_edit", args=[org.pk])


def form_data(org, **changes):
    data = {
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "municipality": org.municipality_id,
        "parent": org.parent_id or "",
        "address": org.address,
        "website": org.website,
        "email": org.email,
        "phone": org.phone,
        "is_active": "on" if org.is_active else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_detail_shows_role_numbers_not_names(client, centre, teacher):
    for _ in range(3):
        make_user(Role.TEACHER, organisation=centre)
    methodist = make_user(Role.METHODIST, organisation=centre, last_name="Иванова")
    make_user(Role.TEACHER, organisation=centre, is_active=False)
    client.force_login(teacher)

    response = client.get(detail(centre))

    assert response.context["role_counts"] == [("методист", 1), ("педагог", 3)]
    body = response.content.decode()
    assert "<td>Педагог</td><td>3</td>" in body
    assert methodist.last_name not in body
    assert "ГБОУ СОШ № 1 «ОЦ» с. Большая Черниговка" in body  # the parent


def test_detail_lists_sub_organisations_and_hides_closed_ones(client, school, centre, teacher):
    OrganisationFactory(
        name="Старый кружок", parent=school, municipality=school.municipality, is_active=False
    )
    client.force_login(teacher)
    response = client.get(detail(school))
    assert [o.name for o in response.context["sub_organisations"]] == [centre.name]


def test_closed_organisation_is_not_found_for_a_teacher(client, teacher, samara):
    closed = OrganisationFactory(municipality=samara, is_active=False)
    client.force_login(teacher)
    assert client.get(detail(closed)).status_code == 404


def test_methodist_edits_own_organisation(client, centre):
    methodist = make_user(Role.METHODIST, organisation=centre)
    client.force_login(methodist)
    assert client.get(edit(centre)).status_code == 200

    response = client.post(
        edit(centre), form_data(centre, address="с. Большая Черниговка, ул. Советская")
    )

    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.address == "с. Большая Черниговка, ул. Советская"
    assert centre.parent is not None  # the parent above the methodist's scope is kept


def test_methodist_of_a_school_edits_its_structural_unit(client, school, centre):
    client.force_login(make_user(Role.METHODIST, organisation=school))
    assert client.get(edit(centre)).status_code == 200
    assert client.get(detail(centre)).context["can_edit"] is True


def test_methodist_gets_403_on_another_organisation(client, school, centre, samara):
    other = OrganisationFactory(name="ГБОУ СОШ № 5 г.о. Самара", municipality=samara)
    client.force_login(make_user(Role.METHODIST, organisation=centre))

    assert client.get(edit(other)).status_code == 403
    assert client.get(edit(school)).status_code == 403  # the parent is above, not below
    response = client.post(edit(other), form_data(other, name="Захвачено"))
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.name == "ГБОУ СОШ № 5 г.о. Самара"
    assert client.get(detail(other)).context["can_edit"] is False


def test_teacher_cannot_open_create_or_edit(client, centre):
    client.force_login(make_user(Role.TEACHER, organisation=centre))
    assert client.get(reverse("network:organisation_create")).status_code == 403
    assert client.get(edit(centre)).status_code == 403


def test_cycle_through_the_page_is_explained_and_changes_nothing(client, school, centre):
    client.force_login(make_user(Role.METHODIST, organisation=school))

    response = client.post(edit(school), form_data(school, parent=centre.pk))

    assert response.status_code == 200
    assert "не может быть для неё вышестоящей" in response.content.decode()
    school.refresh_from_db()
    assert school.parent is None


def test_administrator_creates_an_organisation(client, administrator, samara):
    client.force_login(administrator)
    response = client.post(
        reverse("network:organisation_create"),
        {
            "name": "ФГБОУ ВО «Самарский государственный технический университет»",
            "short_name": "СамГТУ",
            "kind": "university",
            "municipality": samara.pk,
            "is_partner": "on",
            "is_active": "on",
        },
    )
    created = Organisation.objects.get(short_name="СамГТУ")
    assert response.status_code == 302
    assert response["Location"] == detail(created)
    assert created.is_partner and created.is_active


def test_unknown_municipality_in_the_form_is_refused(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("network:organisation_create"),
        {"name": "Школа № 9", "kind": "school", "municipality": "999999", "is_active": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["municipality"]
    assert not Organisation.objects.filter(name="Школа № 9").exists()


def test_duplicate_name_in_the_form_is_refused(client, administrator, school):
    client.force_login(administrator)
    response = client.post(
        reverse("network:organisation_create"),
        {"name": school.name, "kind": "school", "municipality": school.municipality_id},
    )
    assert "уже есть организация" in response.content.decode()
    assert Organisation.objects.filter(name=school.name).count() == 1


def test_methodist_may_only_attach_new_units_under_own_scope(client, school, centre, samara):
    foreign = OrganisationFactory(name="ГБОУ СОШ № 5 г.о. Самара", municipality=samara)
    client.force_login(make_user(Role.METHODIST, organisation=centre))
    response = client.post(
        reverse("network:organisation_create"),
        {
            "name": "Кружок робототехники",
            "kind": "creativity_centre",
            "municipality": samara.pk,
            "parent": foreign.pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]

    response = client.post(
        reverse("network:organisation_create"),
        {
            "name": "Кружок робототехники",
            "kind": "creativity_centre",
            "municipality": centre.municipality_id,
            "parent": centre.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="Кружок робототехники").parent == centre


@pytest.fixture
def superuser(db):
    return make_user(Role.ADMINISTRATOR, email="root@example.ru", is_staff=True, is_superuser=True)


def test_admin_pages_answer_in_russian(client, superuser, school):
    client.force_login(superuser)
    for name in ("region", "municipality", "organisation"):
        url = reverse(f"admin:network_{name}_changelist")
        response = client.get(url, {"q": "Черниговка"})
        assert response.status_code == 200
        assert 'lang="ru"' in response.content.decode()
    assert (
        client.get(reverse("admin:network_organisation_change", args=[school.pk])).status_code
        == 200
    )
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "network",
            "model_name": "organisation",
            "field_name": "parent",
            "term": "СОШ",
        },
    )
    assert autocomplete.status_code == 200
    assert str(school) in [item["text"] for item in autocomplete.json()["results"]]


def test_admin_refuses_a_cycle(client, superuser, school, centre):
    client.force_login(superuser)
    url = reverse("admin:network_organisation_change", args=[school.pk])
    data = form_data(school, parent=centre.pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "не может быть для неё вышестоящей" in response.content.decode()
    school.refresh_from_db()
    assert school.parent is None
