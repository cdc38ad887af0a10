"""The jury of a stage: conflicts of interest, automatic and manual assignment of judges.

A conflict either follows from the data — the judge works in the organisation that submitted
the entry or in an author's organisation, submitted the entry, is one of its authors or
mentors, or is the guardian of a pupil author — or was declared (`Conflict`). The automatic
assignment never picks a conflicted judge; the organiser may assign one by hand, and the
assignment then keeps the conflict text it was made in spite of.

Automatic assignment (deterministic, so running it twice changes nothing): entries are served
in order of how few eligible judges they have (the hardest first, then by number), and each
takes the judges with the smallest current load at the stage (ties by judge id) until it has
`contest.judges_per_entry`. With every judge eligible for every entry this keeps the loads
within one of each other.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from technopark.core.audit import record

from ..models import Assignment, Conflict, Entry, EntryAuthor, EntryStage, JuryMember, Stage

REASON_LENGTH = 300
PACK = 1 << 40  # above any user id
INSERT_BATCH = 500


def require_manager(user, contest) -> None:
    """Organisers of the contest only (rules.py is the one place that says who they are)."""
    from ..rules import can_manage_contest

    if not can_manage_contest(user, contest):
        raise PermissionDenied(_("Это могут делать только организаторы конкурса."))


@dataclass
class EntryFacts:
    """What decides conflicts for one entry, gathered once for many judges."""

    organisation_id: int | None = None
    submitted_by_id: int | None = None
    # organisation id -> author's name; user id -> (role, name); guardian id -> child's name
    author_organisations: dict[int, str] = field(default_factory=dict)
    people: dict[int, tuple[str, str]] = field(default_factory=dict)
    guardians: dict[int, str] = field(default_factory=dict)
    declared: dict[int, str] = field(default_factory=dict)

    def eligible(self, pool, organisations: dict[int, int | None]) -> list[int]:
        """The judges of `pool` with no conflict — the same answer as an empty `reasons`, by
        set look-ups (the assignment hot path: thousands of entries × a hundred judges)."""
        orgs = set(self.author_organisations)
        if self.organisation_id:
            orgs.add(self.organisation_id)
        people = {*self.people, *self.guardians, *self.declared, self.submitted_by_id}
        return [j for j in pool if j not in people and organisations[j] not in orgs]

    def reasons(self, judge_id: int, judge_organisation_id: int | None) -> list[str]:
        found = []
        if judge_organisation_id and judge_organisation_id == self.organisation_id:
            found.append(_("член жюри работает в организации, от которой подана работа"))
        elif judge_organisation_id in self.author_organisations:
            found.append(
                _("член жюри работает в одной организации с автором (%(name)s)")
                % {"name": self.author_organisations[judge_organisation_id]}
            )
        if judge_id == self.submitted_by_id:
            found.append(_("член жюри подал эту работу"))
        if judge_id in self.people:
            role, _name = self.people[judge_id]
            if role == EntryAuthor.Role.MENTOR:
                found.append(_("член жюри — руководитель работы"))
            else:
                found.append(_("член жюри — автор работы"))
        if judge_id in self.guardians:
            found.append(
                _("член жюри — законный представитель автора (%(name)s)")
                % {"name": self.guardians[judge_id]}
            )
        if judge_id in self.declared:
            found.append(
                _("заявлен конфликт интересов: %(reason)s") % {"reason": self.declared[judge_id]}
            )
        return found


def _facts(entries) -> dict[int, EntryFacts]:
    """Conflict facts for many entries in three queries (authors, declared conflicts)."""
    facts = {
        e.pk: EntryFacts(organisation_id=e.organisation_id, submitted_by_id=e.submitted_by_id)
        for e in entries
    }
    authors = EntryAuthor.objects.filter(entry_id__in=facts).values_list(
        "entry_id",
        "role",
        "full_name",
        "user_id",
        "user__organisation_id",
        "child__school_id",
        "child__guardian_id",
        "child__account_id",
    )
    for entry_id, role, name, user_id, user_org, school, guardian, account in authors:
        f = facts[entry_id]
        # A mentor's organisation is the one the work comes from as much as an author's is.
        for org in (user_org, school):
            if org:
                f.author_organisations.setdefault(org, name)
        for person in (user_id, account):
            if person:
                f.people[person] = (role, name)
        if guardian:
            f.guardians[guardian] = name
    for entry_id, judge_id, reason in Conflict.objects.filter(entry_id__in=facts).values_list(
        "entry_id", "judge_id", "reason"
    ):
        facts[entry_id].declared[judge_id] = reason
    return facts


def conflicts_for(entry: Entry, judge) -> list[str]:
    """Why `judge` must not score `entry` (Russian reasons); empty when there is no conflict."""
    return _facts([entry])[entry.pk].reasons(judge.pk, judge.organisation_id)


def _stage_for_update(stage: Stage) -> Stage:
    # One assignment run per stage at a time: the row lock serialises them.
    stage = Stage.objects.select_for_update().select_related("contest").get(pk=stage.pk)
    if stage.status == Stage.Status.CLOSED:
        raise ValidationError(_("Этап закрыт: назначать судей уже нельзя."), code="closed")
    if stage.kind != Stage.Kind.SCORED:
        raise ValidationError(
            _("На этом этапе работы не оценивает жюри: назначать судей не нужно."), code="kind"
        )
    return stage


def _jury_by_nomination(stage: Stage) -> tuple[dict, dict]:
    """(nomination id or None -> judge ids, judge id -> organisation id) of the stage's jury."""
    pools: dict[int | None, set[int]] = {}
    organisations: dict[int, int | None] = {}
    for user_id, nomination_id, org_id, active in JuryMember.objects.filter(
        stage=stage
    ).values_list("user_id", "nomination_id", "user__organisation_id", "user__is_active"):
        if not active:
            continue
        pools.setdefault(nomination_id, set()).add(user_id)
        organisations[user_id] = org_id
    return pools, organisations


