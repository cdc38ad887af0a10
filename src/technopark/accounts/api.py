"""API router of accounts: who am I."""

from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from technopark.core.api_auth import allow
from technopark.core.permissions import rules

router = Router(tags=[gettext_lazy("Учётная запись")])


class PlaceOut(Schema):
    id: int
    name: str


class RoleOut(Schema):
    role: str
    label: str
    organisation: PlaceOut | None


class MeOut(Schema):
    id: int
    email: str
    last_name: str
    first_name: str
    patronymic: str
    full_name: str
    phone: str
    position: str
    language: str
    organisation: PlaceOut | None
    municipality: PlaceOut | None
    roles: list[RoleOut]


def _place(obj) -> dict | None:
    return {"id": obj.pk, "name": str(obj)} if obj is not None else None


@router.get(
    "/me", response=MeOut, summary=gettext_lazy("Мой профиль"), **allow(rules.authenticated)
)
def me(request):
    """Профиль вошедшего пользователя и его роли в организациях."""
    user = request.user
    memberships = user.memberships.select_related("organisation").order_by("role", "pk")
    return {
        "id": user.pk,
        "email": user.email,
        "last_name": user.last_name,
        "first_name": user.first_name,
        "patronymic": user.patronymic,
        "full_name": user.get_full_name(),
        "phone": user.phone,
        "position": user.position,
        "language": user.language,
        "organisation": _place(user.organisation),
        "municipality": _place(user.municipality),
        "roles": [
            {
                "role": m.role,
                "label": str(m.get_role_display()),
                "organisation": _place(m.organisation),
            }
            for m in memberships
        ],
    }
