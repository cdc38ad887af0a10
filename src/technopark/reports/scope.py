"""What a report is about: an initiative, an organisation (optionally with the organisations
under it) or a region, and the period it covers.

A scope knows which events belong to it, its default period, who may see its personal-data
lists, and a short text key ("initiative:osp-2023", "organisation:12+", "region:3") that the
links to the records behind a figure carry.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from technopark.events.models import Event, Initiative
from technopark.network.models import Organisation, Region

INITIATIVE = "initiative"
ORGANISATION = "organisation"
REGION = "region"


class ReportError(ValidationError):
    """Bad input for a report (unknown slug, reversed period …); the message is Russian."""


class _Constructor:
    """`Scope.initiative(x)` builds a scope, while `scope.initiative` is the initiative: on
    the class this gives the builder function; an instance's own attribute of the same name
    wins over it (a non-data descriptor)."""

    def __init__(self, func) -> None:
        self.func = func

    def __get__(self, instance, owner):
        return self.func


class Scope:
    def __init__(
        self,
        kind: str,
        *,
        initiative: Initiative | None = None,
        organisation: Organisation | None = None,
        region: Region | None = None,
        include_children: bool = False,
        organisation_ids: frozenset[int] = frozenset(),
    ) -> None:
        self.kind = kind
        self.initiative = initiative
        self.organisation = organisation
        self.region = region
        self.include_children = include_children
        # Organisation ids the scope covers (the organisation and, if asked, all under it).
        self.organisation_ids = organisation_ids

    def __repr__(self) -> str:
        return f"<Scope {self.key}>"

    def __eq__(self, other) -> bool:
        return isinstance(other, Scope) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    # --- construction ----------------------------------------------------------------------

    @classmethod
    def for_initiative(cls, initiative: Initiative) -> Scope:
        return cls(INITIATIVE, initiative=initiative)

    @classmethod
    def for_organisation(cls, organisation: Organisation, include_children: bool = False) -> Scope:
        ids = {organisation.pk}
        if include_children:
            from technopark.network.selectors import descendant_ids

            ids = descendant_ids([organisation.pk])
        return cls(
            ORGANISATION,
            organisation=organisation,
            include_children=include_children,
            organisation_ids=frozenset(ids),
        )

    @classmethod
    def for_region(cls, region: Region) -> Scope:
        return cls(REGION, region=region)

    # The names the contract uses: Scope.initiative(x), Scope.organisation(x, children) and
    # Scope.region(x) are set after the class (see _Constructor).

    @classmethod
    def from_key(cls, key: str) -> Scope:
        """The scope a link names: "initiative:<slug>", "organisation:<id>[+]", "region:<id>"."""
        kind, _sep, value = (key or "").partition(":")
        if kind == INITIATIVE:
            return cls.for_initiative(find_initiative(value))
        if kind == ORGANISATION:
            children = value.endswith("+")
            return cls.for_organisation(find_organisation(value.rstrip("+")), children)
        if kind == REGION:
            if not value.isdigit():
                raise ReportError(_("Регион не найден."), code="unknown_region")
            region = Region.objects.filter(pk=int(value)).first()
            if region is None:
                raise ReportError(_("Регион не найден."), code="unknown_region")
            return cls.for_region(region)
        raise ReportError(_("Не понятно, по чему строить отчёт."), code="unknown_scope")

    # --- what it covers --------------------------------------------------------------------

    @property
    def key(self) -> str:
        if self.kind == INITIATIVE:
            return f"{INITIATIVE}:{self.initiative.slug}"
        if self.kind == ORGANISATION:
            return f"{ORGANISATION}:{self.organisation.pk}{'+' if self.include_children else ''}"
        return f"{REGION}:{self.region.pk}"

    @property
    def title(self) -> str:
        if self.kind == INITIATIVE:
            return self.initiative.title
        if self.kind == ORGANISATION:
            name = self.organisation.short_name or self.organisation.name
            if self.include_children:
                return _("%(name)s с подведомственными организациями") % {"name": name}
            return name
        return self.region.name

    def events(self) -> QuerySet[Event]:
        """Every event of the scope, of any date and status (the period is applied later)."""
        if self.kind == INITIATIVE:
            return Event.objects.filter(
                Q(initiative=self.initiative) | Q(plan_item__initiative=self.initiative)
            )
        if self.kind == ORGANISATION:
            return Event.objects.filter(organisation_id__in=self.organisation_ids)
        return Event.objects.filter(organisation__municipality__region=self.region)

    def own_contests_filter(self) -> Q | None:
        """Contests the scope's organisations ran on their own (a filter on Contest); None for
        an initiative, whose contests are only those held under its events."""
        if self.kind == INITIATIVE:
            return None
        if self.kind == ORGANISATION:
            return Q(organisation_id__in=self.organisation_ids)
        return Q(organisation__municipality__region=self.region)

    def initiatives_filter(self) -> Q:
        """Initiatives whose plans count in the scope (a filter on PlanItem)."""
        if self.kind == INITIATIVE:
            return Q(initiative=self.initiative)
        if self.kind == ORGANISATION:
            return Q(initiative__organisation_id__in=self.organisation_ids)
        return Q(initiative__organisation__municipality__region=self.region)

    def default_period(self) -> tuple[dt.date, dt.date]:
        if self.kind == INITIATIVE:
            return self.initiative.starts_on, self.initiative.ends_on
        year = timezone.localdate().year
        return dt.date(year, 1, 1), dt.date(year, 12, 31)

    def period(
        self, date_from: dt.date | None = None, date_to: dt.date | None = None
    ) -> tuple[dt.date, dt.date]:
        """The asked period, the missing ends taken from the default; refuses a reversed one."""
        default_from, default_to = self.default_period()
        start = date_from or default_from
        end = date_to or default_to
        if date_from and not date_to and start > end:
            end = dt.date(start.year, 12, 31)
        if date_to and not date_from and start > end:
            start = dt.date(end.year, 1, 1)
        check_period(start, end)
        return start, end

    # --- who may see the people behind the figures -----------------------------------------

    def organisation_for_rules(self) -> Organisation | None:
        if self.kind == INITIATIVE:
            return self.initiative.organisation
        if self.kind == ORGANISATION:
            return self.organisation
        return None

    def may_manage(self, user) -> bool:
        """Administrators; methodists of the scope's organisation or one above it; for a region,
        methodists who work for the whole installation."""
        from technopark.accounts.models import Role
        from technopark.network.rules import manage_organisation

        if user is None or not (user.is_authenticated and user.is_active):
            return False
        if self.kind == REGION:
            if user.is_superuser or user.has_any_role(Role.ADMINISTRATOR):
                return True
            return user.memberships.filter(role=Role.METHODIST, organisation=None).exists()
        return manage_organisation.allows(user, self.organisation_for_rules())


# --- lookups and parsing, shared by the CLI, the API and the pages ----------------------------


def find_initiative(slug: str) -> Initiative:
    initiative = (
        Initiative.objects.select_related("organisation").filter(slug=(slug or "").strip()).first()
    )
    if initiative is None:
        raise ReportError(
            _("Проект «%(slug)s» не найден. Проверьте короткое имя.") % {"slug": slug},
            code="unknown_initiative",
        )
    return initiative


def find_organisation(value) -> Organisation:
    text = str(value or "").strip()
    organisation = None
    if text.isdigit():
        organisation = Organisation.objects.filter(pk=int(text)).first()
    if organisation is None:
        raise ReportError(
            _("Организация с номером «%(id)s» не найдена.") % {"id": text},
            code="unknown_organisation",
        )
    return organisation


def find_region(name: str) -> Region:
    text = (name or "").strip()
    region = None
    if text.isdigit():
        region = Region.objects.filter(pk=int(text)).first()
    if region is None and text:
        region = Region.objects.filter(name__iexact=text).first()
        if region is None:
            # SQLite folds only ASCII case; compare in Python over the short list of regions.
            wanted = text.casefold()
            region = next((r for r in Region.objects.all() if r.name.casefold() == wanted), None)
    if region is None:
        raise ReportError(_("Регион «%(name)s» не найден.") % {"name": text}, code="unknown_region")
    return region


def parse_date(value, *, label: str) -> dt.date | None:
    """A date written as YYYY-MM-DD (or already a date); empty gives None."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ReportError(
            _("Дата «%(value)s» в поле «%(label)s» не распознана: нужен вид ГГГГ-ММ-ДД.")
            % {"value": value, "label": label},
            code="bad_date",
        ) from None


def check_period(start: dt.date, end: dt.date) -> None:
    if start > end:
        raise ReportError(
            _("Начало периода (%(start)s) позже его окончания (%(end)s).")
            % {"start": start.strftime("%d.%m.%Y"), "end": end.strftime("%d.%m.%Y")},
            code="reversed_period",
        )


def parse_period(date_from, date_to) -> tuple[dt.date | None, dt.date | None]:
    start = parse_date(date_from, label=_("с"))
    end = parse_date(date_to, label=_("по"))
    if start and end:
        check_period(start, end)
    return start, end


Scope.initiative = _Constructor(Scope.for_initiative)
Scope.organisation = _Constructor(Scope.for_organisation)
Scope.region = _Constructor(Scope.for_region)
