"""Who may enter a contest with what: the call's dates, the audience, the authors (a pupil only
with a guardian's active consent), their ages and age category, the stage an entry starts at
and the limit of works per author and nomination. Pure checks that raise ValidationError with
a Russian message; services/entries.py runs them, the limit under its lock on the contest."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from technopark.accounts.models import ChildProfile, Role, User
from technopark.network.rules import manage_organisation

from ..models import AgeCategory, Contest, Entry, EntryAuthor, EntryStage, Nomination, Stage

TEXT_LIMITS = {"title": 400, "annotation": 5000, "team_name": 200, "achievement": 300}
PEDAGOGUES = (Role.TEACHER, Role.METHODIST)


class SubmissionClosed(ValidationError):
    """The contest takes no works right now (draft, not yet open, over): the API says 409."""


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


def check_open(contest: Contest, *, now=None) -> None:
    """Raise SubmissionClosed unless the contest takes works right now."""
    now = now or timezone.now()
    if contest.status == Contest.Status.DRAFT:
        raise SubmissionClosed(_("Конкурс ещё не объявлен: приём работ не начался."))
    if contest.status != Contest.Status.CALL_OPEN:
        raise SubmissionClosed(_("Приём работ на этот конкурс закрыт."))
    if contest.submission_opens_at and now < contest.submission_opens_at:
        raise SubmissionClosed(
            _("Приём работ ещё не начался: он откроется %(when)s.")
            % {"when": _when(contest.submission_opens_at)}
        )
    if contest.submission_closes_at and now >= contest.submission_closes_at:
        raise SubmissionClosed(
            _("Приём работ закончился %(when)s.") % {"when": _when(contest.submission_closes_at)},
            code="deadline",
        )


def clean_text_fields(fields: dict) -> dict:
    """Trimmed title, annotation, team name, video link and achievement, or field errors."""
    cleaned, errors = {}, {}
    for key, value in fields.items():
        value = str(value or "").strip()
        if key != "annotation":
            value = " ".join(value.split())
        limit = TEXT_LIMITS.get(key)
        if limit and len(value) > limit:
            errors[key] = [_("Слишком длинно: не больше %(n)s символов.") % {"n": limit}]
        cleaned[key] = value
    if "title" in fields and not cleaned["title"]:
        errors["title"] = [_("Укажите название работы.")]
    if cleaned.get("video_url"):
        try:
            URLValidator(schemes=["http", "https"])(cleaned["video_url"])
        except ValidationError:
            errors["video_url"] = [_("Ссылка на видео должна начинаться с https:// или http://.")]
        if len(cleaned["video_url"]) > 200:
            errors["video_url"] = [_("Слишком длинная ссылка.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _resolve(model, contest: Contest, value, field: str, message: str):
    if isinstance(value, model) and value.contest_id == contest.pk:
        return value
    try:
        return model.objects.get(pk=getattr(value, "pk", value), contest=contest)
    except (model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise ValidationError({field: message}) from None


def resolve_nomination(contest: Contest, value) -> Nomination:
    if value in (None, ""):
        raise ValidationError({"nomination": _("Выберите номинацию.")})
    return _resolve(
        Nomination, contest, value, "nomination", _("В этом конкурсе нет такой номинации.")
    )


def resolve_age_category(contest: Contest, value) -> AgeCategory | None:
    if value in (None, ""):
        return None
    return _resolve(
        AgeCategory,
        contest,
        value,
        "age_category",
        _("В этом конкурсе нет такой возрастной категории."),
    )


# ---- authors --------------------------------------------------------------------------------


def _by_pk(model, value):
    if value in (None, "") or isinstance(value, model):
        return value or None
    try:
        return model.objects.get(pk=value)
    except (model.DoesNotExist, ValueError, TypeError, OverflowError):
        return False


def may_enter_child(user, child: ChildProfile) -> bool:
    """The child's guardian, the child's own account, or a pedagogue of the child's school."""
    if child.guardian_id == user.pk or (child.account_id and child.account_id == user.pk):
        return True
    if child.school_id is None or not user.has_any_role(*PEDAGOGUES, Role.ADMINISTRATOR):
        return False
    return user.organisation_id == child.school_id or manage_organisation.allows(user, child.school)


def _child_author(user, child: ChildProfile, full_name: str, errors: list) -> dict | None:
    name = full_name or str(child)
    if not may_enter_child(user, child):
        errors.append(
            _("%(name)s: указать ребёнка автором может его родитель или педагог его школы.")
            % {"name": name}
        )
        return None
    if child.anonymised_at is not None or child.consent is None:
        errors.append(
            _(
                "%(name)s: нет действующего согласия родителя на обработку персональных данных. "
                "Без него ребёнка нельзя указать автором работы."
            )
            % {"name": name}
        )
        return None
    full_name = full_name or " ".join(
        p for p in (child.last_name, child.first_name, child.patronymic) if p
    )
    return {"user": None, "child": child, "role": EntryAuthor.Role.AUTHOR, "full_name": full_name}


