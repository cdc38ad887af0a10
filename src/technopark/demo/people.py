"""Demo people: one login per role (password shared, printed by `make run`) and the staff of
the demo network. Organisations are referred to by their key in `demo/organisations.py`."""

from dataclasses import dataclass

DEMO_PASSWORD = "technopark-demo"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    roles: tuple[str, ...]
    last_name: str
    first_name: str
    patronymic: str
    organisation: str  # key of a DemoOrganisation, "" for none
    position: str = ""
    label: str = ""  # shown by `technopark welcome` for the demo logins


DEMO_ACCOUNTS = [
    DemoPerson(
        "admin@technopark.local",
        ("administrator",),
        "Соколов",
        "Андрей",
        "Викторович",
        "cdt",
        "администратор платформы",
        label="администратор",
    ),
    DemoPerson(
        "metodist@technopark.local",
        ("methodist",),
        "Иванова",
        "Юлия",
        "Юрьевна",
        "cdt",
        "методист",
        label="методист",
    ),
    DemoPerson(
        "pedagog@technopark.local",
        ("teacher",),
        "Морозов",
        "Алексей",
        "Николаевич",
        "kvantum",
        "педагог дополнительного образования",
        label="педагог",
    ),
    DemoPerson(
        "uchenik@technopark.local",
        ("pupil",),
        "Фролов",
        "Максим",
        "Сергеевич",
        "kvantum",
        label="обучающийся",
    ),
    DemoPerson(
        "roditel@technopark.local",
        ("guardian",),
        "Фролова",
        "Елена",
        "Викторовна",
        "",
        label="родитель",
    ),
    DemoPerson(
        "zhyuri@technopark.local",
        ("jury",),
        "Кузьмина",
        "Ольга",
        "Петровна",
        "sipkro",
        "доцент кафедры естественно-научного образования",
        label="член жюри",
    ),
    DemoPerson(
        "partner@technopark.local",
        ("partner",),
        "Кравченко",
        "Дмитрий",
        "Александрович",
        "bntu",
        "заведующий кафедрой",
        label="партнёр",
    ),
]

DEMO_USERS = [(person.label, person.email) for person in DEMO_ACCOUNTS]

# The pupil's guardian, children (the elder has the pupil login), and their school.
GUARDIAN_EMAIL = "roditel@technopark.local"
CHILDREN = [
    # last, first, patronymic, birth date, grade, account e-mail, publication allowed
    ("Фролов", "Максим", "Сергеевич", "2011-04-12", "7", "uchenik@technopark.local", True),
    ("Фролова", "Анна", "Сергеевна", "2015-09-03", "3", "", False),
]
CHILDREN_SCHOOL = "school2"

TEACHER = "педагог дополнительного образования"

