"""Certificates of participation: a numbered, verifiable PDF for those who were there."""

import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError

from technopark.events.models import Certificate
from technopark.events.services.certificates import (
    certificate_progress,
    issue_certificate,
    number_prefix,
    start_certificate_batch,
)
from tests.events.attendance_data import attend, make_event, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Batch progress lives in the cache; ids are reused between tests on SQLite."""
    from django.core.cache import cache

    cache.clear()


def test_certificate_is_a_pdf_with_the_number_the_person_and_the_event(tmp_path):
    event = make_event()
    registration = register(event, "Кузнецова Светлана Игоревна")
    certificate = issue_certificate(registration)

    assert certificate.number == "ЦДТ-2023-0001"
    data = certificate.file.read()
    assert data.startswith(b"%PDF-")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF text is not checked")
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split()).replace("/ ", "/")
    assert "ЦДТ-2023-0001" in text
    assert "Кузнецова Светлана Игоревна" in text
    assert "Открытие областной стажёрской площадки" in text
    assert f"/events/certificates/{certificate.verification_key}/" in text
    assert "СЕРТИФИКАТ" in text
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Pages:           1" in pages


def test_numbers_run_on_within_the_organisation_and_year():
    event = make_event()
    first = issue_certificate(register(event, "Иванов Пётр Сергеевич"))
    second = issue_certificate(register(event, "Петрова Анна Викторовна"))
    assert [first.number, second.number] == ["ЦДТ-2023-0001", "ЦДТ-2023-0002"]


def test_issuing_twice_returns_the_same_certificate():
    registration = register(make_event())
    assert issue_certificate(registration) == issue_certificate(registration)
    assert Certificate.objects.count() == 1


def test_cancelled_registration_gets_no_certificate():
    registration = register(make_event(), status="cancelled")
    with pytest.raises(ValidationError):
        issue_certificate(registration)
    assert Certificate.objects.count() == 0


def test_prefix_comes_from_the_abbreviation_or_the_initials():
    class Org:
        def __init__(self, name, short_name=""):
            self.name, self.short_name = name, short_name

    assert number_prefix(Org("Центр детского творчества «Радуга»")) == "ЦДТР"
    assert number_prefix(Org("ГБОУ СОШ № 1")) == "ГБОУ"
    assert number_prefix(Org("Центр детского творчества", "ЦДТ «Радуга»")) == "ЦДТ"


def test_stuck_batch_does_not_block_a_new_one_for_ever(django_capture_on_commit_callbacks):
    from django.core.cache import cache

    event = make_event()
    attend(register(event))
    cache.set(
        f"events:certificates:{event.pk}", {"state": "running", "done": 0, "total": 1, "updated": 0}
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert start_certificate_batch(event) == 1
    assert certificate_progress(event)["state"] == "done"


def test_running_batch_refuses_a_second_one():
    import time

    from django.core.cache import cache

    event = make_event()
    attend(register(event))
    cache.set(
        f"events:certificates:{event.pk}",
        {"state": "running", "done": 0, "total": 1, "updated": time.time()},
    )
    with pytest.raises(ValidationError) as error:
        start_certificate_batch(event)
    assert error.value.code == "busy"


def test_batch_issues_only_to_those_marked_present_and_reports_progress(
    django_capture_on_commit_callbacks,
):
    event = make_event()
    present = register(event, "Иванов Пётр Сергеевич")
    attend(present)
    register(event, "Петрова Анна Викторовна")  # registered, never came

    with django_capture_on_commit_callbacks(execute=True):
        assert start_certificate_batch(event) == 1

    assert list(Certificate.objects.values_list("registration__full_name", flat=True)) == [
        "Иванов Пётр Сергеевич"
    ]
    progress = certificate_progress(event)
    assert {k: progress[k] for k in ("state", "done", "total", "errors")} == {
        "state": "done",
        "done": 1,
        "total": 1,
        "errors": 0,
    }


def test_batch_for_all_confirmed_includes_those_not_marked(django_capture_on_commit_callbacks):
    event = make_event()
    register(event, "Иванов Пётр Сергеевич")
    register(event, "Петрова Анна Викторовна")
    with django_capture_on_commit_callbacks(execute=True):
        start_certificate_batch(event, include_confirmed=True)
    assert Certificate.objects.count() == 2


def test_batch_with_nobody_present_is_refused_with_a_reason():
    event = make_event()
    register(event)
    with pytest.raises(ValidationError) as error:
        start_certificate_batch(event)
    assert "нет участников, отмеченных" in error.value.messages[0]
