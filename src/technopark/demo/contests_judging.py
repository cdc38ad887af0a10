"""A demo contest being judged right now, so the demo jury member finds open work: the city
pupils' project competition «Город будущего» of the Minsk resource centre «Технопрорыв».

The call closed a week before the first run; the organiser (the head of the resource centre)
started judging, which opened the scored stage, and assigned the jury of three automatically,
two judges per work (`services.jury.auto_assign`). The judges have saved part of their scores
through `services.scoring.save_scores`: the chair most of them, the secretary about half, and
the demo jury member zhyuri@technopark.local three works finished, one begun and the rest
untouched. Blind review is on, so the judges see numbers instead of names.

Idempotent: the lifecycle step runs only while the call is still open, the automatic assignment
only while a work lacks judges, and a score sheet is filled only if nothing is saved on it yet.
Dates are counted from the day of the first run; the points are pseudo-random but fixed.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from technopark.accounts.models import ChildProfile, User
from technopark.contests.models import Assignment, Contest, Entry, EntryStage, Stage
from technopark.contests.services import jury, lifecycle, scoring
from technopark.network.models import Organisation

from .contests_content import minsk_time
from .contests_parts import (
    get_contest,
    get_criteria,
    get_entry,
    get_jury,
    get_nominations,
    get_stage,
)
from .contests_pupils import mentors_by_school, pupil_authors
from .people import staff_email

SLUG = "gorod-budushchego-technoproryv"
TITLE = "Городской конкурс проектов учащихся «Город будущего: архитектура и дизайн»"
GOAL = (
    "Развитие у учащихся интереса к архитектуре, дизайну и инженерии городской среды, "
    "поддержка проектов, которые можно воплотить в родном районе."
)
DESCRIPTION = (
    "Учащиеся 12–17 лет представляют макеты, дизайн-проекты и действующие модели для города. "
    "Заочный этап — экспертиза проектов жюри по четырём критериям, без имён авторов; по две "
    "лучшие работы каждой номинации приглашаются на защиту в лабораторию технологий и "
    "инженерии технопарка."
)
ORGANISER = staff_email("Ковалевич", "Ирина", "Владимировна")  # head of the resource centre
ZHYURI = "zhyuri@technopark.local"
# (e-mail, role). An invited expert from Samara judges alongside the two Minsk scientists.
JURY = (
    (staff_email("Романович", "Сергей", "Викторович"), "chair"),
    (staff_email("Петрович", "Игорь", "Николаевич"), "secretary"),
    (ZHYURI, "member"),
)
# Judge → (sheets finished, sheets begun): in the order of the works' numbers.
PROGRESS = {JURY[0][0]: (6, 0), JURY[1][0]: (4, 1), ZHYURI: (3, 1)}
NOMINATIONS = (
    ("Архитектурный макет",
     "Макет здания, квартала или объекта благоустройства, выполненный вручную или на 3D-принтере."),
    ("Дизайн-проект городской среды",
     "Эскизный проект малой архитектурной формы, остановки, навигации или освещения."),
    ("Умный город",
     "Действующая модель устройства или сервиса для городского хозяйства."),
)  # fmt: skip
CRITERIA = (
    ("Оригинальность и обоснованность идеи", 10, False),
    ("Проработка проекта: чертежи, макет, расчёты", 10, True),
    ("Польза для города и реальность воплощения", 10, False),
    ("Оформление и презентация", 5, False),
)
DEFENCE_CRITERIA = (
    ("Защита проекта и ответы на вопросы", 10, True),
    ("Самостоятельность автора", 10, False),
)
# (Minsk pupil index as in contests_pupils, nomination index, title); the number is the order.
ENTRIES = (
    (3, 0, "Энергоэффективный жилой квартал на берегу Свислочи"),
    (11, 1, "Остановка общественного транспорта с солнечной панелью"),
    (0, 2, "Умный светофор для пешеходного перехода у школы"),
    (7, 0, "Детская площадка из переработанного пластика: макет 1:50"),
    (19, 1, "Навигация для парка: указатели и пиктограммы"),
    (8, 2, "Датчик заполненности мусорных контейнеров во дворе"),
    (23, 0, "Вторая жизнь заброшенного сквера: 3D-модель и макет"),
    (27, 1, "Скамейки-трансформеры для школьного двора"),
    (13, 2, "Приложение «Где мой троллейбус» для слабовидящих пассажиров"),
    (31, 0, "Велопарковка-павильон у станции метро"),
    (35, 1, "Освещение набережной: светильники с параметрическим абажуром"),
    (22, 2, "Полив городских клумб по датчикам влажности почвы"),
)
COMMENTS = (
    "Идея понятна и полезна району; в пояснительной записке не хватает расчётов.",
    "Хорошая проработка макета, аккуратное оформление.",
    "Стоит показать, как проект будет обслуживаться и сколько он стоит.",
    "",
)


def spec(today: dt.date) -> dict:
    """The call ran for five weeks and closed a week before the first run."""
    return {
        "slug": SLUG,
        "title": TITLE,
        "kind": "projects",
        "level": "municipal",
        "audience": "pupils",
        "goal": GOAL,
        "description": DESCRIPTION,
        "organisation": "technoproryv",
        "partners": ("bntu", "palace"),
        "submission_opens_at": minsk_time(today, -42, 9),
        "submission_closes_at": minsk_time(today, -7, 18),
        # The call's last day; judging is started below through the lifecycle service.
        "status": Contest.Status.CALL_OPEN,
        "min_age": 12,
        "max_age": 17,
        "blind_review": True,
        "judges_per_entry": 2,
        "award_rule": {"first": 1, "second": 1, "third": 1, "laureate_min_score": 22},
    }


def stages(today: dt.date) -> list[dict]:
    def days(n: int) -> dt.date:
        return today + dt.timedelta(days=n)

    return [
        {"title": "Заочный этап: экспертиза проектов", "kind": "scored", "pass_rule": "top_n",
         "pass_value": 2, "starts_on": days(-4), "ends_on": days(6)},
        {"title": "Защита проектов в технопарке", "kind": "scored", "starts_on": days(13),
         "ends_on": days(13)},
    ]  # fmt: skip


def load_judging_contest(orgs: dict[str, Organisation], children: list[ChildProfile]) -> Contest:
    today = timezone.localdate()
    contest = get_contest(orgs, spec(today))
    first, defence = (
        get_stage(contest, position, **values)
        for position, values in enumerate(stages(today), start=1)
    )
    nominations = get_nominations(contest, NOMINATIONS)
    criteria = get_criteria(first, CRITERIA)
    get_criteria(defence, DEFENCE_CRITERIA)
    judges = get_jury(first, JURY)
    mentors = mentors_by_school()
    school_keys = {org.pk: key for key, org in orgs.items()}
    for number, (child_index, nomination, title) in enumerate(ENTRIES, start=1):
        child = children[child_index]
        teachers = mentors[school_keys[child.school_id]]
        get_entry(
            contest,
            number,
            pupil_authors(child, teachers[number % len(teachers)]),
            stage=first,
            admission=EntryStage.Admission.OPEN_CALL,
            submitted_at=minsk_time(today, -40 + 3 * number, 15 + number % 5),
            nomination=nominations[nomination],
            title=title,
            submitted_by=child.guardian,
            organisation=child.school,
            municipality=child.municipality,
        )
    organiser = User.objects.get(email=ORGANISER)
    if contest.status == Contest.Status.CALL_OPEN:
        contest = lifecycle.start_judging(contest, user=organiser)  # opens the first stage
    first.refresh_from_db()
    _assign(first, organiser)
    _score(first, judges, criteria)
    return contest


def _assign(stage: Stage, organiser: User) -> None:
    """The automatic assignment, only while some work still lacks its judges (every run of the
    service is audited, so a second demo run must not call it for nothing)."""
    needed = stage.contest.judges_per_entry
    short = (
        Entry.objects.filter(stages__stage=stage, status=Entry.Status.SUBMITTED)
        .annotate(judges=Count("assignments", distinct=True))
        .filter(judges__lt=needed)
    )
    if stage.status == Stage.Status.OPEN and short.exists():
        jury.auto_assign(stage, user=organiser)


def _score(stage: Stage, judges: list[User], criteria) -> None:
    """Each judge's finished and begun sheets, in the order of the works' numbers; a sheet that
    already has anything saved is left as it is."""
    if stage.status != Stage.Status.OPEN:
        return
    for judge in judges:
        finished, begun = PROGRESS[judge.email]
        sheets = (
            Assignment.objects.filter(stage=stage, judge=judge)
            .select_related("entry")
            .annotate(saved=Count("scores"))
            .order_by("entry__number")
        )
        for n, sheet in enumerate(sheets[: finished + begun]):
            if sheet.saved or sheet.completed_at:
                continue
            complete = n < finished
            rng = random.Random(f"{SLUG}:{sheet.entry.number}:{judge.email}")
            quality = random.Random(f"{SLUG}:{sheet.entry.number}").uniform(0.5, 0.9)
            points = {
                c.pk: (Decimal(max(1, min(int(c.max_points), round(
                    float(c.max_points) * (quality + rng.uniform(-0.1, 0.1))
                )))), "")
                for c in (criteria if complete else criteria[:2])
            }  # fmt: skip
            scoring.save_scores(
                sheet,
                user=judge,
                scores=points,
                comment=rng.choice(COMMENTS) if complete else "",
                complete=complete,
            )
