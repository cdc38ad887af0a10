"""Builders shared by the entries, stages and lifecycle tests (no tests here): pupils with and
without a guardian's consent, a pupils' contest with age categories, a three-stage selection,
uploads that tell the truth or lie about their type."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from technopark.accounts.models import ChildProfile, ConsentText, GuardianConsent
from technopark.contests.models import AgeCategory, Contest, EntryStage, Nomination, Stage
from tests.contests.factories import make_contest, make_entry
from tests.factories import OrganisationFactory, Role, make_user

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf(name: str = "работа.pdf", size: int | None = None) -> SimpleUploadedFile:
    data = PDF if size is None else PDF + b"0" * (size - len(PDF))
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def fake_pdf() -> SimpleUploadedFile:
    """A Windows program named like a document."""
    return SimpleUploadedFile("работа.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf")


def png(name: str = "фото.png") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def years_ago(years: int, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def consent_text() -> ConsentText:
    # The data migration ships version 1.0, but transactional tests flush it.
    return ConsentText.objects.first() or ConsentText.objects.create(
        version="1.0",
        title="Согласие",
        body="Текст согласия",
        publication_clause="Публикация",
        effective_from=datetime.date(2024, 1, 1),
    )


def make_child(
    guardian=None, *, age: int = 12, school=None, consent: bool = True, **fields
) -> ChildProfile:
    """A pupil added by their guardian, with an active consent unless told otherwise."""
    guardian = guardian or make_user(Role.GUARDIAN)
    school = school or OrganisationFactory()
    child = ChildProfile.objects.create(
        guardian=guardian,
        last_name=fields.pop("last_name", "Петров"),
        first_name=fields.pop("first_name", "Иван"),
        birth_date=years_ago(age, days=30),
        school=school,
        municipality=school.municipality,
        **fields,
    )
    if consent:
        GuardianConsent.objects.create(child=child, guardian=guardian, text=consent_text())
    return child


def pupils_contest(audience=Contest.Audience.PUPILS, **fields) -> Contest:
    """A pupils' contest with two age categories, 10–13 and 14–17, and one scored stage."""
    contest = make_contest(
        nominations=("Робототехника", "Программирование"),
        audience=audience,
        kind=Contest.Kind.PROJECTS,
        min_age=fields.pop("min_age", 10),
        max_age=fields.pop("max_age", 17),
        **fields,
    )
    AgeCategory.objects.create(contest=contest, name="10–13 лет", min_age=10, max_age=13)
    AgeCategory.objects.create(contest=contest, name="14–17 лет", min_age=14, max_age=17)
    return contest


OLYMPIAD = "Победитель регионального этапа олимпиады НТИ"


def selection(**fields) -> Contest:
    """The National Children's Technopark selection: application (scored) → testing →
    interview; olympiad winners go straight to testing."""
    contest = make_contest(
        nominations=("Робототехника", "Информационные технологии"),
        criteria=(("Проработка проекта", 10, 1),),
        audience=Contest.Audience.PUPILS,
        kind=Contest.Kind.SELECTION,
        **fields,
    )
    contest.stages.filter(position=1).update(title="Онлайн-заявка с проектом")
    Stage.objects.create(
        contest=contest,
        position=2,
        title="Тестирование",
        kind=Stage.Kind.TEST,
        skip_achievements=[OLYMPIAD],
    )
    Stage.objects.create(
        contest=contest, position=3, title="Собеседование", kind=Stage.Kind.INTERVIEW
    )
    return contest


def stage_of(contest: Contest, position: int) -> Stage:
    return contest.stages.get(position=position)


def judging(contest: Contest, **stage_fields) -> Contest:
    """Move a contest into judging with its first stage open, as start_judging would."""
    Contest.objects.filter(pk=contest.pk).update(
        status=Contest.Status.JUDGING, submission_closes_at=timezone.now()
    )
    first = contest.stages.order_by("position").first()
    Stage.objects.filter(pk=first.pk).update(status=Stage.Status.OPEN, **stage_fields)
    contest.refresh_from_db()
    return contest


def entry_at(stage: Stage, score=None, *, nomination: Nomination | None = None, author=None,
             age_category=None, rank=None, **fields):  # fmt: skip
    """An entry placed on `stage` with a score there (as compute or an import would leave)."""
    contest = stage.contest
    entry = make_entry(contest, nomination=nomination, author=author, age_category=age_category,
                       **fields)  # fmt: skip
    if stage.position != 1:
        EntryStage.objects.filter(entry=entry).delete()
        EntryStage.objects.create(
            entry=entry, stage=stage, admission=EntryStage.Admission.PREVIOUS_STAGE
        )
        entry.current_stage = stage
        entry.save(update_fields=["current_stage"])
    EntryStage.objects.filter(entry=entry, stage=stage).update(
        raw_score=None if score is None else Decimal(str(score)), rank=rank
    )
    return entry
