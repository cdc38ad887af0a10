"""Documents of an event: certificates (batch with progress, archive, one by one, public
verification), participant lists with filters and their exports, the geography summary."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from technopark.core.audit import record_personal_data_access
from technopark.core.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from technopark.core.permissions import declare, rules
from technopark.network.models import Municipality, Organisation

from ..charts import bar_chart
from ..models import Certificate, Registration
from ..rules import manage_event
from ..services import certificates as certificate_service
from ..services import exports as export_service
from .checkin import base_context, managed_event


def _certificate_context(event) -> dict:
    issued = Certificate.objects.filter(registration__event=event).select_related("registration")
    progress = certificate_service.certificate_progress(event)
    if progress and progress.get("total"):
        progress = {**progress, "percent": round(progress["done"] * 100 / progress["total"])}
    return {
        "issued": issued.order_by("number"),
        "progress": progress,
        "running": bool(progress and progress.get("state") in ("queued", "running")),
        "eligible_attended": certificate_service.eligible_registrations(event).count(),
        "eligible_confirmed": certificate_service.eligible_registrations(
            event, include_confirmed=True
        ).count(),
    }


@declare(manage_event)
@require_GET
def certificates(request, pk: int):
    event = managed_event(request, pk)
    context = base_context(event, "certificates")
    context.update(_certificate_context(event))
    record_personal_data_access(
        "view", what=_("сертификаты: «%(event)s»") % {"event": event}, count=len(context["issued"])
    )
    return render(request, "events/after/certificates.html", context)


@declare(manage_event)
@require_GET
def certificates_progress(request, pk: int):
    event = managed_event(request, pk)
    context = {"event": event, **_certificate_context(event)}
    return render(request, "events/after/_certificate_progress.html", context)


@declare(manage_event)
@require_POST
def certificates_start(request, pk: int):
    event = managed_event(request, pk)
    try:
        total = certificate_service.start_certificate_batch(
            event, include_confirmed=request.POST.get("who") == "confirmed", by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Готовим сертификаты: %(n)s.") % {"n": total})
    return redirect("events:certificates", pk=event.pk)


@declare(manage_event)
@require_GET
def certificates_zip(request, pk: int):
    event = managed_event(request, pk)
    data = certificate_service.certificates_zip(event)
    record_personal_data_access(
        "export", what=_("архив сертификатов: «%(event)s»") % {"event": event}, count=0
    )
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="certificates-{event.pk}.zip"'
    return response


def _pdf(certificate: Certificate):
    if not certificate.file:
        raise Http404
    return FileResponse(
        certificate.file.open("rb"),
        as_attachment=True,
        filename=certificate_service.download_name(certificate),
        content_type="application/pdf",
    )


@declare(manage_event)
@require_GET
def certificate_pdf(request, pk: int, certificate_pk: int):
    event = managed_event(request, pk)
    return _pdf(get_object_or_404(Certificate, pk=certificate_pk, registration__event=event))


@declare(rules.public)
@require_GET
def my_certificate(request, code: str):
    """The participant downloads their own certificate through their personal code."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("registration"),
        registration__code=code.strip().upper()[:16],
    )
    return _pdf(certificate)


@declare(rules.public)
@require_GET
def certificate_verify(request, key: str):
    """Anyone holding a certificate may check it is genuine: number, name, event — nothing more."""
    certificate = (
        Certificate.objects.select_related(
            "registration__event__organisation", "registration__event__kind"
        )
        .filter(verification_key=key[:32])
        .first()
    )
    return render(
        request,
        "events/after/certificate_verify.html",
        {"certificate": certificate},
        status=200 if certificate else 404,
    )


class ParticipantFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Заявка"),
        required=False,
        choices=[("", gettext_lazy("все"))] + Registration.Status.choices,
    )
    attended = forms.ChoiceField(
        label=gettext_lazy("Присутствие"),
        required=False,
        choices=[
            ("", gettext_lazy("все")),
            ("yes", gettext_lazy("были")),
            ("no", gettext_lazy("не были")),
            ("in_person", gettext_lazy("были очно")),
            ("online", gettext_lazy("были онлайн")),
        ],
    )
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Муниципалитет"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=gettext_lazy("все"),
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Организация"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=gettext_lazy("все"),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Кто"),
        required=False,
        choices=[("", gettext_lazy("все"))] + Registration.ParticipantRole.choices,
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        choosable = event.sessions.filter(capacity__isnull=False).order_by("starts_at", "pk")
        if choosable.exists():
            # "Who is coming to my master class": the items chosen at registration.
            self.fields["session"] = forms.ModelChoiceField(
                label=gettext_lazy("Пункт программы"),
                required=False,
                queryset=choosable,
                empty_label=gettext_lazy("все"),
            )
        # Only places and organisations that occur among this event's registrations.
        mine = event.registrations.values("municipality")
        self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=mine).order_by(
            "name"
        )
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=event.registrations.values("organisation")
        ).order_by("name")

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


@declare(manage_event)
@require_GET
def participants_export(request, pk: int):
    event = managed_event(request, pk)
    form = ParticipantFilterForm(request.GET or None, event=event)
    registrations = export_service.filter_participants(event, **form.filters())
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "csv"):
        data, filename = export_service.export_participants(event, registrations, fmt=fmt)
        response = HttpResponse(
            data, content_type=XLSX_CONTENT_TYPE if fmt == "xlsx" else CSV_CONTENT_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    page = Paginator(registrations, 50).get_page(request.GET.get("page"))
    record_personal_data_access(
        "view", what=_("участники: «%(event)s»") % {"event": event}, count=len(page.object_list)
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context = base_context(event, "export")
    context.update(form=form, page=page, query=query.urlencode())
    return render(request, "events/after/participants.html", context)


@declare(manage_event)
@require_GET
def stats(request, pk: int):
    """Registered, attended and stream views side by side, and participants by municipality."""
    from ..selectors import event_stats

    event = managed_event(request, pk)
    figures = event_stats(event)
    rows = figures["by_municipality"]
    context = base_context(event, "stats")
    context.update(
        stats=figures,
        rows=rows,
        total=sum(r["participants"] for r in rows),
        chart=bar_chart([(r["name"], r["participants"]) for r in rows]) if rows else "",
    )
    return render(request, "events/after/stats.html", context)


urlpatterns = [
    path("<int:pk>/certificates/", certificates, name="certificates"),
    path("<int:pk>/certificates/progress/", certificates_progress, name="certificates_progress"),
    path("<int:pk>/certificates/start/", certificates_start, name="certificates_start"),
    path("<int:pk>/certificates/all.zip", certificates_zip, name="certificates_zip"),
    path(
        "<int:pk>/certificates/<int:certificate_pk>/pdf/", certificate_pdf, name="certificate_pdf"
    ),
    path("certificates/<str:key>/", certificate_verify, name="certificate_verify"),
    path("my-certificate/<str:code>/", my_certificate, name="my_certificate"),
    path("<int:pk>/participants/", participants_export, name="exports"),
    path("<int:pk>/stats/", stats, name="stats"),
]
