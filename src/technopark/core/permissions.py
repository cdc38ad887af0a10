"""Deny by default: every page and API endpoint declares who may use it.

A rule is a named predicate over (user, obj). Pages wrap their view with `declare(rule)`
(or set `permission = rule` on a class-based view); the API uses `technopark.api.allow(rule)`.
`tests/core/test_permissions.py` walks every URL pattern and fails on one that declares nothing.
The same rules serve pages, API and admin, so "who may" is decided in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Predicate = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Rule:
    name: str
    who: str | Promise  # human sentence shown on 403 pages and in the API docs
    predicate: Predicate

    def allows(self, user, obj=None) -> bool:
        return bool(user is not None and self.predicate(user, obj))

    def __or__(self, other: Rule) -> Rule:
        return Rule(
            f"{self.name}|{other.name}",
            _("%(a)s или %(b)s") % {"a": self.who, "b": other.who},
            lambda u, o: self.allows(u, o) or other.allows(u, o),
        )

    def __and__(self, other: Rule) -> Rule:
        return Rule(
            f"{self.name}&{other.name}",
            _("%(a)s, и при этом %(b)s") % {"a": self.who, "b": other.who},
            lambda u, o: self.allows(u, o) and other.allows(u, o),
        )

    def __str__(self) -> str:
        return str(self.who)


def _is_authenticated(user, obj) -> bool:
    return bool(user.is_authenticated and user.is_active)


def role(*roles: str, who: str | Promise | None = None) -> Rule:
    """Users holding one of `roles` in any organisation (superusers always pass; administrators
    pass only when listed, so a role page such as "my children" is not theirs by accident)."""
    from technopark.accounts.models import Role

    labels = ", ".join(str(Role(r).label) for r in roles)
    return Rule(
        "role:" + ",".join(roles),
        who or _("пользователи с ролью: %(roles)s") % {"roles": labels},
        lambda u, o: _is_authenticated(u, o) and (u.is_superuser or u.has_any_role(*roles)),
    )


class _Rules:
    """The named rules of the platform; apps add object rules next to their own models."""

    public = Rule("public", _("все, в том числе гости без входа"), lambda u, o: True)
    anonymous = Rule(
        "anonymous", _("гости, не вошедшие в систему"), lambda u, o: not u.is_authenticated
    )
    authenticated = Rule("authenticated", _("все вошедшие пользователи"), _is_authenticated)

    @property
    def administrator(self) -> Rule:
        from technopark.accounts.models import Role

        return role(Role.ADMINISTRATOR, who=_("администраторы"))

    @property
    def staff(self) -> Rule:
        from technopark.accounts.models import Role

        return role(Role.ADMINISTRATOR, Role.METHODIST, who=_("методисты и администраторы"))

    role = staticmethod(role)


rules = _Rules()


def check(rule: Rule, request, obj=None) -> None:
    """Raise PermissionDenied (403 that names who may) unless `rule` allows request.user."""
    if not rule.allows(request.user, obj):
        raise PermissionDenied(_("Эта страница доступна только так: %(who)s.") % {"who": rule.who})


def declare(rule: Rule):
    """Decorate a view with the rule that says who may use it; guests go to the login page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not rule.allows(request.user):
                if not request.user.is_authenticated and rule is not rules.anonymous:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied(
                    _("Эта страница доступна только так: %(who)s.") % {"who": rule.who}
                )
            return view(request, *args, **kwargs)

        wrapper.permission = rule
        return wrapper

    return decorator


class PermissionMixin:
    """Class-based views: set `permission = rules.x`; checked before dispatch."""

    permission: Rule | None = None

    @classmethod
    def as_view(cls, **initkwargs):
        if cls.permission is None:
            raise TypeError(f"{cls.__name__} declares no permission")
        return declare(cls.permission)(super().as_view(**initkwargs))


def declared_permission(callback) -> Rule | None:
    """The rule a URL callback declared, or None (used by the URL-walking test)."""
    for candidate in (
        callback,
        getattr(callback, "view_class", None),
        getattr(callback, "__wrapped__", None),
    ):
        rule = getattr(candidate, "permission", None)
        if isinstance(rule, Rule):
            return rule
    return None
