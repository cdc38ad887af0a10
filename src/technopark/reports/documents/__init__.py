"""Report documents: one report dict in, DOCX / XLSX / PDF bytes out.

`render(report, fmt)` is what the page, the CLI and the API call; the charts in every format
come from `charts`, one matplotlib function per chart."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .errors import ReportTemplateError

FORMATS = ("docx", "xlsx", "pdf")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json; charset=utf-8",
}

__all__ = ["CONTENT_TYPES", "FORMATS", "ReportTemplateError", "render"]


def render(report: dict, fmt: str, *, template=None) -> bytes:
    """The report as a document; `template` (a path, bytes or a file) replaces the DOCX one."""
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(report, template=template)
    if fmt == "xlsx":
        from .xlsx import render_xlsx

        return render_xlsx(report)
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(report)
    raise ReportTemplateError(
        _("Неизвестный формат документа: %(fmt)s. Доступны DOCX, XLSX и PDF.") % {"fmt": fmt}
    )
