"""Personal API tokens: issued once in plain text, stored only as a SHA-256 hash."""

import secrets

from django.db import transaction
from django.utils import timezone

from .models import ApiToken, User

PREFIX = "tp_"


@transaction.atomic
def issue_token(user: User, *, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; return it with the raw key, which is never stored."""
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100] or "API", prefix=raw[:10], key_hash=ApiToken.hash(raw)
    )
    return token, raw


def authenticate_token(raw: str) -> User | None:
    """The active user behind a live token, or None; remembers when the token was last used."""
    if not raw or not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash(raw), revoked_at=None, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Write at most once a minute: a busy integration must not turn every GET into a write.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def revoke_token(token: ApiToken) -> None:
    """Revoke a token; it stops working at once and stays listed for the audit trail."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])  # the audit log records the change


@transaction.atomic
def revoke_all_tokens(user: User) -> int:
    """Revoke every live token of `user` (erasure, a lost laptop); return how many."""
    tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at=None))
    for token in tokens:
        revoke_token(token)  # one by one, so each revocation is in the audit log
    return len(tokens)
