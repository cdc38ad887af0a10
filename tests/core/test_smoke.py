import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_russian_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "ru"
    assert "Технопарк" in response.content.decode()


def test_reference_municipalities_are_shipped():
    from technopark.network.models import Municipality

    assert Municipality.objects.filter(region__name="Самарская область").count() == 37
    assert Municipality.objects.filter(region__name="г. Минск").count() == 9