def stage_entries(stage: Stage):
    """Entries still in the contest that take part in the stage."""
    return Entry.objects.filter(stages__stage=stage, status=Entry.Status.SUBMITTED).order_by(
        "number"
    )


def auto_assign(stage: Stage, *, user) -> dict:
    """Give every entry of the stage `judges_per_entry` judges of its nomination, none of them
    conflicted, balancing the load; keep existing assignments. Returns what was done and the
    entries that could not get enough judges (and why)."""
    require_manager(user, stage.contest)
    with transaction.atomic():
        stage = _stage_for_update(stage)
        needed = stage.contest.judges_per_entry
        if needed < 1:
            raise ValidationError(
                {"judges_per_entry": _("Укажите, сколько судей оценивает одну работу.")}
            )
        pools, organisations = _jury_by_nomination(stage)
        if not organisations:
            raise ValidationError(_("В жюри этапа никого нет: сначала добавьте членов жюри."))
        entries = list(
            stage_entries(stage).only(
                "pk", "number", "title", "nomination_id", "organisation_id", "submitted_by_id"
            )
        )
        facts = _facts(entries)
        load = dict.fromkeys(organisations, 0)
        existing: dict[int, set[int]] = {}
        for entry_id, judge_id in Assignment.objects.filter(stage=stage).values_list(
            "entry_id", "judge_id"
        ):
            existing.setdefault(entry_id, set()).add(judge_id)
            if judge_id in load:
                load[judge_id] += 1

        pool_of = {
            nomination: sorted(pools.get(None, set()) | pools.get(nomination, set()))
            for nomination in {e.nomination_id for e in entries}
        }
        candidates = {
            e.pk: facts[e.pk].eligible(pool_of[e.nomination_id], organisations) for e in entries
        }
        order = sorted(entries, key=lambda e: (len(candidates[e.pk]), e.number))
        new, short = [], []
        for entry in order:
            have = existing.get(entry.pk, set())
            missing = needed - len(have)
            if missing <= 0:
                continue
            free = [j for j in candidates[entry.pk] if j not in have]
            # (load, id) packed in one integer: compared in C, no key function per judge.
            chosen = [
                key % PACK for key in heapq.nsmallest(missing, [load[j] * PACK + j for j in free])
            ]
            for judge_id in chosen:
                load[judge_id] += 1
                new.append((stage.pk, entry.pk, judge_id))
            if len(chosen) < missing:
                short.append(
                    {
                        "entry": entry,
                        "assigned": len(have) + len(chosen),
                        "needed": needed,
                        "reason": _(
                            "в жюри номинации не хватает судей без конфликта интересов "
                            "(подходят %(eligible)s из %(pool)s)"
                        )
                        % {
                            "eligible": len(candidates[entry.pk]),
                            "pool": len(pool_of[entry.nomination_id]),
                        },
                    }
                )
        _insert_assignments(new)
        short.sort(key=lambda item: item["entry"].number)
        record(
            "contest_auto_assign",
            target=stage,
            detail=f"created={len(new)} entries={len(entries)} short={len(short)}",
        )
        return {"created": len(new), "entries": len(entries), "short": short, "load": load}


