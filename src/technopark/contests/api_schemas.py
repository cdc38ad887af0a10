"""Request and response shapes of the contests API (field names are the public contract)."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from .models import Contest, EntryAuthor

MAX_ID = 2**63 - 1


class Detail(Schema):
    detail: str


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = Field(
        None, description="Поле → сообщения об ошибках в нём"
    )


class ContestOut(Schema):
    id: int
    slug: str
    title: str
    kind: Contest.Kind
    level: Contest.Level
    audience: Contest.Audience
    status: Contest.Status
    organisation: int
    organisation_name: str
    submission_opens_at: dt.datetime | None
    submission_closes_at: dt.datetime | None
    results_published_at: dt.datetime | None
    url: str

    @staticmethod
    def resolve_organisation(obj) -> int:
        return obj.organisation_id

    @staticmethod
    def resolve_organisation_name(obj) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_url(obj) -> str:
        from django.urls import reverse

        return reverse("contests:detail", args=[obj.pk])


class ContestFilters(Schema):
    status: Contest.Status | None = Field(None, description="Состояние конкурса")
    kind: Contest.Kind | None = Field(None, description="Вид: mastery, projects, festival …")
    level: Contest.Level | None = Field(None, description="Уровень")


class NominationOut(Schema):
    id: int
    name: str
    description: str
    works: int = Field(..., description="Сколько работ подано в номинацию (без отозванных)")


class AgeCategoryOut(Schema):
    id: int
    name: str
    min_age: int
    max_age: int


class StageOut(Schema):
    id: int
    position: int
    title: str
    kind: str
    status: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    pass_rule: str
    pass_value: Decimal | None


class ContestDetailOut(ContestOut):
    goal: str
    description: str
    regulations_url: str | None
    min_age: int | None
    max_age: int | None
    max_file_mb: int
    entries_per_nomination: int
    blind_review: bool
    nominations: list[NominationOut]
    age_categories: list[AgeCategoryOut]
    stages: list[StageOut]

    @staticmethod
    def resolve_regulations_url(obj) -> str | None:
        from django.urls import reverse

        return reverse("contests:regulations", args=[obj.pk]) if obj.regulations else None

    @staticmethod
    def resolve_nominations(obj) -> list[dict]:
        from .selectors import nomination_counts

        return [
            {"id": n.pk, "name": n.name, "description": n.description, "works": works}
            for n, works in nomination_counts(obj)
        ]

    @staticmethod
    def resolve_age_categories(obj) -> list:
        return list(obj.age_categories.all())

    @staticmethod
    def resolve_stages(obj) -> list:
        return list(obj.stages.order_by("position"))


class ResultRow(Schema):
    nomination: str
    age_category: str | None
    rank: int | None
    place: str = Field(..., description="first, second, third, laureate, participant или пусто")
    place_name: str
    number: int = Field(..., description="Номер работы в конкурсе")
    title: str
    authors: list[str]
    organisation: str | None
    final_score: Decimal | None


class AuthorIn(Schema):
    full_name: str = Field("", max_length=300, description="Можно не указывать для ребёнка")
    role: EntryAuthor.Role = EntryAuthor.Role.AUTHOR
    child: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="Номер ребёнка на платформе (нужно действующее согласие родителя)",
    )


class AuthorOut(Schema):
    full_name: str
    role: str


class EntryIn(Schema):
    nomination: int = Field(..., ge=1, le=MAX_ID, description="Номер номинации этого конкурса")
    title: str = Field(..., min_length=1, max_length=400)
    annotation: str = Field("", max_length=10000)
    age_category: int | None = Field(None, ge=1, le=MAX_ID)
    authors: list[AuthorIn] = Field(
        default_factory=list,
        description="Соавторы и руководители; педагог, подающий работу, добавляется сам",
    )
    team_name: str = Field("", max_length=200)
    video_url: str = Field("", max_length=200)
    achievement: str = Field("", max_length=300)


class EntryOut(Schema):
    id: int
    number: int
    contest: int
    nomination: int
    nomination_name: str
    age_category: int | None
    title: str
    annotation: str
    status: str
    current_stage: int | None
    submitted_at: dt.datetime
    authors: list[AuthorOut] | None = Field(
        None, description="Скрыты (null), когда член жюри оценивает вслепую"
    )
    organisation: str | None = None
    final_score: Decimal | None
    place: str


class ScoreIn(Schema):
    criterion: int = Field(..., ge=1, le=MAX_ID)
    points: Decimal = Field(..., ge=0, max_digits=6, decimal_places=2)
    comment: str = Field("", max_length=5000)


class ScoresIn(Schema):
    scores: list[ScoreIn]
    comment: str = Field("", max_length=10000, description="Общий комментарий к работе")
    complete: bool = Field(False, description="true — оценка завершена (нужны все критерии)")


class ScoreOut(Schema):
    criterion: int
    criterion_name: str
    max_points: Decimal
    points: Decimal
    comment: str


class AssignmentOut(Schema):
    id: int
    entry: int
    stage: int
    comment: str
    completed: bool
    scores: list[ScoreOut]
