import pytest
from django.core.exceptions import ValidationError

from technopark.core.models import AuditEntry
from technopark.network import services
from technopark.network.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_methodist_adds_a_structural_unit_under_a_school(school):
    unit = services.create_organisation(
        name="  Мини-технопарк   «Квантум» ",
        kind=Organisation.Kind.TECHNOPARK,
        municipality="муниципальный район Большечерниговский",
        parent=school.pk,
    )

    unit.refresh_from_db()
    assert unit.name == "Мини-технопарк «Квантум»"
    assert unit.parent == school
    assert unit.municipality == school.municipality
    assert (
        AuditEntry.objects.filter(
            target_type="network.organisation",
            target_id=str(unit.pk),
            action=AuditEntry.Action.CREATE,
        ).count()
        == 1
    )


@pytest.mark.parametrize(
    "municipality", [999_999, "999999", "муниципальный район Несуществующий", "", None]
)
def test_unknown_municipality_is_refused_in_russian_and_nothing_is_created(municipality):
    before = Organisation.objects.count()

    with pytest.raises(ValidationError) as error:
        services.create_organisation(name="ГБОУ СОШ № 5", kind="school", municipality=municipality)

    assert "нет в справочнике" in error.value.message_dict["municipality"][0]
    assert Organisation.objects.count() == before


def test_municipality_name_is_found_whatever_the_letter_case(samara):
    organisation = services.create_organisation(
        name="Школа № 3", kind="school", municipality="ГОРОДСКОЙ ОКРУГ САМАРА"
    )
    assert organisation.municipality == samara


def test_same_name_in_the_same_municipality_is_refused_even_in_another_case(samara):
    OrganisationFactory(name="ГБОУ СОШ № 5 «Многопрофильный лицей»", municipality=samara)

    with pytest.raises(ValidationError) as error:
        services.create_organisation(
            name="гбоу сош № 5 «многопрофильный лицей»", kind="school", municipality=samara
        )

    assert "уже есть организация" in error.value.message_dict["name"][0]
    assert Organisation.objects.filter(municipality=samara).count() == 1


def test_same_name_in_another_municipality_is_a_different_school(samara, chernigovka):
    OrganisationFactory(name="ГБОУ СОШ № 2", municipality=samara)
    services.create_organisation(name="ГБОУ СОШ № 2", kind="school", municipality=chernigovka)
    assert Organisation.objects.filter(name="ГБОУ СОШ № 2").count() == 2


def test_renaming_to_another_organisations_name_is_refused(samara):
    OrganisationFactory(name="Гимназия № 1", municipality=samara)
    other = OrganisationFactory(name="Гимназия № 2", municipality=samara)

    with pytest.raises(ValidationError):
        services.update_organisation(other, name="Гимназия № 1")

    other.refresh_from_db()
    assert other.name == "Гимназия № 2"


def test_keeping_its_own_name_is_not_a_duplicate(school):
    updated = services.update_organisation(
        school, name=school.name, address="с. Большая Черниговка"
    )
    assert updated.address == "с. Большая Черниговка"


def test_a_school_cannot_be_put_under_its_own_structural_unit(school, centre):
    grandchild = OrganisationFactory(
        name="Кружок робототехники", parent=centre, municipality=school.municipality
    )

    for new_parent in (centre, grandchild, school):
        with pytest.raises(ValidationError) as error:
            services.update_organisation(school, parent=new_parent)
        assert "не может быть для неё вышестоящей" in error.value.message_dict["parent"][0]

    school.refresh_from_db()
    assert school.parent is None
    assert not AuditEntry.objects.filter(
        target_id=str(school.pk), action=AuditEntry.Action.UPDATE
    ).exists()


def test_moving_a_unit_to_another_school_is_allowed(school, centre):
    other = OrganisationFactory(
        name="ГБОУ СОШ № 2 с. Большая Черниговка", municipality=school.municipality
    )
    moved = services.update_organisation(centre, parent=other)
    assert moved.parent == other


def test_failed_update_leaves_the_callers_object_untouched(school):
    with pytest.raises(ValidationError):
        services.update_organisation(school, name="Новое имя", municipality="Атлантида")
    assert school.name == "ГБОУ СОШ № 1 «ОЦ» с. Большая Черниговка"
    school.refresh_from_db()
    assert school.name == "ГБОУ СОШ № 1 «ОЦ» с. Большая Черниговка"


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "   "), ("kind", "circus"), ("email", "не-почта"), ("parent", 999_999)],
)
def test_bad_values_are_named_by_field(samara, field, value):
    values = {"name": "Школа № 7", "kind": "school", "municipality": samara, field: value}
    with pytest.raises(ValidationError) as error:
        services.create_organisation(**values)
    assert field in error.value.message_dict
    assert not Organisation.objects.filter(municipality=samara).exists()


def test_update_refuses_fields_that_are_not_editable(school):
    with pytest.raises(TypeError):
        services.update_organisation(school, created_at=None)
