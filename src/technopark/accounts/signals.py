"""Log-ins, successful or not, go to the audit log. Handlers only record."""

from django.contrib.auth.signals import user_logged_in, user_login_failed

from technopark.core.audit import record
from technopark.core.models import AuditEntry


def _logged_in(sender, request, user, **kwargs):
    record(AuditEntry.Action.LOGIN, target=user, actor_id=user.pk)


def _login_failed(sender, credentials, request=None, **kwargs):
    # The address typed is kept (repeated failures on one account are worth seeing); the
    # password never reaches this handler in clear (Django masks it).
    who = str(credentials.get("username") or credentials.get("email") or "")[:200]
    record(AuditEntry.Action.LOGIN_FAILED, target_type="accounts.user", detail=who)


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="audit:login")
    user_login_failed.connect(_login_failed, dispatch_uid="audit:login_failed")
