"""Participants of the demo events: teachers of Samara region (seed 000) and pupils and
teachers of Minsk (seed 001). Deterministic: the same lists and seed give the same people, so
the loader can find them again by e-mail and a second run adds nobody."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .people import STAFF, staff_email

DOMAIN = "demo.technopark.local"


@dataclass(frozen=True)
class Participant:
    full_name: str
    email: str
    organisation: str  # key of a DemoOrganisation
    role: str  # Registration.ParticipantRole value


# Women far outnumber men among teachers of extra-curricular education; the lists follow that.
WOMEN = (
    ("Афанасьева", "Ольга", "Викторовна"),
    ("Борисова", "Елена", "Сергеевна"),
    ("Волкова", "Наталья", "Александровна"),
    ("Григорьева", "Татьяна", "Ивановна"),
    ("Дмитриева", "Светлана", "Юрьевна"),
    ("Егорова", "Ирина", "Николаевна"),
    ("Зайцева", "Марина", "Петровна"),
    ("Ильина", "Людмила", "Васильевна"),
    ("Калинина", "Анна", "Михайловна"),
    ("Ларионова", "Оксана", "Геннадьевна"),
    ("Мартынова", "Юлия", "Андреевна"),
    ("Носова", "Галина", "Фёдоровна"),
    ("Осипова", "Екатерина", "Владимировна"),
    ("Павлова", "Валентина", "Алексеевна"),
    ("Романова", "Лариса", "Анатольевна"),
    ("Савельева", "Надежда", "Олеговна"),
    ("Титова", "Алёна", "Игоревна"),
    ("Ушакова", "Вера", "Константиновна"),
    ("Фомина", "Елена", "Борисовна"),
    ("Хохлова", "Антонина", "Павловна"),
    ("Чернова", "Ксения", "Дмитриевна"),
    ("Шарова", "Любовь", "Николаевна"),
    ("Щербакова", "Оксана", "Викторовна"),
    ("Юдина", "Мария", "Сергеевна"),
    ("Яшина", "Инна", "Валерьевна"),
    ("Богданова", "Римма", "Ахатовна"),
    ("Карпова", "Евгения", "Романовна"),
    ("Лаптева", "Ольга", "Вячеславовна"),
    ("Мухина", "Тамара", "Степановна"),
    ("Пономарёва", "Алла", "Григорьевна"),
    ("Рябова", "Жанна", "Евгеньевна"),
    ("Сафонова", "Дина", "Рашидовна"),
    ("Тихонова", "Полина", "Андреевна"),
    ("Уварова", "Наталья", "Леонидовна"),
)
MEN = (
    ("Абрамов", "Сергей", "Николаевич"),
    ("Белов", "Виктор", "Иванович"),
    ("Горшков", "Дмитрий", "Андреевич"),
    ("Ежов", "Александр", "Павлович"),
    ("Кудрявцев", "Олег", "Юрьевич"),
    ("Логинов", "Михаил", "Сергеевич"),
    ("Никифоров", "Антон", "Владимирович"),
    ("Рахимов", "Ринат", "Маратович"),
    ("Соболев", "Илья", "Константинович"),
    ("Трофимов", "Василий", "Петрович"),
    ("Фадеев", "Юрий", "Алексеевич"),
    ("Шубин", "Геннадий", "Викторович"),
)

# Samara organisations teachers come from; the site's own district (Большая Черниговка) weighs
# most, as it did in reality: colleagues next door come in person.
SAMARA_WEIGHTS = {
    "cdt": 3,
    "kvantum": 2,
    "school1": 3,
    "school2": 3,
    "samara_palace": 1,
    "kvantorium": 1,
    "tlt_cit": 1,
    "tlt_school26": 1,
    "syzran_school3": 1,
    "kinel_school4": 1,
    "pokhv_school7": 1,
    "bor_ddt": 2,
    "neft_school2": 1,
    "glush_ddt": 2,
    "kch_school1": 1,
    "nvk_school5": 1,
    "chap_school13": 1,
    "pestr_school": 1,
    "kyar_school1": 1,
    "serg_school1": 1,
    "otr_school10": 1,
}
# Organisers of the site do not register for their own events.
ORGANISERS = {"metodist@technopark.local", staff_email("Белова", "Татьяна", "Николаевна")}


def _latin(text: str) -> str:
    from .people import _LATIN

    return "".join(_LATIN.get(ch, ch) for ch in text.lower())


def _email(last: str, first: str, middle: str, taken: set[str]) -> str:
    base = f"{_latin(last)}.{_latin(first[0])[0]}{_latin(middle[0])[0]}"
    email, n = f"{base}@{DOMAIN}", 1
    while email in taken:
        n += 1
        email = f"{base}{n}@{DOMAIN}"
    taken.add(email)
    return email


def samara_teachers() -> list[Participant]:
    """The pool of Samara teachers and methodists the seed-000 events draw from (73 people)."""
    people: list[Participant] = []
    taken: set[str] = set()
    for last, first, middle, org, roles, _position in STAFF:
        if org not in SAMARA_WEIGHTS and org not in ("sipkro",):
            continue
        email = staff_email(last, first, middle)
        if email in ORGANISERS:
            continue
        taken.add(email)
        role = "methodist" if "methodist" in roles else "teacher"
        people.append(Participant(f"{last} {first} {middle}", email, org, role))
    rng = random.Random("osp-2023")
    orgs, weights = list(SAMARA_WEIGHTS), list(SAMARA_WEIGHTS.values())
    names = [*WOMEN, *MEN]
    rng.shuffle(names)
    for index, (last, first, middle) in enumerate(names):
        role = "leader" if index % 15 == 7 else ("methodist" if index % 6 == 3 else "teacher")
        org = rng.choices(orgs, weights)[0]
        people.append(
            Participant(f"{last} {first} {middle}", _email(last, first, middle, taken), org, role)
        )
    return people


def pick(pool: list[Participant], count: int, seed: str) -> list[Participant]:
    """`count` distinct people of the pool, the same ones every time for the same seed."""
    return random.Random(seed).sample(pool, count)


MINSK_PUPILS = (
    ("Ковальчук", "Артём", "gym1"),
    ("Новик", "Даниил", "school51"),
    ("Лисовская", "Вероника", "gym29"),
    ("Мельник", "Егор", "school141"),
    ("Гурин", "Тимофей", "gym1"),
    ("Садовская", "Полина", "gym29"),
    ("Ермакович", "Кирилл", "school51"),
    ("Пашкевич", "Матвей", "school141"),
    ("Жданович", "Алиса", "gym1"),
    ("Кравченко", "Илья", "gym29"),
    ("Бондарь", "Станислав", "school51"),
    ("Русакович", "Ева", "school141"),
    ("Сенькевич", "Глеб", "gym1"),
    ("Войтович", "Марк", "gym29"),
    ("Лапицкая", "Дарья", "school51"),
    ("Зубович", "Арсений", "school141"),
    ("Шишко", "Никита", "gym1"),
    ("Козловская", "София", "gym29"),
    ("Авсиевич", "Максим", "school51"),
    ("Рудак", "Владислав", "school141"),
    ("Карпович", "Анастасия", "gym1"),
    ("Хомич", "Роман", "gym29"),
    ("Юркевич", "Лев", "school51"),
    ("Лобач", "Ярослав", "school141"),
    ("Грицкевич", "Злата", "gym1"),
    ("Мисюк", "Денис", "gym29"),
    ("Станкевич", "Александр", "school51"),
    ("Тарасюк", "Ксения", "school141"),
    ("Якубович", "Михаил", "gym1"),
)

MINSK_TEACHERS = (
    ("Левчук", "Анна", "Сергеевна", "gym1"),
    ("Головач", "Дмитрий", "Олегович", "school51"),
    ("Дашкевич", "Марина", "Юрьевна", "gym29"),
    ("Тарасевич", "Виктор", "Андреевич", "school141"),
    ("Кузьмич", "Елена", "Владимировна", "gym1"),
    ("Бобрик", "Сергей", "Анатольевич", "school51"),
    ("Романюк", "Оксана", "Петровна", "gym29"),
    ("Лещинская", "Ирина", "Михайловна", "school141"),
    ("Пилипович", "Андрей", "Николаевич", "palace"),
    ("Савчук", "Наталья", "Ивановна", "palace"),
    ("Жилинская", "Татьяна", "Леонидовна", "gym1"),
    ("Мороз", "Алексей", "Викторович", "school51"),
    ("Шпак", "Светлана", "Александровна", "gym29"),
    ("Дубовик", "Галина", "Степановна", "school141"),
    ("Рыбак", "Юрий", "Геннадьевич", "palace"),
    ("Сушко", "Людмила", "Васильевна", "gym1"),
    ("Войтюк", "Елена", "Аркадьевна", "school51"),
    ("Корзун", "Павел", "Игоревич", "gym29"),
    ("Ляшкевич", "Вера", "Олеговна", "school141"),
    ("Прокопович", "Инна", "Сергеевна", "palace"),
)


def minsk_pupils() -> list[Participant]:
    """Pupils signed up by their parents; the parent's address is the contact."""
    taken: set[str] = set()
    return [
        Participant(
            f"{last} {first}",
            _email(last, first, "р", taken).replace("@", ".roditel@"),
            org,
            "pupil",
        )
        for last, first, org in MINSK_PUPILS
    ]


def minsk_teachers() -> list[Participant]:
    taken: set[str] = set()
    result = []
    for last, first, middle, org in MINSK_TEACHERS:
        known = staff_email(last, first, middle)
        email = known if any(s[0] == last and s[1] == first for s in STAFF) else None
        email = email or _email(last, first, middle, taken)
        taken.add(email)
        result.append(Participant(f"{last} {first} {middle}", email, org, "teacher"))
    return result