def _one_author(user, raw, errors: list) -> dict | None:
    if not isinstance(raw, dict):
        errors.append(_("Сведения об авторе не распознаны."))
        return None
    role = raw.get("role") or EntryAuthor.Role.AUTHOR
    if role not in EntryAuthor.Role.values:
        errors.append(_("Роль участника работы — автор или руководитель."))
        return None
    full_name = " ".join(str(raw.get("full_name") or "").split())
    if len(full_name) > 300:
        errors.append(_("Слишком длинное имя: не больше 300 символов."))
        return None
    child, account = _by_pk(ChildProfile, raw.get("child")), _by_pk(User, raw.get("user"))
    if child is False or account is False:
        errors.append(_("Такого участника нет на платформе."))
        return None
    if child is not None:
        if role == EntryAuthor.Role.MENTOR:
            errors.append(_("Руководителем работы может быть только взрослый."))
            return None
        return _child_author(user, child, full_name, errors)
    full_name = full_name or (account.get_full_name() if account else "")
    if not full_name:
        errors.append(_("Укажите фамилию, имя и отчество каждого автора."))
        return None
    return {"user": account, "child": None, "role": role, "full_name": full_name}


def _key(person: dict) -> tuple:
    if person.get("child") is not None:
        return ("child", person["child"].pk)
    if person.get("user") is not None:
        return ("user", person["user"].pk)
    return ("name", person["full_name"].casefold(), person["role"])


def build_authors(contest: Contest, user, authors, *, team_name: str = "") -> list[dict]:
    """The authors and mentors as EntryAuthor fields, the submitter added where the rules say;
    refuses what the contest's audience does not allow."""
    errors: list[str] = []
    people = [p for p in (_one_author(user, raw, errors) for raw in authors or ()) if p]
    own_child = ChildProfile.objects.filter(account=user, anonymised_at=None).first()
    is_pedagogue = user.has_any_role(*PEDAGOGUES)
    listed = {_key(p) for p in people}
    if contest.audience == Contest.Audience.TEACHERS:
        if not is_pedagogue:
            errors.append(_("Это конкурс для педагогов: подать работу может педагог или методист."))
        if any(p["child"] for p in people):
            errors.append(_("В конкурсе для педагогов авторами могут быть только педагоги."))
        if ("user", user.pk) not in listed:
            people.insert(0, {"user": user, "child": None, "role": EntryAuthor.Role.AUTHOR,
                              "full_name": user.get_full_name()})  # fmt: skip
    else:
        if own_child is not None and ("child", own_child.pk) not in listed:
            person = _child_author(user, own_child, "", errors)
            if person:
                people.insert(0, person)
        elif is_pedagogue and ("user", user.pk) not in listed:
            people.append({"user": user, "child": None, "role": EntryAuthor.Role.MENTOR,
                           "full_name": user.get_full_name()})  # fmt: skip
        pupils = [p for p in people if p["role"] == EntryAuthor.Role.AUTHOR]
        if any(p["child"] is None for p in pupils):
            errors.append(
                _(
                    "Автором в конкурсе для обучающихся может быть только ребёнок, которого "
                    "родитель добавил на платформу со своим согласием на обработку данных."
                )
            )
        if not pupils and not errors:
            errors.append(_("Укажите хотя бы одного автора-обучающегося."))
        if contest.audience == Contest.Audience.TEAMS:
            if len(pupils) < 2:
                errors.append(_("В команде должно быть не меньше двух обучающихся."))
            if not any(p["role"] == EntryAuthor.Role.MENTOR for p in people):
                errors.append(_("Укажите руководителя команды."))
            if not team_name:
                errors.append(_("Укажите название команды."))
    keys = [_key(p) for p in people]
    if len(keys) != len(set(keys)):
        errors.append(_("Один и тот же человек указан в работе дважды."))
    if errors:
        raise ValidationError({"authors": errors})
    return people


def children_of(entry: Entry) -> list[ChildProfile]:
    authors = entry.authors.select_related("child").filter(
        role=EntryAuthor.Role.AUTHOR, child__isnull=False
    )
    return [author.child for author in authors]


# ---- ages -----------------------------------------------------------------------------------


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def reference_day(contest: Contest) -> datetime.date:
    """Ages count on the last day of the call (as regulations usually say), else today."""
    if contest.submission_closes_at:
        return timezone.localdate(contest.submission_closes_at)
    return timezone.localdate()


