"""Check-in at the door: a phone page for staff that scans or takes a code, and a name search
for checking people in from the list."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from technopark.core.audit import record_personal_data_access
from technopark.core.permissions import check, declare

from ..models import Attendance, Event, Registration
from ..rules import manage_event
from ..services import attendance as attendance_service

# Management pages of other areas this area links back to, first one that exists wins.
MANAGE_PAGE_NAMES = ("events:manage_detail", "events:manage", "events:manage_event")


def managed_event(request, pk: int) -> Event:
    """The event, if the user may manage it (403 otherwise, 404 when it does not exist)."""
    event = get_object_or_404(Event.objects.select_related("organisation", "kind"), pk=pk)
    check(manage_event, request, event)
    return event


def manage_url(event: Event) -> str:
    for name in MANAGE_PAGE_NAMES:
        try:
            return reverse(name, args=[event.pk])
        except NoReverseMatch:
            continue
    return reverse("events:detail", args=[event.pk])


def base_context(event: Event, section: str) -> dict:
    return {"event": event, "section": section, "manage_url": manage_url(event)}


def _counts(event: Event) -> dict:
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED)
    present = Attendance.objects.filter(registration__event=event)
    return {
        "confirmed": confirmed.count(),
        "in_person": present.filter(mode=Attendance.Mode.IN_PERSON).count(),
        "online": present.filter(mode=Attendance.Mode.ONLINE).count(),
    }


@declare(manage_event)
@require_http_methods(["GET", "POST"])
def checkin(request, pk: int):
    event = managed_event(request, pk)
    context = base_context(event, "checkin")
    mode = request.POST.get("mode") or request.GET.get("mode") or Attendance.Mode.IN_PERSON
    if mode not in Attendance.Mode.values:
        mode = Attendance.Mode.IN_PERSON
    context["mode"] = mode
    if request.method == "POST":
        source = request.POST.get("source", Attendance.Source.CODE)
        if source not in Attendance.Source.values:
            source = Attendance.Source.CODE
        try:
            result = attendance_service.check_in(
                event, code=request.POST.get("code", ""), mode=mode, by=request.user, source=source
            )
        except ValidationError as error:
            context["result"] = {"ok": False, "message": " ".join(error.messages)}
            status = 200
        else:
            context["result"] = {
                "ok": True,
                "created": result.created,
                "message": result.message,
                "time": result.time,
                "registration": result.registration,
            }
            status = 200
        context["counts"] = _counts(event)
        if request.htmx:
            return render(request, "events/checkin/_result.html", context, status=status)
    context.setdefault("counts", _counts(event))
    context["modes"] = Attendance.Mode.choices
    return render(request, "events/checkin/checkin.html", context)


@declare(manage_event)
@require_GET
def checkin_search(request, pk: int):
    event = managed_event(request, pk)
    query = request.GET.get("q", "")
    found = list(attendance_service.find_for_check_in(event, query))
    if found:
        record_personal_data_access(
            "view",
            what=_("поиск участника на входе: «%(event)s»") % {"event": event},
            count=len(found),
        )
    mode = request.GET.get("mode", Attendance.Mode.IN_PERSON)
    rows = [
        {
            "registration": r,
            "marked": any(a.mode == mode for a in r.attendances.all()),
            "can_mark": r.status == Registration.Status.CONFIRMED,
        }
        for r in found
    ]
    return render(
        request,
        "events/checkin/_search.html",
        {"event": event, "rows": rows, "query": query, "mode": mode},
    )


urlpatterns = [
    path("<int:pk>/checkin/", checkin, name="checkin"),
    path("<int:pk>/checkin/search/", checkin_search, name="checkin_search"),
]
