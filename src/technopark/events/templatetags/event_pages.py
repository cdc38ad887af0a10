"""Display helpers of the event pages."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def answer_text(value) -> str:
    """An answer as a person reads it: lists joined, yes/no in words."""
    if value is True:
        return _("да")
    if value is False:
        return _("нет")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)
