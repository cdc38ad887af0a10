"""Benchmark-only views. Served only by the harness's gunicorn on 127.0.0.1.

`locked_insert` is the yardstick for registration throughput: the least a registration can
cost in Django — parse the body, lock the event row, insert one row, commit — without the
product's rules (open dates, capacity, duplicate check, answers, e-mails). The product's API
is asked to reach at least half of it.
"""

import datetime as dt
import json
import random

from django.contrib.auth import login
from django.db import transaction
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from benchmarks.dataset import BENCH_DOMAIN
from technopark.accounts.models import User
from technopark.core.permissions import declare, rules
from technopark.events.models import Event, EventKind, Format, Registration
from technopark.network.models import Municipality, Organisation

HOT_ORGANISATION = "Площадка нагрузочного теста (бенчмарк)"
HOT_TITLE = "Горячая регистрация (бенчмарк)"


@csrf_exempt
@require_POST
@declare(rules.public)
def hot_event(request):
    """A fresh published event with unlimited seats and open registration; earlier hot events
    and their registrations are wiped first, so every run starts from the same state."""
    from benchmarks.dataset import purge

    municipality = Municipality.objects.order_by("id").first()
    organisation, _ = Organisation.objects.get_or_create(
        name=HOT_ORGANISATION, municipality=municipality, defaults={"kind": "resource_centre"}
    )
    with transaction.atomic():
        old = Event.objects.filter(organisation=organisation)
        purge(Registration.objects.filter(event__in=old))
        purge(old)
    now = timezone.now()
    event = Event.objects.create(
        title=HOT_TITLE,
        kind=EventKind.objects.order_by("position").first(),
        organisation=organisation,
        format=Format.ONLINE,
        online_url=f"https://meet.{BENCH_DOMAIN}/hot",
        starts_at=now + dt.timedelta(days=7),
        ends_at=now + dt.timedelta(days=7, hours=2),
        status=Event.Status.PUBLISHED,
        capacity=None,
        registration_opens_at=now - dt.timedelta(days=1),
    )
    return JsonResponse({"id": event.pk})


@csrf_exempt
@require_POST
@declare(rules.public)
def locked_insert(request, event_id: int):
    """One row lock and one insert in one transaction (SQLite: BEGIN IMMEDIATE)."""
    try:
        data = json.loads(request.body)
        email, full_name = data["email"], data["full_name"]
    except (ValueError, KeyError, TypeError):
        return HttpResponseBadRequest("bad body")
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        registration = Registration.objects.create(
            event=event, email=email, full_name=full_name, status=Registration.Status.CONFIRMED
        )
    return JsonResponse({"id": registration.pk, "status": registration.status}, status=201)


@declare(rules.public)
def sample(request):
    """Paths for the page scenarios, built with the product's own URL names."""
    rng = random.Random(1)
    public = Event.objects.filter(status__in=(Event.Status.PUBLISHED, Event.Status.HELD))
    ids = list(public.order_by("?").values_list("pk", flat=True)[:500])
    months = [f"{year}-{month:02d}" for year in (2025, 2026, 2027) for month in range(1, 13)]
    calendar = reverse("events:calendar")
    kinds = list(EventKind.objects.values_list("code", flat=True))
    calendar_paths = [calendar, f"{calendar}?view=list"] + [
        f"{calendar}?month={rng.choice(months)}"
        + (f"&kind={rng.choice(kinds)}" if rng.random() < 0.3 else "")
        + (f"&format={rng.choice(Format.values)}" if rng.random() < 0.3 else "")
        for _ in range(200)
    ]
    from benchmarks.steps.events import BIG_EVENT_TITLE

    big = Event.objects.filter(title=BIG_EVENT_TITLE).first()
    export = None
    if big is not None:
        organiser = (
            User.objects.filter(
                memberships__role="administrator", email__endswith=f"@{BENCH_DOMAIN}"
            )
            .order_by("pk")
            .first()
        )
        export_path = None
        for name in ("events:exports", "events:participants_export"):
            try:  # the export page belongs to another area; say "none" rather than fail
                export_path = reverse(name, args=[big.pk]) + "?format=xlsx"
                break
            except NoReverseMatch:
                continue
        if export_path:
            export = {
                "path": export_path,
                "user": organiser.pk if organiser else None,
                "rows": big.registrations.count(),
            }
    return JsonResponse(
        {
            "event_pages": [reverse("events:detail", args=[pk]) for pk in ids],
            "calendar": calendar_paths,
            "export": export,
        }
    )


@declare(rules.public)
def login_as(request, user_id: int):
    """Log the simulated user in without the login form (the form is not what is measured)."""
    user = get_object_or_404(User, pk=user_id, email__endswith=f"@{BENCH_DOMAIN}")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return JsonResponse({"ok": True})
