"""Works (entries): submission with its eligibility rules, editing until the deadline,
withdrawal, files checked by content.

Why a lock: "count this author's works in the nomination, then insert" is a read followed by a
write. Two submissions that both read "0 of 1" would both insert and the limit of works per
author would be broken; the same holds for the entry number (max + 1). Every write that may
change those figures therefore runs inside one transaction that first locks the contest row and
only then counts — the second request waits for the first to commit and counts again.

- PostgreSQL: `SELECT … FOR UPDATE` on the contest row. One row per contest, always the contest
  first and never a second contest in the same transaction, so two submissions cannot deadlock.
- SQLite: `select_for_update()` is a no-op there, but the connection opens every transaction
  with `BEGIN IMMEDIATE` (settings.DATABASES OPTIONS transaction_mode), which takes the single
  database write lock at once; writers are serialised for the whole block.

`settings.CONTESTS_ENTRY_LOCKING = False` is for the concurrency test only: it counts outside any
transaction and inserts in a second one, with a short pause between, so the test can show the
broken limit the lock prevents (a test that cannot fail proves nothing).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from technopark.core.audit import record

from ..models import Contest, Entry, EntryAuthor, EntryFile, EntryStage
from ..rules import can_manage_contest
from . import eligibility as rules_of
from .eligibility import (  # noqa: F401  (SubmissionClosed re-exported for pages and API)
    SubmissionClosed,
    clean_text_fields,
    resolve_age_category,
    resolve_nomination,
)
from .entry_files import (  # noqa: F401  (check_entry_file is used by the pages)
    ENTRY_FILE_TYPES,
    MAX_FILES_PER_ENTRY,
    _checked_files,
    _forget_files_on_rollback,
    _store,
    check_entry_file,
)

EDITABLE_FIELDS = {
    "title",
    "annotation",
    "team_name",
    "video_url",
    "nomination",
    "age_category",
    "authors",
}


def _locking() -> bool:
    return getattr(settings, "CONTESTS_ENTRY_LOCKING", True)


def _lock(contest: Contest) -> Contest:
    """Re-read the contest under a row lock (see the module docstring)."""
    return Contest.objects.select_for_update().get(pk=contest.pk)


def _notify(entry: Entry, kind: str) -> None:
    """Queue an e-mail after commit; the task gets ids and re-reads everything."""
    from ..tasks.entries import send_entry_email

    pk = entry.pk
    transaction.on_commit(lambda: send_entry_email.delay(pk, kind))


# ---- submission -----------------------------------------------------------------------------


def submit_entry(
    *,
    contest: Contest,
    user,
    nomination,
    title: str,
    annotation: str = "",
    age_category=None,
    authors=(),
    team_name: str = "",
    video_url: str = "",
    achievement: str = "",
    files=(),
    request_ip: str | None = None,
) -> Entry:
    """Submit a work: the call is open, the nomination and age category fit, every pupil has a
    guardian's consent, and the author's limit of works per nomination holds (under a lock).
    `request_ip` is accepted for callers outside a request; within one, the audit log already
    records the address from the request context."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Чтобы подать работу, войдите на сайт."))
    fields = clean_text_fields(
        {
            "title": title,
            "annotation": annotation,
            "team_name": team_name,
            "video_url": video_url,
            "achievement": achievement,
        }
    )
    nomination = resolve_nomination(contest, nomination)
    people = rules_of.build_authors(contest, user, authors, team_name=fields["team_name"])
    age_category = rules_of.fit_age_category(
        contest, resolve_age_category(contest, age_category), people
    )
    checked_files = _checked_files(contest, files)
    # Checked before the lock, so the lock is held only for the statements that decide.
    rules_of.check_open(contest)
    stage, admission = rules_of.entry_stage_for(contest, fields["achievement"])
    organisation, municipality = rules_of.origin(user, people)
    submit = _submit_locked if _locking() else _submit_unlocked
    saved: list[str] = []
    try:
        entry = submit(
            contest,
            people,
            saved,
            entry_fields={
                **fields,
                "nomination": nomination,
                "age_category": age_category,
                "submitted_by": user,
                "organisation": organisation,
                "municipality": municipality,
                "current_stage": stage,
            },
            stage=stage,
            admission=admission,
            checked_files=checked_files,
        )
    except BaseException:
        _forget_files_on_rollback(saved)
        raise
    return entry


