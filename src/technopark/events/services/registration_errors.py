"""Why a registration cannot be taken now; the API answers all of these with 409."""

from django.core.exceptions import ValidationError


class RegistrationClosed(ValidationError):
    """Registration is not possible now (draft, not yet open, closed, over): the API says 409."""


class EventFull(RegistrationClosed):
    """No seat is free and the event keeps no waiting list: the API says 409."""