def fit_age_category(contest: Contest, category, people: list[dict]) -> AgeCategory | None:
    """Check the pupils' ages against the contest and the category; pick the category when
    only one fits and none was chosen."""
    day = reference_day(contest)
    ages = [(str(p["child"]), age_on(p["child"].birth_date, day)) for p in people if p.get("child")]
    errors = []
    low, high = contest.min_age or 0, contest.max_age or 200
    for name, age in ages:
        if not low <= age <= high:
            errors.append(
                _(
                    "%(name)s: возраст %(age)s (полных лет на %(day)s), а в конкурсе участвуют "
                    "в возрасте %(min)s–%(max)s."
                )
                % {
                    "name": name,
                    "age": age,
                    "day": day.strftime("%d.%m.%Y"),
                    "min": contest.min_age or 0,
                    "max": contest.max_age or "…",
                }  # fmt: skip
            )
    if errors:
        raise ValidationError({"authors": errors})
    if category is not None:
        for name, age in ages:
            if not category.min_age <= age <= category.max_age:
                errors.append(
                    _("%(name)s (возраст %(age)s) не подходит для категории «%(category)s».")
                    % {"name": name, "age": age, "category": category.name}
                )
        if errors:
            raise ValidationError({"age_category": errors})
        return category
    categories = list(contest.age_categories.all())
    if not categories:
        return None
    if ages:
        fitting = [c for c in categories if all(c.min_age <= age <= c.max_age for _n, age in ages)]
        if len(fitting) == 1:
            return fitting[0]
        if not fitting:
            raise ValidationError(
                {
                    "age_category": _(
                        "Ни одна возрастная категория конкурса не подходит по возрасту авторов."
                    )
                }
            )
    raise ValidationError({"age_category": _("Выберите возрастную категорию.")})


# ---- stage and origin -----------------------------------------------------------------------


def _norm(text) -> str:
    return " ".join(str(text or "").replace("ё", "е").casefold().split())


def entry_stage_for(contest: Contest, achievement: str) -> tuple[Stage | None, str]:
    """The first stage, or a later one whose skip list names the entry's achievement."""
    stages = list(contest.stages.order_by("position"))
    if not stages:
        return None, EntryStage.Admission.OPEN_CALL
    target, admission = stages[0], EntryStage.Admission.OPEN_CALL
    key = _norm(achievement)
    if key:
        for stage in stages[1:]:
            if key in {_norm(item) for item in stage.skip_achievements or ()}:
                target, admission = stage, EntryStage.Admission.ACHIEVEMENT
    if target.status == Stage.Status.CLOSED:
        raise SubmissionClosed(
            _("Этап «%(stage)s» уже закрыт: работы на него больше не принимаются.")
            % {"stage": target.title}
        )
    return target, admission


def origin(user, people: list[dict]) -> tuple:
    """The organisation and municipality an entry represents: the first pupil's school, else
    the submitter's organisation."""
    child = next((p["child"] for p in people if p.get("child")), None)
    if child is not None:
        municipality = child.municipality or (child.school.municipality if child.school else None)
        return child.school, municipality
    organisation = user.organisation
    municipality = user.municipality or (organisation.municipality if organisation else None)
    return organisation, municipality


# ---- the limit of works per author and nomination (run under the contest lock) --------------


def _ids(person: dict, key: str):
    value = person.get(key)
    return getattr(value, "pk", value) if value is not None else person.get(f"{key}_id")


def check_limit(contest: Contest, nomination: Nomination, people, *, exclude=None) -> None:
    """Refuse when an author already has contest.entries_per_nomination live works in the
    nomination (0 means no limit)."""
    limit = contest.entries_per_nomination
    authors = [
        p for p in people if p.get("role", EntryAuthor.Role.AUTHOR) == EntryAuthor.Role.AUTHOR
    ]
    user_ids = {i for i in (_ids(p, "user") for p in authors) if i}
    child_ids = {i for i in (_ids(p, "child") for p in authors) if i}
    if not limit or not (user_ids or child_ids):
        return
    rows = EntryAuthor.objects.filter(
        entry__contest=contest,
        entry__nomination=nomination,
        entry__status=Entry.Status.SUBMITTED,
        role=EntryAuthor.Role.AUTHOR,
    ).filter(Q(user_id__in=user_ids) | Q(child_id__in=child_ids))
    if exclude is not None:
        rows = rows.exclude(entry=exclude)
    works: dict[tuple, set] = {}
    names: dict[tuple, str] = {}
    for user_id, child_id, entry_id, full_name in rows.values_list(
        "user_id", "child_id", "entry_id", "full_name"
    ):
        key = ("child", child_id) if child_id in child_ids else ("user", user_id)
        works.setdefault(key, set()).add(entry_id)
        names[key] = full_name
    over = sorted(names[key] for key, entries in works.items() if len(entries) >= limit)
    if over:
        raise ValidationError(
            {
                "nomination": _(
                    "В номинации «%(nomination)s» уже есть работа автора: %(names)s. "
                    "По положению конкурса от одного автора в номинации принимается работ: "
                    "%(limit)s."
                )
                % {"nomination": nomination.name, "names": ", ".join(over), "limit": limit}
            },
            code="limit",
        )
