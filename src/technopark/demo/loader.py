"""Build the demo data set from the seeds. Idempotent: every row is found by its natural key
and only created or corrected when missing or different, so a second run adds nothing."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from technopark.accounts.models import (
    ChildProfile,
    ConsentText,
    GuardianConsent,
    Membership,
    Role,
    User,
)
from technopark.contests.models import Contest, Entry
from technopark.events.reference import ensure_event_kinds
from technopark.network import services as network
from technopark.network.models import Municipality, Organisation, Region
from technopark.network.reference import ensure_municipalities

from .contests import load_contests
from .events import load_events
from .organisations import ORGANISATIONS
from .people import (
    CHILDREN,
    CHILDREN_SCHOOL,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    GUARDIAN_EMAIL,
    DemoPerson,
    staff_people,
)

CONSENT_VERSION = "1.0"


def load() -> str:
    """Create what is missing of the demo data set and say, in Russian, what exists."""
    with transaction.atomic():
        ensure_municipalities()
        ensure_event_kinds()
        organisations = load_organisations()
        load_people(organisations)
        load_children(organisations)
        load_events(organisations)
        load_contests(organisations)
    return summary()


def _sync(instance: models.Model, values: dict) -> bool:
    """Set `values` on an existing row and save only if something differs."""
    changed = {k: v for k, v in values.items() if getattr(instance, k) != v}
    for field, value in changed.items():
        setattr(instance, field, value)
    if changed:
        instance.save(update_fields=list(changed))
    return bool(changed)


def load_organisations() -> dict[str, Organisation]:
    """The seed organisations, created through the same service (and rules) as the pages."""
    municipalities = {m.name: m for m in Municipality.objects.all()}
    result: dict[str, Organisation] = {}
    for item in ORGANISATIONS:
        municipality = municipalities[item.municipality]
        values = {
            "short_name": item.short_name,
            "kind": item.kind,
            "parent": result[item.parent] if item.parent else None,
            "address": item.address,
            "is_partner": item.is_partner,
        }
        existing = Organisation.objects.filter(name=item.name, municipality=municipality).first()
        if existing is None:
            result[item.key] = network.create_organisation(
                name=item.name, municipality=municipality, **values
            )
            continue
        differs = {k: v for k, v in values.items() if getattr(existing, k) != v}
        result[item.key] = network.update_organisation(existing, **differs) if differs else existing
    return result


def _person(
    person: DemoPerson, organisations: dict[str, Organisation], password_hash: str, **extra
) -> User:
    organisation = organisations[person.organisation] if person.organisation else None
    school = organisations[CHILDREN_SCHOOL]
    values = {
        "last_name": person.last_name,
        "first_name": person.first_name,
        "patronymic": person.patronymic,
        "position": person.position,
        "organisation": organisation,
        "municipality": organisation.municipality if organisation else school.municipality,
        **extra,
    }
    user = User.objects.filter(email__iexact=person.email).first()
    if user is None:
        # The password is set only on creation: a changed demo password is left alone.
        user = User.objects.create(email=person.email, password=password_hash, **values)
    else:
        _sync(user, values)
    for role in person.roles:
        # Administrators and guardians act installation-wide; everyone else in their organisation.
        scope = None if role in (Role.ADMINISTRATOR, Role.GUARDIAN) else organisation
        Membership.objects.get_or_create(user=user, role=role, organisation=scope)
    return user


def load_people(organisations: dict[str, Organisation]) -> None:
    """One login per role, then the staff of the network (all with the demo password)."""
    # One hash for everyone: hashing dozens of times would make `make run` crawl.
    password_hash = make_password(DEMO_PASSWORD)
    for person in DEMO_ACCOUNTS:
        admin = Role.ADMINISTRATOR in person.roles
        _person(person, organisations, password_hash, is_staff=admin, is_superuser=admin)
    for person in staff_people():
        _person(person, organisations, password_hash)


def consent_text() -> ConsentText:
    """Version 1.0 of the consent; the accounts app ships it, this is only a fallback."""
    text, _ = ConsentText.objects.get_or_create(
        version=CONSENT_VERSION,
        defaults={
            "title": "Согласие на обработку персональных данных несовершеннолетнего",
            "body": (
                "Я, законный представитель ребёнка, даю согласие на обработку его "
                "персональных данных (фамилия, имя, отчество, дата рождения, учреждение "
                "образования, класс, муниципалитет) для участия в мероприятиях, конкурсах и "
                "занятиях детского технопарка. Согласие действует до его отзыва."
            ),
            "publication_clause": (
                "Разрешаю публиковать имя, фамилию, фотографии и работы ребёнка "
                "на сайте и в сообществах организаторов в связи с итогами "
                "мероприятий."
            ),
            "effective_from": dt.date(2024, 1, 1),
        },
    )
    return text


def load_children(organisations: dict[str, Organisation]) -> None:
    """The guardian's two children, each with a recorded consent; the elder is the pupil."""
    guardian = User.objects.get(email__iexact=GUARDIAN_EMAIL)
    school = organisations[CHILDREN_SCHOOL]
    text = consent_text()
    for last, first, middle, born, grade, account_email, publish in CHILDREN:
        account = User.objects.get(email__iexact=account_email) if account_email else None
        child, _ = ChildProfile.objects.get_or_create(
            guardian=guardian,
            last_name=last,
            first_name=first,
            birth_date=dt.date.fromisoformat(born),
            defaults={
                "patronymic": middle,
                "grade": grade,
                "school": school,
                "municipality": school.municipality,
                "account": account,
            },
        )
        _sync(child, {"account": account, "school": school, "grade": grade})
        if not child.consents.filter(guardian=guardian, withdrawn_at=None).exists():
            GuardianConsent.objects.create(
                child=child, guardian=guardian, text=text, allow_publication=publish
            )


def summary() -> str:
    counts = [
        ("регионов", Region.objects.count()),
        ("муниципалитетов", Municipality.objects.count()),
        ("организаций", Organisation.objects.count()),
        ("пользователей", User.objects.count()),
        ("ролей", Membership.objects.count()),
        ("детей", ChildProfile.objects.count()),
        ("согласий", GuardianConsent.objects.count()),
        ("конкурсов", Contest.objects.count()),
        ("конкурсных работ", Entry.objects.count()),
    ]
    return "Демонстрационные данные готовы: " + ", ".join(f"{k} — {v}" for k, v in counts) + "."
