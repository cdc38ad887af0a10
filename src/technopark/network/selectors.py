"""Reads of the organisation network shared by pages, the API and reports."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Municipality, Organisation, Region


def _is_administrator(user) -> bool:
    from technopark.accounts.models import Role

    return bool(user.is_authenticated and user.is_active and user.has_any_role(Role.ADMINISTRATOR))


def organisations_visible_to(user) -> QuerySet[Organisation]:
    """Signed-in users see active organisations; administrators also see inactive ones."""
    organisations = Organisation.objects.select_related("municipality__region", "parent")
    if not (user.is_authenticated and user.is_active):
        return organisations.none()
    if _is_administrator(user):
        return organisations
    return organisations.filter(is_active=True)


def _word_variants(word: str) -> set[str]:
    # SQLite's LIKE folds only ASCII letters; offering the usual spellings of a Cyrillic word
    # (as typed, lower, Capitalised, UPPER) makes "квантум" find «Квантум» on both databases.
    return {word, word.lower(), word.capitalize(), word.upper()}


def search_organisations(
    organisations: QuerySet[Organisation], text: str
) -> QuerySet[Organisation]:
    """Every word of `text` must occur in the name, short name or address."""
    for word in text.split()[:8]:
        condition = Q()
        for variant in _word_variants(word):
            condition |= (
                Q(name__icontains=variant)
                | Q(short_name__icontains=variant)
                | Q(address__icontains=variant)
            )
        organisations = organisations.filter(condition)
    return organisations


def filter_organisations(
    organisations: QuerySet[Organisation],
    *,
    region: Region | None = None,
    municipality: Municipality | None = None,
    kind: str = "",
    text: str = "",
) -> QuerySet[Organisation]:
    """The directory filters: region, municipality, kind and free text, all optional."""
    if region is not None:
        organisations = organisations.filter(municipality__region=region)
    if municipality is not None:
        organisations = organisations.filter(municipality=municipality)
    if kind:
        organisations = organisations.filter(kind=kind)
    if text.strip():
        organisations = search_organisations(organisations, text)
    return organisations


def descendant_ids(roots: Iterable[int]) -> set[int]:
    """Ids of the given organisations and of everything under them (one query per level)."""
    found = set(roots)
    frontier = set(found)
    while frontier:
        children = (
            set(Organisation.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            - found
        )
        found |= children
        frontier = children
    return found


def ancestors(organisation: Organisation) -> list[Organisation]:
    """The chain of organisations above this one, the topmost first."""
    ids = organisation.ancestor_ids()
    by_id = Organisation.objects.in_bulk(ids)
    return [by_id[pk] for pk in reversed(ids) if pk in by_id]


def sub_organisations(organisation: Organisation, user) -> QuerySet[Organisation]:
    """The organisations directly under this one that `user` may see."""
    return organisations_visible_to(user).filter(parent=organisation)


def organisations_managed_by(user) -> QuerySet[Organisation]:
    """What `user` may edit: everything for administrators, a methodist's subtree otherwise."""
    from technopark.accounts.models import Role

    organisations = Organisation.objects.select_related("municipality__region")
    if not (user.is_authenticated and user.is_active):
        return organisations.none()
    if _is_administrator(user):
        return organisations
    scopes = list(
        user.memberships.filter(role=Role.METHODIST).values_list("organisation_id", flat=True)
    )
    if None in scopes:
        return organisations
    return organisations.filter(pk__in=descendant_ids(scopes))


def role_counts(organisation: Organisation) -> list[tuple[str, int]]:
    """How many people hold each role in this organisation: numbers only, no names."""
    from technopark.accounts.models import Role

    counts = dict(
        organisation.memberships.filter(user__is_active=True)
        .values("role")
        .annotate(n=Count("user", distinct=True))
        .values_list("role", "n")
    )
    return [(str(label), counts[value]) for value, label in Role.choices if counts.get(value)]


def regions_with_municipalities() -> QuerySet[Region]:
    """Regions with their municipalities, each counting its active organisations."""
    municipalities = Municipality.objects.annotate(
        organisation_count=Count("organisations", filter=Q(organisations__is_active=True))
    ).order_by("kind", "name")
    return Region.objects.prefetch_related(Prefetch("municipalities", queryset=municipalities))
