"""API router of the organisation network: municipalities and organisations."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from technopark.core.api_auth import allow
from technopark.core.permissions import rules

from . import selectors, services
from .models import Municipality, Organisation, Region

router = Router(tags=[gettext_lazy("Сеть организаций")])


class PlaceOut(Schema):
    id: int
    name: str


class MunicipalityOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    region: PlaceOut

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    kind_label: str
    municipality: PlaceOut
    region: PlaceOut
    parent: PlaceOut | None
    address: str
    website: str
    email: str
    phone: str
    is_partner: bool
    is_active: bool

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_region(obj) -> dict:
        region = obj.municipality.region
        return {"id": region.pk, "name": region.name}


class OrganisationFilters(Schema):
    region: int | None = Field(None, description="Номер региона")
    municipality: int | None = Field(None, description="Номер муниципалитета")
    kind: Organisation.Kind | None = Field(None, description="Вид организации")
    q: str = Field("", max_length=200, description="Слова из названия или адреса")


class OrganisationIn(Schema):
    name: str = Field(..., min_length=1, max_length=400, description="Полное название")
    short_name: str = Field("", max_length=200)
    kind: Organisation.Kind
    municipality: int = Field(..., description="Номер муниципалитета из справочника")
    parent: int | None = Field(None, description="Номер вышестоящей организации")
    address: str = Field("", max_length=400)
    website: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    is_partner: bool = False
    is_active: bool = True


def _found_or_field_error(model, pk: int | None, field: str, message: str):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: message})
    return found


@router.get(
    "/municipalities",
    response=list[MunicipalityOut],
    summary=gettext_lazy("Муниципалитеты"),
    **allow(rules.public),
)
def municipality_list(request, region: int | None = None):
    """Справочник муниципалитетов; `region` оставляет муниципалитеты одного региона."""
    municipalities = Municipality.objects.select_related("region").order_by("region__name", "name")
    if region is not None:
        municipalities = municipalities.filter(region_id=region)
    return municipalities


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    summary=gettext_lazy("Организации"),
    **allow(rules.authenticated),
)
@paginate(PageNumberPagination)
def organisation_list(request, filters: Query[OrganisationFilters]):
    """Организации сети с отбором по региону, муниципалитету, виду и словам из названия."""
    region = _found_or_field_error(Region, filters.region, "region", _("Такого региона нет."))
    municipality = _found_or_field_error(
        Municipality,
        filters.municipality,
        "municipality",
        _("Такого муниципалитета нет в справочнике."),
    )
    organisations = selectors.filter_organisations(
        selectors.organisations_visible_to(request.user),
        region=region,
        municipality=municipality,
        kind=filters.kind or "",
        text=filters.q,
    )
    return organisations.order_by("name", "pk")


@router.get(
    "/organisations/{int:organisation_id}",
    response=OrganisationOut,
    summary=gettext_lazy("Организация"),
    **allow(rules.authenticated),
)
def organisation_detail(request, organisation_id: int):
    """Одна организация по её номеру."""
    return get_object_or_404(selectors.organisations_visible_to(request.user), pk=organisation_id)


@router.post(
    "/organisations",
    response={201: OrganisationOut},
    summary=gettext_lazy("Добавить организацию"),
    **allow(rules.staff),
)
def organisation_create(request, payload: OrganisationIn):
    """Добавляет организацию. Методист может подчинить её только своей организации."""
    # An unknown parent is the service's to report; a known one must be in the caller's scope.
    parent = payload.parent
    if (
        parent is not None
        and Organisation.objects.filter(pk=parent).exists()
        and not selectors.organisations_managed_by(request.user).filter(pk=parent).exists()
    ):
        raise ValidationError(
            {"parent": _("Выберите вышестоящую организацию из тех, которыми вы управляете.")}
        )
    organisation = services.create_organisation(**payload.dict())
    return Status(201, organisation)
