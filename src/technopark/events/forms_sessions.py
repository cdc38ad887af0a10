"""The "which master class" choice of the registration form: programme items with places."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class SessionCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes where an item without places is shown but cannot be ticked."""

    def __init__(self, *args, full=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.full = {str(pk) for pk in full}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) in self.full:
            option["attrs"]["disabled"] = True
        return option


def session_label(session, zone) -> str:
    """«10:00–11:30 · Мастер-класс «Робототехника», ауд. 12 — свободных мест: 3»."""
    starts = timezone.localtime(session.starts_at, zone)
    ends = timezone.localtime(session.ends_at, zone)
    when = f"{starts:%d.%m %H:%M}–{ends:%H:%M}"
    place = f", {session.room}" if session.room else ""
    if session.places_left <= 0:
        left = _("мест нет")
    else:
        left = _("свободных мест: %(n)s") % {"n": session.places_left}
    return f"{when} · {session.title}{place} — {left}"


def session_field(sessions, zone) -> forms.MultipleChoiceField:
    """The field for sessions from services.sessions.with_places_left (places already set)."""
    return forms.TypedMultipleChoiceField(
        label=gettext_lazy("Мастер-классы и секции"),
        choices=[(str(s.pk), session_label(s, zone)) for s in sessions],
        coerce=int,
        required=False,
        widget=SessionCheckboxes(full=[s.pk for s in sessions if s.places_left <= 0]),
        help_text=gettext_lazy(
            "Число мест на них ограничено. Отметьте, куда хотите попасть; два пункта, которые "
            "идут в одно время, выбрать нельзя. Можно не выбирать ничего."
        ),
    )
