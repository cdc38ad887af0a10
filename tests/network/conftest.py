import pytest

from technopark.network.models import Municipality, Organisation
from tests.factories import OrganisationFactory


@pytest.fixture
def samara(db):
    return Municipality.objects.get(name="городской округ Самара")


@pytest.fixture
def chernigovka(db):
    return Municipality.objects.get(name="муниципальный район Большечерниговский")


@pytest.fixture
def minsk_centre(db):
    return Municipality.objects.get(name="Центральный район г. Минска")


@pytest.fixture
def school(chernigovka):
    return OrganisationFactory(
        name="ГБОУ СОШ № 1 «ОЦ» с. Большая Черниговка", municipality=chernigovka
    )


@pytest.fixture
def centre(school):
    """A structural unit of the school."""
    return OrganisationFactory(
        name="СП ЦДТ ГБОУ СОШ № 1 «ОЦ» с. Большая Черниговка",
        kind=Organisation.Kind.CREATIVITY_CENTRE,
        parent=school,
        municipality=school.municipality,
    )
