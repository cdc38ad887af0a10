"""The after-the-event pages: who may open them, and bad input answered on the page."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from technopark.core.models import AuditEntry
from technopark.events.models import Attendance, Certificate, FeedbackResponse, StreamViews
from technopark.events.services.certificates import issue_certificate
from tests.events.attendance_data import attend, make_event, register
from tests.factories import Role, make_user

pytestmark = pytest.mark.django_db
PAGES = [
    "checkin",
    "stream_views",
    "online_import",
    "materials",
    "feedback_manage",
    "certificates",
    "exports",
    "stats",
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def event(methodist):
    return make_event(organisation=methodist.organisation)


@pytest.fixture
def staff(client, methodist):
    client.force_login(methodist)
    return client


@pytest.mark.parametrize("name", PAGES)
def test_organiser_methodist_opens_every_page(staff, event, name):
    register(event, "Иванов Пётр Сергеевич")
    response = staff.get(reverse(f"events:{name}", args=[event.pk]))
    assert response.status_code == 200
    assert "Иванов" in response.content.decode() or name not in ("exports",)


@pytest.mark.parametrize("name", PAGES)
def test_teacher_and_methodist_of_another_organisation_are_turned_away(client, event, name):
    url = reverse(f"events:{name}", args=[event.pk])
    assert client.get(url).status_code == 302  # guest → login
    for user in (make_user(Role.TEACHER), make_user(Role.METHODIST)):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_check_in_page_shows_green_for_a_guest_and_red_for_a_cancelled_code(staff, event):
    guest = register(event, "Кузнецова Светлана Игоревна", organisation_name="ГБОУ СОШ № 5")
    cancelled = register(event, "Орлов Егор Ильич", status="cancelled")
    url = reverse("events:checkin", args=[event.pk])

    ok = staff.post(url, {"code": guest.code, "mode": "in_person"}, HTTP_HX_REQUEST="true")
    html = ok.content.decode()
    assert 'class="verdict ok"' in html and "Кузнецова Светлана Игоревна" in html
    assert "ГБОУ СОШ № 5" in html

    bad = staff.post(url, {"code": cancelled.code, "mode": "in_person"}, HTTP_HX_REQUEST="true")
    assert 'class="verdict bad"' in bad.content.decode()
    assert "Регистрация отменена" in bad.content.decode()

    again = staff.post(url, {"code": guest.code})  # without htmx: the whole page
    assert "Уже отмечен в" in again.content.decode()
    assert Attendance.objects.count() == 1


def test_manual_search_finds_by_surname_and_is_audited(staff, event):
    register(event, "Кузнецова Светлана Игоревна")
    response = staff.get(reverse("events:checkin_search", args=[event.pk]), {"q": "кузнец"})
    assert "Кузнецова Светлана Игоревна" in response.content.decode()
    assert AuditEntry.objects.filter(action="view", target_type="list").exists()


def test_negative_stream_count_is_explained_on_the_page(staff, event):
    response = staff.post(
        reverse("events:stream_views", args=[event.pk]),
        {"action": "add", "count": "-4", "source": "ВКонтакте", "recorded_on": "2023-03-28"},
    )
    assert response.status_code == 200
    assert "has-error" in response.content.decode()
    assert StreamViews.objects.count() == 0


def test_disguised_import_file_is_explained_on_the_page(staff, event):
    fake = SimpleUploadedFile(
        "list.csv", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, content_type="text/csv"
    )
    response = staff.post(reverse("events:online_import", args=[event.pk]), {"file": fake})
    assert response.status_code == 200
    assert "Этот тип файла не подходит" in response.content.decode()
    assert Attendance.objects.count() == 0


def test_participant_answers_the_survey_once_through_their_link(client, event):
    registration = register(event)
    url = reverse("events:feedback_form", args=[registration.code])
    answer = {"rating": "5", "preferred_format": "in_person", "would_attend_again": "1"}
    assert "Спасибо! Ваш отзыв получен." in client.post(url, answer).content.decode()
    assert (
        "Спасибо! Ваш отзыв получен."
        in client.post(url, {**answer, "rating": "1"}).content.decode()
    )
    assert list(FeedbackResponse.objects.values_list("rating", flat=True)) == [5]
    assert client.get(reverse("events:feedback_form", args=["NOSUCHCODE"])).status_code == 404


def test_verification_page_confirms_a_genuine_certificate_without_other_personal_data(
    client, event
):
    registration = register(event, "Кузнецова Светлана Игоревна", email="svetlana@school5.ru")
    certificate = issue_certificate(registration)
    html = client.get(
        reverse("events:certificate_verify", args=[certificate.verification_key])
    ).content.decode()
    assert "Сертификат подлинный" in html
    assert (
        certificate.number in html and "Кузнецова Светлана Игоревна" in html and event.title in html
    )
    assert "svetlana@school5.ru" not in html and registration.code not in html
    missing = client.get(reverse("events:certificate_verify", args=["0" * 32]))
    assert missing.status_code == 404 and "не найден" in missing.content.decode()


def test_certificates_are_generated_from_the_page_and_downloaded(
    staff, event, django_capture_on_commit_callbacks
):
    attend(register(event, "Иванов Пётр Сергеевич"))
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("events:certificates_start", args=[event.pk]), {"who": "attended"})
    response = staff.get(reverse("events:certificates", args=[event.pk]))
    assert "ГБОУ-2023-0001" in response.content.decode()  # the organiser is «ГБОУ СОШ № …»
    certificate = Certificate.objects.get()
    pdf = staff.get(reverse("events:certificate_pdf", args=[event.pk, certificate.pk]))
    assert pdf["Content-Disposition"].startswith("attachment")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    archive = staff.get(reverse("events:certificates_zip", args=[event.pk]))
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert names == ["ГБОУ-2023-0001 Иванов Пётр Сергеевич.pdf"]


def test_export_buttons_honour_the_filters(staff, event):
    attend(register(event, "Иванов Пётр Сергеевич"))
    register(event, "Петрова Анна Викторовна")
    url = reverse("events:exports", args=[event.pk])
    response = staff.get(url, {"attended": "yes", "format": "csv"})
    assert response["Content-Disposition"].startswith("attachment")
    text = response.content.decode("utf-8-sig")
    assert "Иванов Пётр Сергеевич" in text and "Петрова" not in text
    assert staff.get(url, {"status": "nonsense"}).status_code == 200


def test_stats_page_shows_stream_views_apart_and_draws_the_geography(staff, event):
    register(event, "Иванов Пётр Сергеевич")
    html = staff.get(reverse("events:stats", args=[event.pk])).content.decode()
    assert "<svg" in html and "городской округ Самара" in html