def _create(contest, people, saved, *, entry_fields, stage, admission, checked_files) -> Entry:
    number = (contest.entries.aggregate(m=Max("number"))["m"] or 0) + 1
    entry = Entry.objects.create(contest=contest, number=number, **entry_fields)
    EntryAuthor.objects.bulk_create(
        EntryAuthor(entry=entry, position=i, **person) for i, person in enumerate(people)
    )
    for upload, extension in checked_files:
        _store(entry, upload, extension, saved)
    if stage is not None:
        EntryStage.objects.create(entry=entry, stage=stage, admission=admission)
    _notify(entry, "submitted")
    return entry


def _submit_locked(contest, people, saved, **kwargs) -> Entry:
    with transaction.atomic():
        locked = _lock(contest)
        rules_of.check_open(locked)
        rules_of.check_limit(locked, kwargs["entry_fields"]["nomination"], people)
        return _create(locked, people, saved, **kwargs)


def _submit_unlocked(contest, people, saved, **kwargs) -> Entry:
    """TEST ONLY: the race the lock closes, made wide enough to hit reliably."""
    rules_of.check_limit(contest, kwargs["entry_fields"]["nomination"], people)
    time.sleep(0.05)
    for attempt in range(20):  # without the lock the entry number may collide: try again
        try:
            with transaction.atomic():
                return _create(contest, people, saved, **kwargs)
        except IntegrityError:
            if attempt == 19:
                raise
            time.sleep(0.01)
    raise AssertionError("unreachable")


# ---- changes by the author until the deadline ------------------------------------------------


def _check_changeable(entry: Entry, user, *, action: str) -> bool:
    """Raise unless `user` may change the entry now; True when they act as the organiser."""
    if entry.status != Entry.Status.SUBMITTED:
        raise ValidationError(
            _("Работа %(state)s: %(action)s её уже нельзя.")
            % {"state": entry.get_status_display(), "action": action}
        )
    contest = entry.contest
    if can_manage_contest(user, contest):
        if contest.status in (Contest.Status.RESULTS_PUBLISHED, Contest.Status.ARCHIVED):
            raise ValidationError(
                _("Итоги конкурса уже опубликованы: %(action)s работу нельзя.") % {"action": action}
            )
        return True
    if user is None or not user.is_authenticated or entry.submitted_by_id != user.pk:
        raise PermissionDenied(
            _("Изменять работу может только тот, кто её подал, или организатор.")
        )
    closes = contest.submission_closes_at
    if contest.status != Contest.Status.CALL_OPEN or (closes and timezone.now() >= closes):
        raise ValidationError(
            _("Приём работ закончился: %(action)s работу уже нельзя.") % {"action": action},
            code="deadline",
        )
    return False


