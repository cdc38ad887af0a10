"""Personal-data rights: a person can download everything held about them and ask for erasure.

Erasure is anonymisation, not deletion: the row stays so that yearly reports ("52 teachers from
12 municipalities took part") keep adding up, but nothing that names the person remains — not
in the tables and not in the audit log.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from technopark.core.audit import record
from technopark.core.models import AuditEntry

from .models import ChildProfile, ErasureRequest, GuardianConsent, Membership, User
from .tokens import revoke_all_tokens

ANONYMOUS_EMAIL = "deleted-{pk}@anonymised.invalid"  # .invalid never resolves (RFC 2606)
USER_PLACEHOLDER = {"last_name": "Обезличенный", "first_name": "пользователь", "patronymic": ""}
CHILD_PLACEHOLDER = {"last_name": "Обезличенный", "first_name": "ребёнок", "patronymic": ""}
# Audit-log diff keys whose values name or reach a person; masked when that person is erased.
PERSONAL_KEYS = {
    "email",
    "last_name",
    "first_name",
    "patronymic",
    "phone",
    "position",
    "avatar",
    "birth_date",
    "ip",
    "grade",
    "name",
}
MASK = "••••••"


def _iso(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _audit_row(entry: AuditEntry) -> dict:
    return {
        "at": _iso(entry.at),
        "action": entry.action,
        "actor_id": entry.actor_id,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target": entry.target_repr,
        "changes": entry.changes,
        "detail": entry.detail,
        "ip": entry.ip,
    }


def _targets(user: User) -> Q:
    """Audit entries about `user`: their account, roles, children, consents, tokens, requests."""
    children = list(
        ChildProfile.objects.filter(Q(guardian=user) | Q(account=user)).values_list("pk", flat=True)
    )
    ids = {
        "accounts.user": [user.pk],
        "accounts.membership": list(user.memberships.values_list("pk", flat=True)),
        "accounts.childprofile": children,
        "accounts.guardianconsent": list(
            GuardianConsent.objects.filter(Q(guardian=user) | Q(child__in=children)).values_list(
                "pk", flat=True
            )
        ),
        "accounts.apitoken": list(user.api_tokens.values_list("pk", flat=True)),
        "accounts.erasurerequest": list(user.erasure_requests.values_list("pk", flat=True)),
    }
    query = Q(pk__in=[])
    for target_type, pks in ids.items():
        if pks:
            query |= Q(target_type=target_type, target_id__in=[str(pk) for pk in pks])
    return query


def export_personal_data(user: User) -> dict:
    """Everything held about `user`, as JSON-ready data; the export itself is audited."""
    children = (
        ChildProfile.objects.filter(guardian=user)
        .select_related("school", "municipality")
        .prefetch_related("consents__text")
    )
    data = {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "id": user.pk,
            "email": user.email,
            "last_name": user.last_name,
            "first_name": user.first_name,
            "patronymic": user.patronymic,
            "phone": user.phone,
            "position": user.position,
            "organisation": str(user.organisation or ""),
            "municipality": str(user.municipality or ""),
            "language": user.language,
            "avatar": user.avatar.name or None,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "is_active": user.is_active,
        },
        "memberships": [
            {
                "role": m.role,
                "role_label": str(m.get_role_display()),
                "organisation": str(m.organisation or ""),
                "granted_at": _iso(m.granted_at),
            }
            for m in user.memberships.select_related("organisation")
        ],
        "children": [
            {
                "id": c.pk,
                "last_name": c.last_name,
                "first_name": c.first_name,
                "patronymic": c.patronymic,
                "birth_date": _iso(c.birth_date),
                "school": str(c.school or ""),
                "municipality": str(c.municipality or ""),
                "grade": c.grade,
                "created_at": _iso(c.created_at),
                "anonymised_at": _iso(c.anonymised_at),
                "consents": [
                    {
                        "text_version": k.text.version,
                        "text_title": k.text.title,
                        "given_at": _iso(k.given_at),
                        "allow_publication": k.allow_publication,
                        "ip": k.ip,
                        "withdrawn_at": _iso(k.withdrawn_at),
                    }
                    for k in c.consents.all()
                ],
            }
            for c in children
        ],
        # Metadata only: the hash is a credential and never leaves the database.
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created_at": _iso(t.created_at),
                "last_used_at": _iso(t.last_used_at),
                "revoked_at": _iso(t.revoked_at),
            }
            for t in user.api_tokens.all()
        ],
        "erasure_requests": [
            {
                "requested_at": _iso(r.requested_at),
                "reason": r.reason,
                "completed_at": _iso(r.completed_at),
            }
            for r in user.erasure_requests.all()
        ],
        "audit_about_me": [_audit_row(e) for e in AuditEntry.objects.filter(_targets(user))],
        "audit_by_me": [_audit_row(e) for e in AuditEntry.objects.filter(actor=user)],
    }
    record(
        AuditEntry.Action.EXPORT,
        target=user,
        detail=_("Выгрузка всех персональных данных по запросу владельца"),
    )
    return data


@transaction.atomic
def request_erasure(user: User, *, reason: str = "") -> ErasureRequest:
    """Ask an administrator to anonymise the account; one open request at a time."""
    if user.anonymised_at is not None:
        raise ValidationError(_("Данные этой учётной записи уже обезличены."))
    if user.erasure_requests.filter(completed_at=None).exists():
        raise ValidationError(
            _(
                "Вы уже отправили запрос на удаление данных. Администратор "
                "выполнит его в течение 30 дней."
            ),
            code="duplicate",
        )
    return ErasureRequest.objects.create(user=user, reason=(reason or "").strip()[:2000])


def _scrub_audit(query: Q, *, repr_text: str, secrets: list[str]) -> None:
    """Remove an erased person's names from audit entries while keeping what happened and when."""
    secrets = [s for s in secrets if s and len(s) > 2]
    for entry in AuditEntry.objects.filter(query):
        entry.target_repr = repr_text
        entry.changes = {
            key: (
                [None if v is None else MASK for v in value]
                if key in PERSONAL_KEYS and isinstance(value, list)
                else value
            )
            for key, value in entry.changes.items()
        }
        entry.save(update_fields=["target_repr", "changes"])
    # Failed log-ins and free-text details may carry the e-mail address.
    for secret in secrets:
        for entry in AuditEntry.objects.filter(detail__icontains=secret):
            entry.detail = re.sub(re.escape(secret), MASK, entry.detail, flags=re.IGNORECASE)
            entry.save(update_fields=["detail"])


