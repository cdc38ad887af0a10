"""The error every document format raises on a template or format it cannot use."""

from django.core.exceptions import ValidationError


class ReportTemplateError(ValidationError):
    """A report document could not be made; the message says why in Russian."""