def update_entry(entry: Entry, *, user, **fields) -> Entry:
    """Change the title, annotation, team, video link, nomination, age category or authors of a
    work until the deadline; moving to another nomination or changing the authors re-checks the
    limit under the lock. `authors` is the whole new list, as for submit_entry, and is checked
    the same way (for the submitter, whoever edits); see _new_authors."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            _("Эти сведения работы изменить нельзя: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        contest = _lock(entry.contest)
        entry = Entry.objects.select_related("contest").get(pk=entry.pk)
        _check_changeable(entry, user, action=_("изменить"))
        text = {
            k: fields[k] for k in ("title", "annotation", "team_name", "video_url") if k in fields
        }
        current = {k: getattr(entry, k) for k in ("title", "annotation", "team_name", "video_url")}
        cleaned = clean_text_fields({**current, **text})
        people = list(entry.authors.values("user_id", "child_id", "role", "full_name"))
        new_people = None
        if "authors" in fields:
            new_people = _new_authors(entry, contest, fields["authors"], cleaned["team_name"])
            people = new_people
        if contest.audience == Contest.Audience.TEAMS and not cleaned["team_name"]:
            raise ValidationError({"team_name": _("Укажите название команды.")})
        if "nomination" in fields:
            nomination = resolve_nomination(contest, fields["nomination"])
            if nomination.pk != entry.nomination_id or new_people is not None:
                rules_of.check_limit(contest, nomination, people, exclude=entry)
            entry.nomination = nomination
        elif new_people is not None:
            rules_of.check_limit(contest, entry.nomination, people, exclude=entry)
        if "age_category" in fields or new_people is not None:
            if new_people is None:
                children = rules_of.children_of(entry)
                people = [{"child": c, "role": EntryAuthor.Role.AUTHOR} for c in children]
            category = (
                resolve_age_category(contest, fields["age_category"])
                if "age_category" in fields
                else entry.age_category
            )
            entry.age_category = rules_of.fit_age_category(contest, category, people)
        for key in ("title", "annotation", "team_name", "video_url"):
            setattr(entry, key, cleaned[key])
        if new_people is not None:
            entry.organisation, entry.municipality = rules_of.origin(entry.submitted_by, new_people)
            entry.authors.all().delete()
            EntryAuthor.objects.bulk_create(
                EntryAuthor(entry=entry, position=i, **person)
                for i, person in enumerate(new_people)
            )
        entry.save()
    return entry


def _new_authors(entry: Entry, contest: Contest, authors, team_name: str) -> list[dict]:
    """The new authors and mentors of a work, checked as at submission and for the submitter
    (so an organiser fixing a name cannot add anyone the submitter could not): pupils only with
    a guardian's active consent, and the submitter, if an author, stays one. Only until the
    deadline, for the organiser too: the jury is assigned by the authors once the call closes.
    A row given by name only keeps the account of the author of that name already listed."""
    closes = contest.submission_closes_at
    if contest.status != Contest.Status.CALL_OPEN or (closes and timezone.now() >= closes):
        raise ValidationError(
            {"authors": _("Приём работ закончился: состав авторов изменить уже нельзя.")},
            code="deadline",
        )
    if not isinstance(authors, list | tuple):
        raise ValidationError({"authors": _("Сведения об авторах не распознаны.")})
    submitter = entry.submitted_by
    if submitter is None:
        raise ValidationError({"authors": _("У работы нет подавшего её: авторов менять нельзя.")})
    accounts = {
        " ".join(a.full_name.split()).casefold(): a.user_id
        for a in entry.authors.all()
        if a.user_id and not a.child_id
    }
    rows = []
    for raw in authors:
        if isinstance(raw, dict) and not raw.get("user") and not raw.get("child"):
            key = " ".join(str(raw.get("full_name") or "").split()).casefold()
            if key in accounts:
                raw = {**raw, "user": accounts[key]}
        rows.append(raw)
    people = rules_of.build_authors(contest, submitter, rows, team_name=team_name)
    was_author = entry.authors.filter(role=EntryAuthor.Role.AUTHOR).filter(
        Q(user=submitter) | Q(child__account=submitter)
    )
    stays = any(
        p["role"] == EntryAuthor.Role.AUTHOR
        and (
            getattr(p.get("user"), "pk", None) == submitter.pk
            or getattr(p.get("child"), "account_id", None) == submitter.pk
        )
        for p in people
    )
    if was_author.exists() and not stays:
        raise ValidationError(
            {
                "authors": _(
                    "%(name)s подавал(а) работу и остаётся её автором: руководителем или "
                    "убрать из авторов его (её) нельзя."
                )
                % {"name": submitter.get_full_name()}
            }
        )
    return people


def withdraw_entry(entry: Entry, *, user) -> Entry:
    """The submitter withdraws a work until the deadline (the organiser until the results)."""
    with transaction.atomic():
        _lock(entry.contest)
        entry = Entry.objects.select_related("contest").get(pk=entry.pk)
        _check_changeable(entry, user, action=_("отозвать"))
        entry.status = Entry.Status.WITHDRAWN
        entry.withdrawn_at = timezone.now()
        entry.save(update_fields=["status", "withdrawn_at", "updated_at"])
        _notify(entry, "withdrawn")
    return entry


def add_entry_file(entry: Entry, *, user, upload) -> EntryFile:
    """Attach a file checked by content and size until the deadline."""
    try:
        extension = check_entry_file(entry.contest, upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    saved: list[str] = []
    try:
        with transaction.atomic():
            _lock(entry.contest)
            entry = Entry.objects.select_related("contest").get(pk=entry.pk)
            _check_changeable(entry, user, action=_("дополнить"))
            if entry.files.count() >= MAX_FILES_PER_ENTRY:
                raise ValidationError(
                    {
                        "file": _("К работе уже приложено %(n)s файлов — это наибольшее число.")
                        % {"n": MAX_FILES_PER_ENTRY}
                    }
                )
            entry_file = _store(entry, upload, extension, saved)
            record("add_entry_file", target=entry, detail=entry_file.original_name)
            return entry_file
    except BaseException:
        _forget_files_on_rollback(saved)
        raise


def remove_entry_file(entry_file: EntryFile, *, user) -> None:
    """Remove an attached file until the deadline; the stored file goes after commit."""
    with transaction.atomic():
        _lock(entry_file.entry.contest)
        entry_file = EntryFile.objects.select_related("entry__contest").get(pk=entry_file.pk)
        _check_changeable(entry_file.entry, user, action=_("изменить"))
        name = entry_file.file.name
        record("remove_entry_file", target=entry_file.entry, detail=entry_file.original_name)
        entry_file.delete()
        if name:
            transaction.on_commit(lambda: default_storage.delete(name))
