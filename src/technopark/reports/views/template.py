"""The DOCX template of reports: administrators download the current one, upload their own
(tried on a sample report first, so a broken one never replaces a working one) or go back to
the shipped default."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from technopark.core.audit import record
from technopark.core.permissions import declare, rules

from ..documents import CONTENT_TYPES, ReportTemplateError
from ..documents.docx import DEFAULT_TEMPLATE, UPLOADED_TEMPLATE, render_docx, template_source
from ..documents.sample import sample_report
from ..forms import TemplateUploadForm


def _current_source() -> str:
    if default_storage.exists(UPLOADED_TEMPLATE):
        return "uploaded"
    source = template_source()
    return "default" if source == DEFAULT_TEMPLATE else "setting"


@declare(rules.administrator)
@require_http_methods(["GET", "POST"])
def template_settings(request):
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and request.POST.get("action") == "reset":
        if default_storage.exists(UPLOADED_TEMPLATE):
            default_storage.delete(UPLOADED_TEMPLATE)
            record("delete", target_type="report_template", detail=_("шаблон отчёта DOCX"))
        messages.success(request, _("Снова используется стандартный шаблон."))
        return redirect("reports:template")
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["template"].read()
        try:
            render_docx(sample_report(), template=content)
        except ReportTemplateError as error:
            form.add_error("template", error.messages)
        else:
            if default_storage.exists(UPLOADED_TEMPLATE):
                default_storage.delete(UPLOADED_TEMPLATE)
            default_storage.save(UPLOADED_TEMPLATE, ContentFile(content))
            record("update", target_type="report_template", detail=_("шаблон отчёта DOCX"))
            messages.success(request, _("Шаблон загружен: новые отчёты DOCX строятся по нему."))
            return redirect("reports:template")
    status = 400 if form.errors else 200
    return render(
        request,
        "reports/template.html",
        {"form": form, "source": _current_source()},
        status=status,
    )


@declare(rules.administrator)
def template_download(request, which: str):
    if which not in ("current", "default"):
        raise Http404
    if which == "current":
        source = template_source()
        handle = source if hasattr(source, "read") else open(source, "rb")  # noqa: SIM115
    else:
        handle = open(DEFAULT_TEMPLATE, "rb")  # noqa: SIM115
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"report-template-{which}.docx",
        content_type=CONTENT_TYPES["docx"],
    )


urlpatterns = [
    path("template/", template_settings, name="template"),
    path(
        "template/<str:which>.docx",
        template_download,
        name="template_download",
    ),
]