def _insert_assignments(rows: list[tuple[int, int, int]]) -> None:
    """Insert (stage, entry, judge) rows, many per statement: building thousands of model
    objects for bulk_create costs seconds, and so does one statement per row on PostgreSQL;
    a contest of 5,000 works needs 10,000+ assignments. No signals fire either way; the run is
    audited as one entry."""
    quote = connection.ops.quote_name
    columns = ("stage_id", "entry_id", "judge_id", "is_manual", "conflict_overridden", "comment")
    # Identifiers come from the model's metadata, values go as parameters.
    head = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608
        quote(Assignment._meta.db_table), ", ".join(quote(c) for c in columns)
    )
    if connection.vendor == "postgresql" and rows:
        # One statement over three arrays: psycopg's client-side binding re-parses a long
        # statement of thousands of placeholders for each batch (~2 s for 25,000 rows).
        stages, entries, judges = (list(column) for column in zip(*rows, strict=True))
        sql = head.replace(" VALUES ", " SELECT s, e, j, false, '', '' FROM ") + (  # noqa: S608
            "unnest(%s::bigint[], %s::bigint[], %s::bigint[]) AS v(s, e, j)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [stages, entries, judges])
        return
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            batch = rows[start : start + INSERT_BATCH]
            sql = head + ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(batch))
            cursor.execute(sql, [v for row in batch for v in (*row, False, "", "")])


def assign(
    stage: Stage, entry: Entry, judge, *, user, override_conflict: bool = False
) -> Assignment:
    """Assign one judge by hand; a conflicted judge only when the organiser overrides it, and
    then the assignment keeps the conflict it was made in spite of."""
    require_manager(user, stage.contest)
    with transaction.atomic():
        stage = _stage_for_update(stage)
        if (
            entry.contest_id != stage.contest_id
            or not EntryStage.objects.filter(entry=entry, stage=stage).exists()
        ):
            raise ValidationError({"entry": _("Эта работа не участвует в этом этапе.")})
        if entry.status != Entry.Status.SUBMITTED:
            raise ValidationError({"entry": _("Работа отозвана или снята с конкурса.")})
        seat = JuryMember.objects.filter(stage=stage, user=judge).filter(
            nomination__isnull=True
        ) | JuryMember.objects.filter(stage=stage, user=judge, nomination_id=entry.nomination_id)
        if not seat.exists():
            raise ValidationError(
                {"judge": _("Этот человек не входит в жюри этапа по номинации работы.")}
            )
        if Assignment.objects.filter(stage=stage, entry=entry, judge=judge).exists():
            raise ValidationError({"judge": _("Этот член жюри уже назначен на работу.")})
        reasons = conflicts_for(entry, judge)
        if reasons and not override_conflict:
            raise ValidationError(
                {
                    "judge": _(
                        "Конфликт интересов: %(reasons)s. Назначить всё равно можно, только "
                        "явно подтвердив это."
                    )
                    % {"reasons": "; ".join(reasons)}
                },
                code="conflict",
            )
        return Assignment.objects.create(
            stage=stage,
            entry=entry,
            judge=judge,
            is_manual=True,
            conflict_overridden="; ".join(reasons)[:REASON_LENGTH],
        )


def unassign(assignment: Assignment, *, user) -> None:
    """Take a judge off an entry, unless the judge has already finished scoring it."""
    require_manager(user, assignment.stage.contest)
    with transaction.atomic():
        assignment = (
            Assignment.objects.select_for_update().select_related("stage").get(pk=assignment.pk)
        )
        if assignment.stage.status == Stage.Status.CLOSED:
            raise ValidationError(_("Этап закрыт: состав судей работы уже не меняется."))
        if assignment.completed_at is not None:
            raise ValidationError(
                _("Член жюри уже завершил оценку этой работы: снять его с работы нельзя.")
            )
        assignment.delete()


def declare_conflict(entry: Entry, judge, *, user, reason: str) -> Conflict:
    """Record a conflict of interest (by the judge or an organiser) and take the judge off the
    entry wherever scoring has not started; finished or started scoring stays for the record."""
    from ..rules import can_manage_contest

    if user is None or not (
        user.is_authenticated and (user.pk == judge.pk or can_manage_contest(user, entry.contest))
    ):
        raise PermissionDenied(
            _("Заявить конфликт интересов может сам член жюри или организатор конкурса.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Опишите, в чём конфликт интересов.")})
    if len(reason) > REASON_LENGTH:
        raise ValidationError(
            {"reason": _("Не больше %(count)s знаков.") % {"count": REASON_LENGTH}}
        )
    with transaction.atomic():
        if Conflict.objects.filter(entry=entry, judge=judge).exists():
            raise ValidationError({"reason": _("Конфликт интересов по этой работе уже заявлен.")})
        conflict = Conflict.objects.create(
            entry=entry, judge=judge, reason=reason, declared_by=user
        )
        Assignment.objects.filter(
            entry=entry, judge=judge, completed_at__isnull=True, scores__isnull=True
        ).exclude(stage__status=Stage.Status.CLOSED).delete()
        return conflict
