"""People: registration, profiles, children and the guardians' consent.

Every write is a plain function in one transaction; bad input raises ValidationError with a
Russian message and changes nothing. Personal-data rights (export, erasure) live in
`privacy.py` and are re-exported here, so callers import services from one place.
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from technopark.core.files import validate_image

from .models import ChildProfile, ConsentText, GuardianConsent, Membership, Role, User
from .privacy import (  # noqa: F401  (re-exported)
    anonymise_child,
    anonymise_user,
    export_personal_data,
    request_erasure,
)

# Who may create their own account. Staff roles (administrator, methodist, jury, partner) are
# granted by an administrator. Pupils are minors: their data enters only through a guardian
# who gives consent (`create_child_profile`), so a pupil cannot sign up alone.
SELF_SERVICE_ROLES = (Role.TEACHER, Role.GUARDIAN)
PHONE_RE = re.compile(r"^\+?[\d\s()\-]{5,25}$")
ADULT_AGE = 18


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("Введите адрес электронной почты полностью, например ivanova@mail.ru.")}
        ) from None
    return email


def _clean_phone(phone: str) -> str:
    phone = (phone or "").strip()
    if phone and (not PHONE_RE.match(phone) or sum(ch.isdigit() for ch in phone) < 5):
        raise ValidationError({"phone": _("Укажите телефон цифрами, например +7 927 123-45-67.")})
    return phone


def _clean_names(**names: str) -> dict[str, str]:
    cleaned = {key: " ".join((value or "").split()) for key, value in names.items()}
    missing = {
        key: _("Заполните это поле.")
        for key in ("last_name", "first_name")
        if key in cleaned and not cleaned[key]
    }
    if missing:
        raise ValidationError(missing)
    return cleaned


def _email_taken_error() -> ValidationError:
    return ValidationError(
        {
            "email": _(
                "Пользователь с такой электронной почтой уже зарегистрирован. Войдите или "
                "восстановите пароль, если забыли его."
            )
        },
        code="duplicate",
    )


def register_user(
    *,
    email: str,
    password: str,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    role: str,
    organisation=None,
    municipality=None,
    phone: str = "",
    position: str = "",
) -> User:
    """Self-registration: one account per e-mail (any letter case), only self-service roles."""
    email = _clean_email(email)
    names = _clean_names(last_name=last_name, first_name=first_name, patronymic=patronymic)
    phone = _clean_phone(phone)
    if role not in SELF_SERVICE_ROLES:
        raise ValidationError(
            {
                "role": _(
                    "Эту роль назначает администратор. При регистрации можно выбрать: педагог или "
                    "родитель."
                )
            }
        )
    if organisation is not None and not organisation.is_active:
        raise ValidationError(
            {"organisation": _("Эта организация больше не работает на платформе. Выберите другую.")}
        )
    if role == Role.TEACHER and organisation is None:
        raise ValidationError({"organisation": _("Выберите организацию, в которой вы работаете.")})
    if municipality is None and organisation is not None:
        municipality = organisation.municipality
    if User.objects.filter(email__iexact=email).exists():
        raise _email_taken_error()
    candidate = User(email=email, **names)
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email,
                password,
                **names,
                phone=phone,
                position=position.strip()[:200],
                organisation=organisation,
                municipality=municipality,
            )
            # A guardian is nobody's employee: their role is not scoped to an organisation.
            Membership.objects.create(
                user=user, role=role, organisation=organisation if role == Role.TEACHER else None
            )
    except IntegrityError:
        # Two sign-ups with one address at the same moment: the unique index decides.
        raise _email_taken_error() from None
    return user


@transaction.atomic
def update_profile(
    user: User,
    *,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    phone: str = "",
    position: str = "",
    organisation=None,
    municipality=None,
    language: str = "ru",
) -> User:
    """Change what a person says about themselves; granted roles do not move with it."""
    names = _clean_names(last_name=last_name, first_name=first_name, patronymic=patronymic)
    phone = _clean_phone(phone)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Выберите язык из списка.")})
    if (
        organisation is not None
        and not organisation.is_active
        and organisation.pk != user.organisation_id
    ):
        raise ValidationError(
            {"organisation": _("Эта организация больше не работает на платформе. Выберите другую.")}
        )
    for field, value in {
        **names,
        "phone": phone,
        "position": (position or "").strip()[:200],
        "organisation": organisation,
        "municipality": municipality,
        "language": language,
    }.items():
        setattr(user, field, value)
    user.save()
    return user


def set_avatar(user: User, *, upload) -> User:
    """Replace the photo with a checked image stored under a random name."""
    extension = validate_image(upload, max_bytes=settings.AVATAR_MAX_BYTES)
    upload.name = f"avatar.{extension}"  # avatar_path keeps only the (now truthful) extension
    old = user.avatar.name
    with transaction.atomic():
        user.avatar = upload
        user.save(update_fields=["avatar"])
        if old:
            storage = user.avatar.storage
            transaction.on_commit(lambda: storage.delete(old))
    return user


@transaction.atomic
def remove_avatar(user: User) -> User:
    """Drop the photo and its file."""
    if user.avatar:
        old, storage = user.avatar.name, user.avatar.storage
        user.avatar = ""
        user.save(update_fields=["avatar"])
        transaction.on_commit(lambda: storage.delete(old))
    return user


def _age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def create_child_profile(
    guardian: User,
    *,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    birth_date: datetime.date,
    school=None,
    municipality=None,
    grade: str = "",
    consent_given: bool,
    consent_text: ConsentText | None,
    allow_publication: bool = False,
    ip: str | None = None,
) -> ChildProfile:
    """Save a minor's data only together with the guardian's consent to the current text."""
    if not guardian.has_any_role(Role.GUARDIAN):
        raise ValidationError(_("Добавлять детей может только родитель (законный представитель)."))
    if not consent_given:
        raise ValidationError(
            {
                "consent_given": _(
                    "Без вашего согласия на обработку персональных данных мы не можем "
                    "сохранить данные ребёнка."
                )
            }
        )
    current = ConsentText.current()
    if consent_text is None or current is None or consent_text.pk != current.pk:
        raise ValidationError(
            _(
                "Текст согласия обновился, пока вы заполняли форму. Прочитайте новую редакцию и "
                "подтвердите согласие ещё раз."
            ),
            code="stale_consent",
        )
    names = _clean_names(last_name=last_name, first_name=first_name, patronymic=patronymic)
    today = timezone.localdate()
    if birth_date is None or birth_date > today:
        raise ValidationError({"birth_date": _("Укажите дату рождения ребёнка.")})
    if _age_on(birth_date, today) >= ADULT_AGE:
        raise ValidationError(
            {"birth_date": _("Ребёнку уже исполнилось 18 лет: он может зарегистрироваться сам.")}
        )
    if municipality is None and school is not None:
        municipality = school.municipality
    with transaction.atomic():
        # Compared in Python: SQLite folds the case of Latin letters only, not Cyrillic.
        same_day = guardian.children.filter(anonymised_at=None, birth_date=birth_date)
        key = (names["last_name"].casefold(), names["first_name"].casefold())
        if any((c.last_name.casefold(), c.first_name.casefold()) == key for c in same_day):
            raise ValidationError(_("Этот ребёнок уже есть в вашем списке."), code="duplicate")
        child = ChildProfile.objects.create(
            guardian=guardian,
            **names,
            birth_date=birth_date,
            school=school,
            municipality=municipality,
            grade=" ".join((grade or "").split())[:20],
        )
        GuardianConsent.objects.create(
            child=child,
            guardian=guardian,
            text=consent_text,
            allow_publication=bool(allow_publication),
            ip=ip,
        )
    return child


def _own_active_consent(consent: GuardianConsent, by: User) -> None:
    if consent.guardian_id != by.pk:
        raise ValidationError(_("Отозвать согласие может только тот, кто его дал."))
    if consent.withdrawn_at is not None:
        raise ValidationError(_("Это согласие уже отозвано."), code="withdrawn")


@transaction.atomic
def withdraw_publication_consent(consent: GuardianConsent, *, by: User) -> GuardianConsent:
    """Stop publishing the child's name and photo; processing for participation continues."""
    consent = GuardianConsent.objects.select_for_update().get(pk=consent.pk)
    _own_active_consent(consent, by)
    if consent.allow_publication:
        consent.allow_publication = False
        consent.save(update_fields=["allow_publication"])
    return consent


@transaction.atomic
def withdraw_consent(consent: GuardianConsent, *, by: User) -> GuardianConsent:
    """Withdraw consent: with no basis left to keep them, the child's data are anonymised now."""
    consent = GuardianConsent.objects.select_for_update().get(pk=consent.pk)
    _own_active_consent(consent, by)
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    anonymise_child(consent.child, by=by)
    consent.refresh_from_db()
    return consent
