import pytest
from django.test import Client

from technopark.accounts.tokens import issue_token
from technopark.network.models import Municipality


@pytest.fixture
def bearer():
    """Authorization headers for a fresh personal token of `user`."""

    def make(user) -> dict:
        _, raw = issue_token(user, name="тест")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


@pytest.fixture
def csrf_client():
    """A browser-like client: Django's test client skips CSRF checks unless asked."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def samara_district(db):
    return Municipality.objects.get(
        region__name="Самарская область", name="муниципальный район Безенчукский"
    )
