"""The shipped municipalities come back when missing, and nothing is doubled."""

from technopark.network.models import Municipality, Region
from technopark.network.reference import ensure_municipalities


def test_missing_municipalities_are_restored_and_present_ones_kept(db):
    shipped = Municipality.objects.count()
    assert shipped >= 46  # Samara region 27 + 10, Minsk 9
    Municipality.objects.filter(name="городской округ Самара").delete()
    assert ensure_municipalities() == 1
    assert ensure_municipalities() == 0
    assert Municipality.objects.count() == shipped
    assert Region.objects.filter(name="Самарская область").count() == 1
