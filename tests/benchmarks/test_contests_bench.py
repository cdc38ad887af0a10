"""benchmarks/contests.py at a tiny scale: it builds the contest, measures the three steps and
prints their figures. No timing is asserted here; speed is measured by running the script."""

import json
import os
import random
import re

import pytest
from django.utils import translation

from benchmarks import contests as bench
from technopark.contests.models import Assignment, Conflict, Entry, JuryMember


@pytest.mark.django_db
def test_the_built_contest_has_the_planned_sizes_and_conflicts():
    sizes = bench.Sizes(0.01)
    stage, admin, judges = bench.build(sizes, random.Random(3))

    assert Entry.objects.filter(contest=stage.contest).count() == sizes.entries == 50
    assert len(judges) == JuryMember.objects.filter(stage=stage).count() == sizes.judges == 12
    assert len({j.organisation_id for j in judges}) == sizes.judge_organisations
    # Works from the judges' own organisations exist, so the assignment has conflicts to avoid.
    judge_orgs = {j.organisation_id for j in judges}
    assert Entry.objects.filter(organisation_id__in=judge_orgs).exists()
    assert stage.criteria.count() == len(bench.CRITERIA) == 6
    assert admin.memberships.filter(role="administrator").exists()

    bench.wipe()
    assert not Entry.objects.exists() and not Conflict.objects.exists()


@pytest.fixture
def same_environment():
    """main() exports the server's environment and activates Russian: undone afterwards."""
    saved = os.environ.copy()
    yield
    os.environ.clear()
    os.environ.update(saved)
    translation.deactivate()


@pytest.mark.django_db
def test_the_script_runs_and_prints_its_figures(capsys, tmp_path, monkeypatch, same_environment):
    from benchmarks import run as harness

    # The test database is already migrated; the page step needs gunicorn and is skipped.
    monkeypatch.setattr(harness, "manage", lambda env, *command: None)
    monkeypatch.setattr("django.setup", lambda: None)
    out = tmp_path / "figures.json"

    code = bench.main(["--scale", "0.01", "--repeat", "1", "--no-page", "--json", str(out)])

    printed = capsys.readouterr().out
    assert code == 0
    assert re.search(r"\(1\) auto_assign +median +[\d.]+ ms", printed)
    assert re.search(r"\(2\) compute_stage_results +median +[\d.]+ ms", printed)
    assert "assigned from the judge's own organisation: 0" in printed
    figures = json.loads(out.read_text())
    assert figures["assign"]["created"] == Assignment.objects.count()
    assert figures["assign"]["same_organisation_assignments"] == 0
    # 50 works × K=5 sheets × 6 criteria, less what conflicts left short.
    assert figures["results"]["scores"] == 6 * figures["assign"]["created"]
    assert figures["results"]["ranked"] == 50
    assert figures["assign"]["queries"] > 0 and figures["results"]["queries"] > 0
