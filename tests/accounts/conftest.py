import datetime

import pytest
from django.test import Client
from django.utils import timezone

from technopark.accounts.models import ConsentText
from tests.factories import OrganisationFactory


@pytest.fixture
def school(db):
    return OrganisationFactory(name="ГБОУ СОШ № 2 «ОЦ» с. Большая Черниговка")


@pytest.fixture
def consent_text(db):
    """The text shipped by the data migration."""
    return ConsentText.objects.get(version="1.0")


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def years_ago(years: int, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)
