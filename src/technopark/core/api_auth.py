"""Who may call an API operation: a personal token or the browser session, then a rule.

`allow(rule)` gives the keyword arguments for a ninja operation:

    @router.get("/organisations", **allow(rules.authenticated))

It picks the authentication (a guest passes only where the rule lets guests in), checks the
rule (403 naming who may) and writes the rule into the OpenAPI schema (`x-permission`).
"""

from __future__ import annotations

from django.conf import settings
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from technopark.accounts.tokens import authenticate_token

from .api_errors import CsrfFailed, Forbidden, InvalidToken
from .context import set_actor
from .permissions import Rule, rules


def _grant(request, user, rule: Rule):
    request.user = user
    set_actor(user.pk)
    if not rule.allows(user):
        raise Forbidden(rule)
    return user


class BearerToken(HttpBearer):
    """`Authorization: Bearer tp_…` — a personal token issued by `technopark apitoken`."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        super().__init__()

    def authenticate(self, request, token):
        user = authenticate_token(token.strip())
        if user is None:
            # A wrong token is an error even where guests are welcome: say so at once.
            raise InvalidToken()
        return _grant(request, user, self.rule)


class SessionCookie(APIKeyCookie):
    """The signed-in browser session; unsafe methods need the CSRF token as on pages."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        super().__init__(csrf=True)

    def _get_key(self, request):
        # Only a signed-in session is checked for CSRF: a guest has nothing to forge.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfFailed()
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        if key is None:
            return None
        return _grant(request, request.user, self.rule)


class Guest:
    """Last in line on operations whose rule admits guests: lets the anonymous user through."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule

    def __call__(self, request):
        user = request.user
        return user if self.rule.allows(user) else None


def _admits_guests(rule: Rule) -> bool:
    from django.contrib.auth.models import AnonymousUser

    return rule.allows(AnonymousUser())


def allow(rule: Rule) -> dict:
    """Operation kwargs: authentication, the rule check, and the rule in the OpenAPI schema."""
    auth: list = [BearerToken(rule), SessionCookie(rule)]
    extra: dict = {"x-permission": rule.name, "x-permission-who": rule.who}
    if _admits_guests(rule):
        auth.append(Guest(rule))
        extra["security"] = [{}]  # OpenAPI: credentials are optional here
    return {"auth": auth, "openapi_extra": extra}


def operation_rule(operation) -> Rule | None:
    """The rule an operation was declared with through `allow`, or None."""
    if "x-permission" not in (operation.openapi_extra or {}):
        return None
    for callback in operation.auth_callbacks:
        if isinstance(getattr(callback, "rule", None), Rule):
            return callback.rule
    return None


# The API default: an operation that forgot `allow` still admits only signed-in users.
DEFAULT_AUTH = [BearerToken(rules.authenticated), SessionCookie(rules.authenticated)]