@transaction.atomic
def anonymise_child(child: ChildProfile, *, by: User | None) -> ChildProfile:
    """Replace a child's identifying data with placeholders; keep year of birth, school, area."""
    child = ChildProfile.objects.select_for_update().get(pk=child.pk)
    if child.anonymised_at is not None:
        return child
    # Only the full name is searched for in free text: a bare surname is shared by strangers.
    secrets = [f"{child.last_name} {child.first_name}"]
    query = _targets_child(child)
    for field, value in CHILD_PLACEHOLDER.items():
        setattr(child, field, value)
    # The year alone is kept: age-group statistics of past events and competitions need it,
    # and a year among a school's pupils does not point to one child.
    child.birth_date = child.birth_date.replace(month=1, day=1)
    child.grade = ""
    child.anonymised_at = timezone.now()
    child.save()
    child.consents.filter(withdrawn_at=None).update(withdrawn_at=timezone.now())
    child.consents.update(ip=None)
    _scrub_contest_names(child=child, placeholder=str(child))
    _scrub_audit(query, repr_text=str(child), secrets=secrets)
    record(
        AuditEntry.Action.ERASE,
        target=child,
        actor_id=by.pk if by else None,
        detail=_("Данные ребёнка обезличены"),
    )
    return child


def _scrub_contest_names(*, placeholder: str, **author) -> None:
    """Competition works keep a typed copy of their authors' names (and diplomas the name they
    were issued to): replace it too, while the work and its place stay in the statistics."""
    from technopark.contests.models import Diploma, EntryAuthor

    EntryAuthor.objects.filter(**author).update(full_name=placeholder)
    Diploma.objects.filter(**{f"author__{k}": v for k, v in author.items()}).update(
        recipient=placeholder
    )


def _targets_child(child: ChildProfile) -> Q:
    consents = [str(pk) for pk in child.consents.values_list("pk", flat=True)]
    return Q(target_type="accounts.childprofile", target_id=str(child.pk)) | Q(
        target_type="accounts.guardianconsent", target_id__in=consents
    )


@transaction.atomic
def anonymise_user(user: User, *, by: User | None) -> User:
    """Erase a person's identity (and their children's) while keeping every count they are in."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.anonymised_at is not None:
        raise ValidationError(_("Данные этого пользователя уже обезличены."), code="done")
    if by is not None and by.pk == user.pk:
        raise ValidationError(
            _(
                "Свою учётную запись так обезличить нельзя: отправьте запрос, "
                "и его выполнит другой администратор."
            )
        )
    secrets = [user.email, user.get_full_name(), f"{user.last_name} {user.first_name}"]
    query = _targets(user)
    revoked = revoke_all_tokens(user)
    for child in ChildProfile.objects.filter(guardian=user, anonymised_at=None):
        if child.account_id and child.account.anonymised_at is None:
            anonymise_user(child.account, by=by)
        anonymise_child(child, by=by)
    own_profile = ChildProfile.objects.filter(account=user, anonymised_at=None).first()
    if own_profile is not None:
        anonymise_child(own_profile, by=by)
    old_avatar, storage = user.avatar.name, user.avatar.storage
    for field, value in USER_PLACEHOLDER.items():
        setattr(user, field, value)
    user.email = ANONYMOUS_EMAIL.format(pk=user.pk)
    user.phone = user.position = ""
    user.avatar = ""
    user.set_unusable_password()  # also ends every open session: the session hash changes
    user.is_active = user.is_staff = user.is_superuser = False
    user.anonymised_at = timezone.now()
    # Memberships, organisation, municipality and date joined stay: they are what counts.
    user.save()
    _scrub_contest_names(user=user, placeholder=str(user))
    if old_avatar:
        transaction.on_commit(lambda: storage.delete(old_avatar))
    _scrub_audit(query, repr_text=str(user), secrets=secrets)
    now = timezone.now()
    done = ErasureRequest.objects.filter(user=user, completed_at=None).update(completed_at=now)
    record(
        AuditEntry.Action.ERASE,
        target=user,
        actor_id=by.pk if by else None,
        detail=_("Пользователь обезличен; выполнено запросов на удаление: %(n)d") % {"n": done},
        changes={
            "memberships_kept": Membership.objects.filter(user=user).count(),
            "tokens_revoked": revoked,
        },
    )
    return user