# Staff across the network: last, first, patronymic, organisation key, roles, position.
STAFF = [
    # Samara region
    ("Белова", "Татьяна", "Николаевна", "cdt", ("methodist",), "руководитель СП ЦДТ"),
    ("Никитина", "Светлана", "Александровна", "cdt", ("teacher",), TEACHER),
    ("Захаров", "Игорь", "Владимирович", "cdt", ("teacher",), TEACHER),
    ("Семёнова", "Марина", "Викторовна", "kvantum", ("teacher",), TEACHER),
    ("Лебедев", "Павел", "Андреевич", "kvantum", ("teacher",), TEACHER),
    ("Горбунова", "Ирина", "Петровна", "school1", ("teacher",), "учитель технологии"),
    ("Тимофеева", "Наталья", "Геннадьевна", "school2", ("teacher",), "учитель информатики"),
    (
        "Орлова",
        "Елена",
        "Анатольевна",
        "samara_ministry",
        ("methodist",),
        "главный специалист отдела дополнительного образования",
    ),
    ("Андреева", "Галина", "Михайловна", "sipkro", ("methodist", "jury"), "методист"),
    ("Полякова", "Анастасия", "Игоревна", "samara_palace", ("methodist",), "методист"),
    ("Васильев", "Кирилл", "Олегович", "kvantorium", ("teacher",), TEACHER),
    ("Ершова", "Дарья", "Александровна", "kvantorium", ("teacher",), TEACHER),
    ("Гусев", "Роман", "Евгеньевич", "samgtu", ("partner", "jury"), "доцент"),
    ("Комарова", "Людмила", "Васильевна", "tlt_cit", ("methodist",), "методист"),
    ("Сорокин", "Денис", "Викторович", "tlt_cit", ("teacher",), TEACHER),
    ("Баранова", "Оксана", "Юрьевна", "tlt_school26", ("teacher",), "учитель физики"),
    ("Жукова", "Валентина", "Ивановна", "syzran_school3", ("teacher",), "учитель технологии"),
    ("Медведев", "Артём", "Сергеевич", "kinel_school4", ("teacher",), TEACHER),
    ("Киселёва", "Юлия", "Олеговна", "pokhv_school7", ("teacher",), "учитель информатики"),
    ("Власова", "Елена", "Николаевна", "bor_ddt", ("methodist",), "методист"),
    ("Гаврилов", "Сергей", "Петрович", "bor_ddt", ("teacher",), TEACHER),
    ("Тарасова", "Ольга", "Владимировна", "neft_school2", ("teacher",), "учитель технологии"),
    ("Филиппова", "Надежда", "Алексеевна", "glush_ddt", ("teacher",), TEACHER),
    ("Михайлов", "Евгений", "Александрович", "kch_school1", ("teacher",), "учитель физики"),
    ("Антонова", "Вера", "Сергеевна", "nvk_school5", ("teacher",), TEACHER),
    ("Степанова", "Кристина", "Андреевна", "chap_school13", ("teacher",), "учитель информатики"),
    ("Королёв", "Николай", "Иванович", "pestr_school", ("teacher",), "учитель технологии"),
    ("Яковлева", "Алла", "Викторовна", "kyar_school1", ("teacher",), TEACHER),
    ("Макарова", "Людмила", "Петровна", "serg_school1", ("teacher",), "учитель начальных классов"),
    ("Афанасьев", "Владимир", "Геннадьевич", "otr_school10", ("teacher",), TEACHER),
    # Minsk
    (
        "Ковалевич",
        "Ирина",
        "Владимировна",
        "technoproryv",
        ("methodist",),
        "заведующий ресурсным центром",
    ),
    ("Савицкая", "Ольга", "Николаевна", "technoproryv", ("methodist",), "методист"),
    ("Жук", "Андрей", "Леонидович", "technoproryv", ("teacher",), TEACHER),
    ("Шевчук", "Татьяна", "Михайловна", "technoproryv", ("teacher",), TEACHER),
    ("Мицкевич", "Павел", "Сергеевич", "technoproryv", ("teacher",), TEACHER),
    (
        "Лукашевич",
        "Наталья",
        "Ивановна",
        "palace",
        ("methodist",),
        "заместитель директора по учебно-методической работе",
    ),
    ("Ярошевич", "Максим", "Александрович", "ndt", ("teacher",), TEACHER),
    ("Климович", "Елена", "Петровна", "ndt", ("methodist",), "методист"),
    ("Кравцова", "Людмила", "Анатольевна", "minsk_committee", ("methodist",), "главный специалист"),
    ("Сидорович", "Алла", "Викторовна", "mgiro", ("methodist",), "старший преподаватель"),
    ("Гончарович", "Валентина", "Степановна", "apo", ("partner",), "доцент кафедры"),
    ("Петрович", "Игорь", "Николаевич", "nan", ("partner", "jury"), "старший научный сотрудник"),
    ("Романович", "Сергей", "Викторович", "bsuir", ("partner", "jury"), "доцент кафедры"),
    (
        "Бондаренко",
        "Артём",
        "Игоревич",
        "roboeng",
        ("partner",),
        "руководитель образовательных проектов",
    ),
    ("Левчук", "Анна", "Сергеевна", "gym1", ("teacher",), "учитель информатики"),
    ("Головач", "Дмитрий", "Олегович", "school51", ("teacher",), "учитель физики"),
    ("Дашкевич", "Марина", "Юрьевна", "gym29", ("teacher",), "учитель трудового обучения"),
    ("Тарасевич", "Виктор", "Андреевич", "school141", ("teacher",), "учитель информатики"),
]

_LATIN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


def staff_email(last_name: str, first_name: str, patronymic: str) -> str:
    """A stable address from the name, e.g. «Белова Татьяна Николаевна» → belova.tn@…"""
    latin = "".join(_LATIN.get(ch, ch) for ch in last_name.lower())
    initials = "".join(_LATIN[name[0].lower()][0] for name in (first_name, patronymic))
    return f"{latin}.{initials}@demo.technopark.local"


def staff_people() -> list[DemoPerson]:
    return [
        DemoPerson(staff_email(last, first, middle), roles, last, first, middle, org, position)
        for last, first, middle, org, roles, position in STAFF
    ]


def demo_logins() -> list[tuple[str, str]]:
    return list(DEMO_USERS)
