"""Writes to the organisation network: every rule about organisations is checked here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from .models import Municipality, Organisation

# Fields `update_organisation` may change, in the order forms show them; anything else is a
# programming error.
EDITABLE_FIELDS = (
    "name",
    "short_name",
    "kind",
    "parent",
    "municipality",
    "address",
    "website",
    "email",
    "phone",
    "is_partner",
    "is_active",
)


def _field_error(field: str, message: str, **params: Any) -> ValidationError:
    return ValidationError({field: message % params})


def resolve_municipality(value: Municipality | int | str | None) -> Municipality:
    """A municipality from the reference list, given as an object, an id or its exact name."""
    found: Municipality | None = None
    if isinstance(value, Municipality):
        found = Municipality.objects.filter(pk=value.pk).first() if value.pk else None
    elif isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        found = Municipality.objects.filter(pk=int(value)).first()
    elif isinstance(value, str) and value.strip():
        name = " ".join(value.split())
        # Python casefold, not SQL: SQLite compares Cyrillic case-sensitively.
        matches = [
            m
            for m in Municipality.objects.select_related("region")
            if m.name.casefold() == name.casefold()
        ]
        if len(matches) > 1:
            message = _(
                "Муниципалитет «%(name)s» есть в нескольких регионах — выберите его из списка."
            )
            raise _field_error("municipality", message, name=name)
        found = matches[0] if matches else None
    if found is None:
        shown = value if value not in (None, "") else "—"
        message = _(
            "Муниципалитета «%(value)s» нет в справочнике. Выберите муниципалитет из списка."
        )
        raise _field_error("municipality", message, value=shown)
    return found


def _resolve_parent(value: Organisation | int | str | None) -> Organisation | None:
    if value in (None, ""):
        return None
    pk = value.pk if isinstance(value, Organisation) else value
    try:
        parent = Organisation.objects.filter(pk=int(pk)).first() if pk is not None else None
    except (TypeError, ValueError):
        parent = None
    if parent is None:
        raise ValidationError({"parent": _("Вышестоящая организация не найдена.")})
    return parent


def check_parent(organisation: Organisation, parent: Organisation | None) -> None:
    """A parent must not be the organisation itself nor one of its sub-organisations."""
    if parent is None or organisation.pk is None:
        return
    if organisation.pk == parent.pk or organisation.pk in parent.ancestor_ids():
        message = _(
            "«%(parent)s» входит в состав «%(org)s», поэтому не может быть для неё "
            "вышестоящей организацией."
        )
        raise _field_error("parent", message, parent=parent, org=organisation)


def check_unique_name(organisation: Organisation) -> None:
    """Two organisations in one municipality may not share a name (whatever the letter case)."""
    others = Organisation.objects.filter(municipality=organisation.municipality)
    if organisation.pk:
        others = others.exclude(pk=organisation.pk)
    wanted = organisation.name.casefold()
    if any(name.casefold() == wanted for name in others.values_list("name", flat=True)):
        raise ValidationError(
            {
                "name": _("В муниципалитете «%(municipality)s» уже есть организация «%(name)s».")
                % {"municipality": organisation.municipality, "name": organisation.name}
            }
        )


# One PostgreSQL advisory lock key ("tp-org" in ASCII) for moves within the organisation tree.
HIERARCHY_LOCK_KEY = 0x74702D6F7267


def _lock_hierarchy() -> None:
    """Serialise moves in the tree until the transaction ends. Alone, each of two concurrent
    moves ("A under B" and "B under A") passes the cycle check, and together they make a cycle.
    Moves are rare, so one lock for the whole tree costs nothing. SQLite needs no lock: its
    IMMEDIATE transactions already let one writer at a time in."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [HIERARCHY_LOCK_KEY])


def _validate_and_save(organisation: Organisation) -> Organisation:
    organisation.name = " ".join((organisation.name or "").split())
    organisation.short_name = " ".join((organisation.short_name or "").split())
    if not organisation.name:
        raise ValidationError({"name": _("Укажите полное название организации.")})
    if organisation.kind not in Organisation.Kind.values:
        raise ValidationError({"kind": _("Выберите вид организации из списка.")})
    check_parent(organisation, organisation.parent)
    check_unique_name(organisation)
    # Formats and lengths (e-mail, site, phone …); the unique key was checked above.
    organisation.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as error:
        # Another request created the same name in the same municipality meanwhile.
        raise ValidationError(
            {"name": _("В этом муниципалитете уже есть организация с таким названием.")}
        ) from error
    return organisation


@transaction.atomic
def create_organisation(
    *,
    name: str,
    kind: str,
    municipality: Municipality | int | str,
    parent: Organisation | int | None = None,
    short_name: str = "",
    address: str = "",
    website: str = "",
    email: str = "",
    phone: str = "",
    is_partner: bool = False,
    is_active: bool = True,
) -> Organisation:
    """Add an organisation to the network (known municipality, unique name, no cycles)."""
    organisation = Organisation(
        name=name,
        short_name=short_name,
        kind=kind,
        municipality=resolve_municipality(municipality),
        parent=_resolve_parent(parent),
        address=address,
        website=website,
        email=email,
        phone=phone,
        is_partner=is_partner,
        is_active=is_active,
    )
    return _validate_and_save(organisation)


@transaction.atomic
def update_organisation(organisation: Organisation, **changes: Any) -> Organisation:
    """Change an organisation under the same rules as creation; returns the saved copy."""
    unknown = set(changes).difference(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"update_organisation() got unexpected fields: {sorted(unknown)}")
    if "parent" in changes:
        # Taken before any row lock, so waiting for it never holds a row another move needs.
        _lock_hierarchy()
    # Work on a locked fresh copy: on error the caller's object stays as it was. NO KEY
    # UPDATE: the key does not change, so other rows' foreign-key checks are not blocked.
    fresh = Organisation.objects.select_for_update(no_key=True).get(pk=organisation.pk)
    for field, value in changes.items():
        if field == "municipality":
            value = resolve_municipality(value)
        elif field == "parent":
            value = _resolve_parent(value)
        setattr(fresh, field, value)
    return _validate_and_save(fresh)
