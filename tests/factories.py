"""Factories with realistic Russian data; tests build what they need, nothing is mocked."""

import factory
from factory.django import DjangoModelFactory

from technopark.accounts.models import Membership, Role, User
from technopark.network.models import Municipality, Organisation, Region

PASSWORD = "correct-horse-battery"


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("name",)

    name = "Самарская область"
    country = "Россия"
    time_zone = "Europe/Samara"


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("region", "name")

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"муниципальный район Тестовый-{n}")
    kind = Municipality.Kind.MUNICIPAL_DISTRICT


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"ГБОУ СОШ № {n + 1}")
    kind = Organisation.Kind.SCHOOL
    municipality = factory.SubFactory(MunicipalityFactory)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.ru")
    last_name = factory.Faker("last_name", locale="ru_RU")
    first_name = factory.Faker("first_name", locale="ru_RU")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            Membership.objects.create(user=self, role=role, organisation=self.organisation)


def make_user(*roles: str, **fields) -> User:
    return UserFactory(roles=list(roles), **fields)


__all__ = [
    "Role",
    "make_user",
    "UserFactory",
    "OrganisationFactory",
    "MunicipalityFactory",
    "RegionFactory",
    "PASSWORD",
]
