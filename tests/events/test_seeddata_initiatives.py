"""Initiatives: a methodist keeps the plan, links held events, and everyone sees plan vs actual."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from technopark.accounts.models import Role
from technopark.events.models import Event, Initiative, PlanItem, Registration, StreamViews
from technopark.events.services.initiatives import (
    create_initiative,
    initiative_progress,
    save_plan_item,
)
from tests.events.registration_data import make_event
from tests.factories import OrganisationFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    return OrganisationFactory(name="ГБУ ДО ЦДТ «Радуга»")


@pytest.fixture
def methodist(centre):
    return make_user(Role.METHODIST, organisation=centre)


def new_initiative(centre, methodist, **fields) -> Initiative:
    values = {
        "slug": "osp-2025",
        "title": "Робототехника в сельской школе",
        "starts_on": dt.date(2025, 1, 1),
        "ends_on": dt.date(2025, 12, 31),
    }
    values.update(fields)
    return create_initiative(organisation=centre, by=methodist, **values)


def test_methodist_creates_an_initiative_on_the_page_and_adds_a_plan_item(
    client, centre, methodist
):
    client.force_login(methodist)
    response = client.post(
        "/events/initiatives/new/",
        {
            "organisation": centre.pk,
            "title": "Робототехника в сельской школе",
            "slug": "robo-2025",
            "starts_on": "2025-01-01",
            "ends_on": "2025-12-31",
            "status": "active",
        },
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get(slug="robo-2025")
    assert initiative.topic == "Робототехника в сельской школе"

    response = client.post(
        "/events/initiatives/robo-2025/plan/add/",
        {"title": "Семинар для педагогов района", "planned_for": "2025-04"},
    )
    assert response.status_code == 302
    item = initiative.plan.get()
    assert item.planned_for == dt.date(2025, 4, 1)
    page = client.get("/events/initiatives/robo-2025/").content.decode()
    assert "Запланировано: 1, проведено: 0, ещё не проведено: 1." in page


def test_an_initiative_ending_before_it_starts_is_refused_in_russian(client, centre, methodist):
    client.force_login(methodist)
    response = client.post(
        "/events/initiatives/new/",
        {
            "organisation": centre.pk,
            "title": "Проект",
            "slug": "p-2025",
            "starts_on": "2025-12-01",
            "ends_on": "2025-01-01",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    assert "Окончание не может быть раньше начала." in response.content.decode()
    assert not Initiative.objects.exists()


def test_a_taken_slug_and_an_unknown_month_are_clear_errors(centre, methodist):
    initiative = new_initiative(centre, methodist)
    with pytest.raises(ValidationError, match="уже занято"):
        new_initiative(centre, methodist, title="Другой проект")
    with pytest.raises(ValidationError, match="месяц"):
        save_plan_item(initiative, by=methodist, title="Конкурс", planned_for=None)
    assert Initiative.objects.count() == 1 and not PlanItem.objects.exists()


def test_methodist_of_another_organisation_may_not_edit(client, centre, methodist):
    new_initiative(centre, methodist)
    stranger = make_user(Role.METHODIST, organisation=OrganisationFactory(name="Другой центр"))
    client.force_login(stranger)
    assert client.get("/events/initiatives/osp-2025/edit/").status_code in (403, 404)
    response = client.post("/events/initiatives/osp-2025/plan/add/", {"title": "x"})
    assert response.status_code in (403, 404)
    assert not PlanItem.objects.exists()


def test_an_event_of_another_organisation_cannot_realise_the_plan(centre, methodist):
    initiative = new_initiative(centre, methodist)
    foreign = make_event(organisation=OrganisationFactory(name="Чужой центр"))
    with pytest.raises(ValidationError, match="нельзя привязать"):
        save_plan_item(
            initiative,
            by=methodist,
            title="Семинар",
            planned_for=dt.date(2025, 3, 1),
            event=foreign,
        )
    assert not PlanItem.objects.exists()


def test_plan_vs_actual_counts_held_events_and_keeps_stream_views_apart(client, centre, methodist):
    initiative = new_initiative(centre, methodist)
    held = make_event(organisation=centre, status=Event.Status.HELD, capacity=None)
    for n in range(3):
        Registration.objects.create(
            event=held,
            full_name=f"Участник {n}",
            email=f"u{n}@example.ru",
            status=Registration.Status.CONFIRMED,
        )
    StreamViews.objects.create(event=held, count=7, source="ВК", recorded_on=dt.date(2025, 3, 1))
    save_plan_item(
        initiative, by=methodist, title="Открытие", planned_for=dt.date(2025, 3, 1), event=held
    )
    save_plan_item(initiative, by=methodist, title="Круглый стол", planned_for=dt.date(2025, 11, 1))
    held.refresh_from_db()
    assert held.initiative == initiative

    progress = initiative_progress(initiative)
    assert (progress["planned"], progress["held"], progress["not_held"]) == (2, 1, 1)
    assert (progress["registered"], progress["stream_views"]) == (3, 7)

    # Public once one of its events is published or held.
    page = client.get("/events/initiatives/osp-2025/").content.decode()
    assert "Запланировано: 2, проведено: 1, ещё не проведено: 1." in page
    assert "зарегистрировано 3 участников, отдельно — 7 просмотров трансляций" in page


def test_an_initiative_with_only_drafts_is_hidden_from_guests(client, centre, methodist):
    initiative = new_initiative(centre, methodist)
    draft = make_event(organisation=centre, status=Event.Status.DRAFT)
    save_plan_item(
        initiative, by=methodist, title="Семинар", planned_for=dt.date(2025, 3, 1), event=draft
    )
    assert client.get("/events/initiatives/osp-2025/").status_code == 404
    assert "osp-2025" not in client.get("/events/initiatives/").content.decode()
    client.force_login(methodist)
    assert client.get("/events/initiatives/osp-2025/").status_code == 200
