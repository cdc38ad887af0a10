"""After the event: stream views, the online participant list, materials and the recording,
feedback (the organiser's summary and the participant's form behind their personal link)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from technopark.core.permissions import declare, rules

from ..charts import bar_chart
from ..models import Format, Material, Registration
from ..rules import can_see_event, manage_event
from ..services import attendance as attendance_service
from ..services import feedback as feedback_service
from ..services import materials as materials_service
from ..services import streams as streams_service
from .checkin import base_context, managed_event


def _apply(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class StreamViewsForm(forms.Form):
    count = forms.IntegerField(label=gettext_lazy("Сколько просмотров"), min_value=0)
    source = forms.CharField(
        label=gettext_lazy("Где шла трансляция"),
        max_length=200,
        help_text=gettext_lazy("Например: «сообщество ЦДТ ВКонтакте»."),
    )
    recorded_on = forms.DateField(
        label=gettext_lazy("Дата"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(label=gettext_lazy("Примечание"), max_length=300, required=False)


class TableUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Файл CSV или XLSX"))


@declare(manage_event)
@require_http_methods(["GET", "POST"])
def stream_views(request, pk: int):
    event = managed_event(request, pk)
    form = StreamViewsForm(
        request.POST if request.POST.get("action") == "add" else None,
        initial={"recorded_on": timezone.localtime(event.starts_at).date(), "source": ""},
    )
    upload = TableUploadForm(
        request.POST if request.POST.get("action") == "import" else None,
        request.FILES if request.POST.get("action") == "import" else None,
    )
    if request.method == "POST" and request.POST.get("action") == "add" and form.is_valid():
        try:
            streams_service.record_stream_views(event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Просмотры записаны."))
            return redirect("events:stream_views", pk=event.pk)
    if request.method == "POST" and request.POST.get("action") == "import" and upload.is_valid():
        try:
            created = streams_service.import_stream_views(
                event, upload=upload.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            _apply(upload, error)
        else:
            messages.success(request, _("Загружено строк: %(n)s.") % {"n": len(created)})
            return redirect("events:stream_views", pk=event.pk)
    context = base_context(event, "streams")
    context.update(
        form=form,
        upload=upload,
        entries=event.stream_views.order_by("recorded_on", "pk"),
        total=streams_service.total_stream_views(event),
        registered=event.registrations.filter(status__in=Registration.SEATED).count(),
    )
    context["reach"] = context["total"] + context["registered"]
    return render(request, "events/after/stream_views.html", context)


@declare(manage_event)
@require_http_methods(["GET", "POST"])
def online_import(request, pk: int):
    event = managed_event(request, pk)
    upload = TableUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and upload.is_valid():
        try:
            report = attendance_service.import_online_attendance(
                event, upload=upload.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            _apply(upload, error)
    context = base_context(event, "online")
    context.update(upload=upload, report=report)
    return render(request, "events/after/online_import.html", context)


class MaterialForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Название"), max_length=300)
    file = forms.FileField(label=gettext_lazy("Файл"), required=False)
    url = forms.CharField(label=gettext_lazy("или ссылка"), max_length=500, required=False)
    published = forms.BooleanField(
        label=gettext_lazy("Показывать участникам"), required=False, initial=True
    )


class RecordingForm(forms.Form):
    url = forms.CharField(label=gettext_lazy("Ссылка на запись"), max_length=500, required=False)


@declare(manage_event)
@require_http_methods(["GET", "POST"])
def materials(request, pk: int):
    event = managed_event(request, pk)
    action = request.POST.get("action")
    recording = RecordingForm(
        request.POST if action == "recording" else None, initial={"url": event.recording_url}
    )
    form = MaterialForm(
        request.POST if action == "add" else None, request.FILES if action == "add" else None
    )
    try:
        if action == "recording" and recording.is_valid():
            materials_service.set_recording(
                event, url=recording.cleaned_data["url"], by=request.user
            )
            messages.success(request, _("Ссылка на запись сохранена."))
            return redirect("events:materials", pk=event.pk)
        if action == "add" and form.is_valid():
            materials_service.add_material(
                event,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                url=form.cleaned_data["url"],
                published=form.cleaned_data["published"],
                by=request.user,
            )
            messages.success(request, _("Материал добавлен."))
            return redirect("events:materials", pk=event.pk)
    except ValidationError as error:
        _apply(recording if action == "recording" else form, error)
    context = base_context(event, "materials")
    context.update(form=form, recording=recording, materials=event.materials.all())
    return render(request, "events/after/materials.html", context)


@declare(manage_event)
@require_POST
def material_change(request, pk: int, material_pk: int):
    event = managed_event(request, pk)
    material = get_object_or_404(Material, pk=material_pk, event=event)
    if request.POST.get("action") == "remove":
        materials_service.remove_material(material, by=request.user)
        messages.success(request, _("Материал удалён."))
    else:
        materials_service.set_material_published(
            material, published=request.POST.get("published") == "1", by=request.user
        )
    return redirect("events:materials", pk=event.pk)


@declare(rules.public)
def material_file(request, material_pk: int):
    """A published material of a visible event, always as a download (never shown inline)."""
    material = get_object_or_404(Material.objects.select_related("event"), pk=material_pk)
    visible = material.published and can_see_event(request.user, material.event)
    if not (visible or manage_event.allows(request.user, material.event)) or not material.file:
        raise Http404
    extension = material.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        material.file.open("rb"), as_attachment=True, filename=f"{material.title[:80]}.{extension}"
    )


@declare(manage_event)
@require_http_methods(["GET", "POST"])
def feedback_manage(request, pk: int):
    event = managed_event(request, pk)
    if request.method == "POST":
        sent = feedback_service.invite_to_feedback(event, by=request.user)
        if sent:
            messages.success(request, _("Приглашения поставлены в очередь: %(n)s.") % {"n": sent})
        else:
            messages.info(
                request, _("Приглашать некого: все подтверждённые участники уже ответили.")
            )
        return redirect("events:feedback_manage", pk=event.pk)
    summary = feedback_service.feedback_summary(event)
    context = base_context(event, "feedback")
    context["summary"] = summary
    if summary["responses"]:
        context["chart"] = bar_chart(
            [(f.label, f.share) for f in summary["formats"]],
            title=_("Удобная форма участия, % ответивших"),
            unit=" %",
        )
    return render(request, "events/after/feedback.html", context)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("Как вам мероприятие? (5 — отлично)"),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    preferred_format = forms.ChoiceField(
        label=gettext_lazy("В какой форме вам удобнее участвовать?"),
        choices=Format.choices,
        widget=forms.RadioSelect,
    )
    would_attend_again = forms.TypedChoiceField(
        label=gettext_lazy("Придёте на следующее мероприятие?"),
        choices=[("1", gettext_lazy("да")), ("0", gettext_lazy("нет"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Что понравилось, что стоит изменить?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )


@declare(rules.public)
@require_http_methods(["GET", "POST"])
def feedback_form(request, code: str):
    """The participant's survey behind the personal link from the invitation."""
    registration = get_object_or_404(
        Registration.objects.select_related("event"), code=code.strip().upper()[:16]
    )
    answered = hasattr(registration, "feedback") and registration.feedback is not None
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and not answered and form.is_valid():
        try:
            feedback_service.submit_feedback(registration, **form.cleaned_data)
        except ValidationError as error:
            _apply(form, error)
        else:
            answered = True
    return render(
        request,
        "events/after/feedback_form.html",
        {
            "registration": registration,
            "event": registration.event,
            "form": form,
            "answered": answered,
        },
    )


urlpatterns = [
    path("<int:pk>/stream-views/", stream_views, name="stream_views"),
    path("<int:pk>/online-attendance/", online_import, name="online_import"),
    path("<int:pk>/materials/", materials, name="materials"),
    path("<int:pk>/materials/<int:material_pk>/", material_change, name="material_change"),
    path("materials/<int:material_pk>/file/", material_file, name="material_file"),
    path("<int:pk>/feedback/", feedback_manage, name="feedback_manage"),
    path("feedback/<str:code>/", feedback_form, name="feedback_form"),
]
