"""The Minsk pupils of the demo contests and their parents: each child registered by a parent
with a recorded consent, as the accounts service requires; a pupil's teacher is the mentor."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from technopark.accounts import services as accounts
from technopark.accounts.models import ChildProfile, ConsentText, Membership, Role, User
from technopark.contests.models import EntryAuthor
from technopark.network.models import Organisation

from .events_people import MINSK_PUPILS, _email, minsk_teachers
from .people import DEMO_PASSWORD

# Pupils beyond the weekend registrations (the first seven complete the 36 applicants):
# (last name, first name, school key).
EXTRA_PUPILS = (
    ("Гайдук", "Виктория", "gym1"),
    ("Латышевич", "Богдан", "school51"),
    ("Олешкевич", "Ульяна", "gym29"),
    ("Сацук", "Тимур", "school141"),
    ("Борисевич", "Кира", "gym1"),
    ("Навроцкий", "Фёдор", "school51"),
    ("Герасимович", "Мирон", "gym29"),
    # Younger pupils, too young for the selection: only in the open project competition.
    ("Шумская", "Милана", "school141"),
    ("Данилюк", "Савелий", "gym1"),
)


def pupil_age(index: int) -> int:
    """Applicants are 13–16; the last two pupils (the younger ones) are 11 and 12."""
    extra = index - 36
    return 11 + extra if extra >= 0 else 13 + index % 4


def mother_surname(last_name: str) -> str:
    """Мельник and Новик stay, Лисовский → Лисовская, Зайцев → Зайцева, Гурин → Гурина."""
    for male, female in (("ский", "ская"), ("цкий", "цкая"), ("ов", "ова"), ("ев", "ева")):
        if last_name.endswith(male):
            return last_name[: -len(male)] + female
    return last_name + "а" if last_name.endswith(("ин", "ын")) else last_name


MOTHERS = (
    ("Ирина", "Александровна"), ("Наталья", "Викторовна"), ("Елена", "Сергеевна"),
    ("Ольга", "Николаевна"), ("Татьяна", "Ивановна"), ("Светлана", "Петровна"),
    ("Юлия", "Владимировна"), ("Анна", "Михайловна"), ("Марина", "Анатольевна"),
)  # fmt: skip


def load_minsk_children(orgs: dict[str, Organisation]) -> list[ChildProfile]:
    """Minsk pupils, each registered by a parent with a recorded consent (through the accounts
    service, which refuses a child without one). Found again by parent and name."""
    pupils = [*MINSK_PUPILS, *EXTRA_PUPILS]
    taken: set[str] = set()
    # The same addresses the weekend registrations show as the parent's contact.
    emails = [
        _email(last, first, "р", taken).replace("@", ".roditel@") for last, first, _ in pupils
    ]
    guardians = {u.email: u for u in User.objects.filter(email__in=emails)}
    password_hash = None
    text = ConsentText.current()
    today = timezone.localdate()
    children = []
    for index, ((last, first, school_key), email) in enumerate(zip(pupils, emails, strict=True)):
        school = orgs[school_key]
        guardian = guardians.get(email)
        if guardian is None:
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            mother, patronymic = MOTHERS[index % len(MOTHERS)]
            guardian = User.objects.create(
                email=email,
                password=password_hash,
                last_name=mother_surname(last),
                first_name=mother,
                patronymic=patronymic,
                municipality=school.municipality,
            )
        Membership.objects.get_or_create(user=guardian, role=Role.GUARDIAN, organisation=None)
        child = guardian.children.filter(last_name=last, first_name=first).first()
        if child is None:
            age = pupil_age(index)
            guardian = User.objects.get(pk=guardian.pk)  # roles as they are now
            child = accounts.create_child_profile(
                guardian,
                last_name=last,
                first_name=first,
                birth_date=today - dt.timedelta(days=int(365.25 * age) + 40 + index * 7),
                school=school,
                grade=str(age - 6),
                consent_given=True,
                consent_text=text,
                allow_publication=index % 4 != 3,
            )
        children.append(child)
    return children


def pupil_authors(child: ChildProfile, mentor) -> list[dict]:
    """The pupil as the author, their teacher as the mentor (with an account if they have one)."""
    name = f"{child.last_name} {child.first_name}"
    return [
        {"child": child, "full_name": name, "role": EntryAuthor.Role.AUTHOR},
        {"user": mentor[1], "full_name": mentor[0], "role": EntryAuthor.Role.MENTOR},
    ]


def mentors_by_school() -> dict[str, list[tuple[str, User | None]]]:
    teachers = minsk_teachers()
    users = {u.email: u for u in User.objects.filter(email__in=[t.email for t in teachers])}
    by_school: dict[str, list] = {}
    for t in teachers:
        by_school.setdefault(t.organisation, []).append((t.full_name, users.get(t.email)))
    return by_school
