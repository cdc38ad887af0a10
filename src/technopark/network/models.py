from django.db import models
from django.utils.translation import gettext_lazy as _

from technopark.core.models import TimeStamped


class Region(models.Model):
    """A subject of a country: Samara region, the city of Minsk …"""

    name = models.CharField(_("название"), max_length=200, unique=True)
    country = models.CharField(_("страна"), max_length=100)
    time_zone = models.CharField(_("часовой пояс"), max_length=50, default="Europe/Moscow")

    class Meta:
        verbose_name = _("регион")
        verbose_name_plural = _("регионы")
        ordering = ["country", "name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """Geography of participant statistics: a municipal district, a city district …"""

    class Kind(models.TextChoices):
        MUNICIPAL_DISTRICT = "municipal_district", _("муниципальный район")
        CITY_DISTRICT = "city_district", _("городской округ")
        URBAN_DISTRICT = "urban_district", _("район города")

    region = models.ForeignKey(
        Region, verbose_name=_("регион"), on_delete=models.PROTECT, related_name="municipalities"
    )
    name = models.CharField(_("название"), max_length=200)
    kind = models.CharField(_("вид"), max_length=30, choices=Kind.choices)

    class Meta:
        verbose_name = _("муниципалитет")
        verbose_name_plural = _("муниципалитеты")
        ordering = ["region__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="municipality_unique_in_region")
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(TimeStamped):
    """An institution on the platform: a centre, school, technopark, partner …"""

    class Kind(models.TextChoices):
        CREATIVITY_CENTRE = "creativity_centre", _("центр детского творчества")
        SCHOOL = "school", _("школа")
        TECHNOPARK = "technopark", _("технопарк")
        RESOURCE_CENTRE = "resource_centre", _("ресурсный центр")
        UNIVERSITY = "university", _("вуз")
        ACADEMY = "academy", _("академия, институт развития образования")
        BUSINESS = "business", _("бизнес-партнёр")
        MINISTRY = "ministry", _("орган управления образованием")

    name = models.CharField(_("полное название"), max_length=400)
    short_name = models.CharField(_("краткое название"), max_length=200, blank=True)
    kind = models.CharField(_("вид"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("входит в"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("муниципалитет"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    address = models.CharField(_("адрес"), max_length=400, blank=True)
    website = models.URLField(_("сайт"), blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    phone = models.CharField(_("телефон"), max_length=30, blank=True)
    is_partner = models.BooleanField(_("партнёр сети"), default=False)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("организация")
        verbose_name_plural = _("организации")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "municipality"], name="organisation_unique_in_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def region(self) -> Region:
        return self.municipality.region

    def ancestor_ids(self) -> list[int]:
        """Ids of the organisations this one belongs to, nearest first (a short chain)."""
        ids, node, seen = [], self, {self.pk}
        while node.parent_id and node.parent_id not in seen:
            ids.append(node.parent_id)
            seen.add(node.parent_id)
            node = node.parent
        return ids
