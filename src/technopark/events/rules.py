"""Who may manage and who may see an event: one place for pages, API, admin and tasks."""

from django.utils.translation import gettext_lazy as _

from technopark.core.permissions import Rule
from technopark.network.rules import manage_organisation


def can_manage_event(user, event) -> bool:
    """Administrators, and methodists of the organiser organisation or of one above it.

    The organisation rule already knows the tree (and the methodist scoped to no organisation,
    who works for the whole installation), so an event is managed exactly as its organiser."""
    if user is None or event is None:
        return False
    organisation = getattr(event, "organisation", None)
    return manage_organisation.allows(user, organisation)


def can_see_event(user, event) -> bool:
    """Published, held and archived events are public; a draft only for those who manage it."""
    from .models import Event

    if event is None:
        return False
    if event.status != Event.Status.DRAFT:
        return True
    return can_manage_event(user, event)


def _manage(user, event) -> bool:
    # Without an object (the operation-level check of `allow`) the question is "may this user
    # manage some event at all"; the object check follows inside the handler via `check`.
    if event is None:
        return _is_staff(user)
    return can_manage_event(user, event)


def _is_staff(user) -> bool:
    from technopark.accounts.models import Role

    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_any_role(Role.ADMINISTRATOR, Role.METHODIST)
    )


manage_event = Rule(
    "events:manage_event",
    _("администраторы, а также методисты организации-организатора или вышестоящей"),
    _manage,
)
