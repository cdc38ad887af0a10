"""A hand-made report of the builder's shape, close to the demo initiative osp-2023.

An uploaded DOCX template is tried on it before it replaces the current one (every loop and
condition of a template meets data here), and the tests render every format from it."""

from __future__ import annotations

import copy

TOPIC = (
    "Использование ресурсов мини-технопарка «Квантум» при реализации дополнительных "
    "общеобразовательных программ технической направленности"
)

QUESTIONS = [
    "Какие ресурсы мини-технопарка сельской школы используются недостаточно и что этому мешает?",
    "Как выстроить сетевое взаимодействие мини-технопарков с детскими технопарками «Кванториум»?",
    "Где педагогу дополнительного образования получить подготовку для работы на новом "
    "оборудовании?",
]

SAMPLE = {
    "scope": {"kind": "initiative", "title": TOPIC},
    "initiative": {
        "slug": "osp-2023",
        "title": TOPIC,
        "topic": TOPIC,
        "goal": "Распространение опыта работы СП ЦДТ по формированию инженерно-технического "
        "потенциала обучающихся в сельской местности на базе детского мини-технопарка.",
        "status_title": "областная стажёрская площадка по техническому направлению",
        "year": 2023,
        "organisation": "СП ЦДТ ГБОУ СОШ № 1 «ОЦ» с. Большая Черниговка",
    },
    "period": {"from": "2023-01-01", "to": "2023-12-31"},
    "events_planned": 3,
    "events_held": 3,
    "plan": [
        {
            "title": "Открытие областной стажёрской площадки",
            "planned_for": "2023-03-01",
            "kind": "открытие",
            "held": True,
            "event_id": 1,
        },
        {
            "title": "Областной конкурс педагогического мастерства",
            "planned_for": "2023-10-01",
            "kind": "конкурс",
            "held": True,
            "event_id": 2,
        },
        {
            "title": "Круглый стол «Перспективы развития детских мини-технопарков»",
            "planned_for": "2023-11-01",
            "kind": "круглый стол",
            "held": True,
            "event_id": 3,
        },
    ],
    "events_by_kind": [
        {"kind": "открытие", "planned": 1, "held": 1},
        {"kind": "конкурс", "planned": 1, "held": 1},
        {"kind": "круглый стол", "planned": 1, "held": 1},
    ],
    "events_by_format": [
        {"format": "очно-заочно (гибридно)", "held": 2, "format_code": "hybrid"},
        {"format": "дистанционно", "held": 1, "format_code": "online"},
    ],
    "registrations": 113,
    "stream_views": 40,
    "reach": 153,
    "unique_participants": 98,
    "attendance": {"in_person": 70, "online": 31},
    "municipalities": [
        {"name": "Большечерниговский район", "participants": 41},
        {"name": "Самара", "participants": 30},
        {"name": "Большеглушицкий район", "participants": 21},
        {"name": "Тольятти", "participants": 1},
    ],
    "roles": [
        {"role": "педагог", "participants": 90},
        {"role": "методист", "participants": 21},
        {"role": "обучающийся", "participants": 2},
    ],
    "organisation_kinds": [
        {"kind": "школа", "participants": 70},
        {"kind": "организация дополнительного образования", "participants": 43},
    ],
    "contests": [
        {
            "id": 1,
            "title": "Областной конкурс педагогического мастерства «Проектная педагогическая "
            "мастерская по развитию технического творчества»",
            "works": 23,
            "nominations": [
                {"name": "Методическая разработка занятия", "works": 11},
                {"name": "Программа технической направленности", "works": 7},
                {"name": "Проект мини-технопарка", "works": 5},
            ],
            "jury_feedback": "Подобные конкурсы направлены на стимулирование деятельности "
            "педагогических работников Самарской области по разработке авторских педагогических "
            "и методических материалов в области технического творчества.",
            "results_published": True,
            "winners": [
                {
                    "place": 1,
                    "title": "Робототехника в сельской школе",
                    "authors": "Семёнова М. В.",
                    "nomination": "Проект мини-технопарка",
                },
            ],
            "kind": "конкурс педагогического мастерства",
            "kind_code": "mastery",
            "stages": [],
        },
        {
            "id": 2,
            "title": "Отбор учащихся в профильную смену технопарка",
            "kind": "отбор",
            "kind_code": "selection",
            "status": "идёт оценка",
            "status_code": "judging",
            "event_id": None,
            "submission_opens": "2023-10-02",
            "submission_closes": "2023-10-20",
            "works": 36,
            "nominations": [
                {"name": "Робототехника", "works": 20},
                {"name": "Информационные технологии", "works": 16},
            ],
            "stages": [
                {
                    "position": 1,
                    "title": "Экспертиза проектов",
                    "kind": "экспертная оценка жюри",
                    "status": "закрыт",
                    "entries": 30,
                    "passed": 21,
                    "not_passed": 9,
                    "pending": 0,
                    "by_achievement": 0,
                },
                {
                    "position": 2,
                    "title": "Тестирование",
                    "kind": "тестирование",
                    "status": "идёт",
                    "entries": 27,
                    "passed": 0,
                    "not_passed": 0,
                    "pending": 27,
                    "by_achievement": 6,
                },
            ],  # fmt: skip
            "jury_feedback": "",
            "results_published": False,
            "winners": [],
        },
    ],
    "feedback": {
        "responses": 30,
        "mean_rating": 4.4,
        "preferred_format": {"in_person": 0.6, "online": 0.167, "hybrid": 0.233},
        "preferred": "in_person",
    },
    "materials": 4,
    "events": [
        {
            "id": 1,
            "title": "Открытие областной стажёрской площадки «Использование ресурсов "
            "мини-технопарка «Квантум»»",
            "date": "2023-03-28",
            "kind": "открытие",
            "kind_code": "opening",
            "format": "очно-заочно (гибридно)",
            "format_code": "hybrid",
            "registrations": 61,
            "stream_views": 40,
            "attended": 55,
            "attended_in_person": 38,
            "attended_online": 17,
            "venue": "Мини-технопарк «Квантум», с. Большая Черниговка, на базе ГБОУ СОШ № 2",
            "platforms": ["jazz.sber.ru", "ВКонтакте"],
            "municipalities": 4,
            "recording_url": "https://cdt-chernigovka.example/osp/otkrytie-2023",
            "questions": [],
            "summary": "Педагоги дополнительного образования совместно со своими воспитанниками "
            "показали мастер-классы.",
            "feedback_responses": 0,
        },
        {
            "id": 2,
            "title": "Областной конкурс педагогического мастерства «Проектная педагогическая "
            "мастерская по развитию технического творчества»: подведение итогов",
            "date": "2023-10-26",
            "kind": "конкурс",
            "kind_code": "competition",
            "format": "дистанционно",
            "format_code": "online",
            "registrations": 0,
            "stream_views": 0,
            "attended": 0,
            "attended_in_person": 0,
            "attended_online": 0,
            "venue": "",
            "platforms": ["jazz.sber.ru"],
            "municipalities": 0,
            "recording_url": "",
            "questions": [],
            "summary": "",
            "feedback_responses": 0,
        },
        {
            "id": 3,
            "title": "Круглый стол «Перспективы развития детских мини-технопарков»",
            "date": "2023-11-23",
            "kind": "круглый стол",
            "kind_code": "round_table",
            "format": "очно-заочно (гибридно)",
            "format_code": "hybrid",
            "registrations": 52,
            "stream_views": 0,
            "attended": 46,
            "attended_in_person": 32,
            "attended_online": 14,
            "venue": "Мини-технопарк «Квантум», с. Большая Черниговка",
            "platforms": ["jazz.sber.ru"],
            "municipalities": 3,
            "recording_url": "",
            "questions": QUESTIONS,
            "summary": "Участники очень пассивно принимали участие в обсуждении.",
            "feedback_responses": 30,
        },
    ],
    "conclusion": "Основная цель — распространение опыта работы СП ЦДТ в направлении "
    "формирования инженерно-технического потенциала обучающихся в сельской местности — "
    "достигнута.",
}


def sample_report(**changes) -> dict:
    """A deep copy of SAMPLE with top-level keys replaced."""
    report = copy.deepcopy(SAMPLE)
    report.update(changes)
    return report


def empty_report() -> dict:
    """An honest report of zeros: an organisation's period with nothing held."""
    return {
        "scope": {"kind": "organisation", "title": "Детский технопарк"},
        "period": {"from": "2024-01-01", "to": "2024-12-31"},
        "events_planned": 0,
        "events_held": 0,
        "plan": [],
        "events_by_kind": [],
        "events_by_format": [],
        "registrations": 0,
        "stream_views": 0,
        "reach": 0,
        "unique_participants": 0,
        "attendance": {"in_person": 0, "online": 0},
        "municipalities": [],
        "roles": [],
        "organisation_kinds": [],
        "contests": [],
        "feedback": {
            "responses": 0,
            "mean_rating": None,
            "preferred_format": {"in_person": 0.0, "online": 0.0, "hybrid": 0.0},
            "preferred": None,
        },
        "materials": 0,
        "events": [],
        "conclusion": "",
    }
