"""The main menu: each item says which rule shows it, so a user sees only what they may open."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .permissions import Rule, rules


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    rule: Rule


def items() -> list[NavItem]:
    """Apps append here as they arrive (events, contests, reports …)."""
    return [
        NavItem(_("Главная"), "core:home", rules.public),
        NavItem(_("Организации"), "network:organisation_list", rules.authenticated),
        NavItem(_("Мои дети"), "accounts:children", rules.role("guardian")),
        NavItem(_("Журнал аудита"), "core:audit_log", rules.administrator),
        NavItem(_("Администрирование"), "admin:index", rules.administrator),
    ]


def for_user(user) -> list[dict]:
    return [{"label": item.label, "url": reverse(item.url_name)}
            for item in items() if item.rule.allows(user)]
