"""Object rules of the organisation network, used by pages, API and admin alike."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from technopark.core.permissions import Rule


def _manages(user, organisation) -> bool:
    """Administrators manage every organisation; a methodist manages the organisation where
    they hold the role and everything under it (a methodist scoped to no organisation
    works for the whole installation)."""
    from technopark.accounts.models import Role

    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or user.has_any_role(Role.ADMINISTRATOR):
        return True
    if organisation is None or organisation.pk is None:
        return False
    scope = {organisation.pk, *organisation.ancestor_ids()}
    return (
        user.memberships.filter(role=Role.METHODIST)
        .filter(Q(organisation_id__in=scope) | Q(organisation=None))
        .exists()
    )


manage_organisation = Rule(
    "network:manage_organisation",
    _("администраторы, а также методисты этой организации или вышестоящей"),
    _manages,
)
