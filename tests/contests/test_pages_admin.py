"""The contests admin opens for every model: lists, the add form and a change form with inlines."""

import pytest
from django.urls import reverse

from technopark.contests.models import (
    Assignment,
    Conflict,
    Contest,
    Diploma,
    Entry,
    Nomination,
    Score,
    Stage,
)
from tests.contests.factories import make_contest, make_entry, make_judge

pytestmark = pytest.mark.django_db

MODELS = [Contest, Stage, Entry, Assignment, Score, Conflict, Diploma, Nomination]


@pytest.fixture
def staff(administrator):
    administrator.is_staff = True
    administrator.is_superuser = True
    administrator.save()
    return administrator


def test_every_contest_model_lists_and_opens(client, staff):
    contest = make_contest()
    stage = contest.stages.get()
    entry = make_entry(contest)
    judge = make_judge(stage)
    assignment = Assignment.objects.create(stage=stage, entry=entry, judge=judge)
    Conflict.objects.create(entry=entry, judge=judge, reason="коллега")
    Diploma.objects.create(contest=contest, entry=entry, number="Д-1", place="first", recipient="И")
    objects = {
        Contest: contest,
        Stage: stage,
        Entry: entry,
        Assignment: assignment,
        Conflict: Conflict.objects.get(),
        Diploma: Diploma.objects.get(),
        Nomination: contest.nominations.first(),
    }
    client.force_login(staff)
    for model in MODELS:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        if model in objects:
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[objects[model].pk]
            )
            response = client.get(url)
            assert response.status_code == 200, url
    body = client.get(reverse("admin:contests_contest_add")).content.decode()
    assert "Номинации" in body or "номинации" in body
    stage_page = client.get(reverse("admin:contests_stage_change", args=[stage.pk])).content
    assert "Актуальность" in stage_page.decode()
