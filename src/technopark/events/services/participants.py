"""Who registers: the person's fields checked and tidied before a registration is decided."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from technopark.network.models import Municipality, Organisation

from ..models import Registration


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _resolve(model, value, field: str, message: str):
    if value in (None, "") or isinstance(value, model):
        return value or None
    try:
        return model.objects.get(pk=value)
    except (model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise ValidationError({field: message}) from None


def participant_fields(
    *, full_name, email, organisation, organisation_name, municipality, role
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    full_name = " ".join((full_name or "").split())
    if not full_name:
        errors["full_name"] = [_("Укажите фамилию, имя и отчество.")]
    elif len(full_name) > 300:
        errors["full_name"] = [_("Слишком длинно: не больше 300 символов.")]
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Введите правильный адрес электронной почты.")]
    if role not in Registration.ParticipantRole.values:
        errors["role"] = [_("Выберите, кто вы: педагог, методист, обучающийся, родитель …")]
    organisation_name = " ".join((organisation_name or "").split())[:400]
    try:
        organisation = _resolve(
            Organisation, organisation, "organisation", _("Такой организации нет в справочнике.")
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        municipality = _resolve(
            Municipality,
            municipality,
            "municipality",
            _("Такого муниципалитета нет в справочнике."),
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if organisation is not None and not organisation_name:
        organisation_name = organisation.name[:400]
    if municipality is None and organisation is not None:
        municipality = organisation.municipality
    return {
        "full_name": full_name,
        "email": email,
        "organisation": organisation,
        "organisation_name": organisation_name,
        "municipality": municipality,
        "role": role,
    }
