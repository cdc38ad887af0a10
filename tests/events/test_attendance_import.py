"""The video platform's participant list: matched by e-mail, then by name; a clear report."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from technopark.events.models import Attendance
from technopark.events.services.attendance import import_online_attendance, normalise_name
from tests.events.attendance_data import csv_upload, make_event, register, xlsx_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = make_event()
    register(event, "Кузнецова Светлана Игоревна", email="kuznetsova@school5.ru")
    register(event, "Иванов Пётр Сергеевич", email="ivanov@mail.ru")
    register(event, "Смирнова Анна Павловна", email="a.smirnova@mail.ru")
    register(event, "Смирнова Анна Викторовна", email="smirnova.av@mail.ru")
    register(event, "Орлов Егор Ильич", email="orlov@mail.ru", status="cancelled")
    return event


def online_names():
    return set(
        Attendance.objects.filter(mode="online").values_list("registration__full_name", flat=True)
    )


def test_list_is_matched_by_email_then_by_name_with_a_report(event):
    upload = csv_upload(
        "Имя участника,Электронная почта,Время подключения\n"
        "Света К.,KUZNETSOVA@school5.ru,10:01\n"  # e-mail wins over an odd display name
        "Пётр Иванов,,10:03\n"  # name without patronymic, words swapped
        "Анна Смирнова,,10:05\n"  # two registered Anna Smirnovas
        "Гость из Тольятти,guest@mail.ru,10:07\n"
        "Егор Орлов,orlov@mail.ru,10:09\n"  # cancelled: not among the confirmed
        "Пётр Иванов,,11:20\n"  # rejoined: counted once
    )
    report = import_online_attendance(event, upload=upload)

    assert [r.line for r in report.matched] == [2, 3, 7]
    assert report.created == 2
    assert [(r.line, sorted(c.full_name for c in r.candidates)) for r in report.ambiguous] == [
        (4, ["Смирнова Анна Викторовна", "Смирнова Анна Павловна"])
    ]
    assert [r.line for r in report.unmatched] == [5, 6]
    assert online_names() == {"Кузнецова Светлана Игоревна", "Иванов Пётр Сергеевич"}


def test_xlsx_list_in_cp1251_or_xlsx_gives_the_same_result(event):
    upload = xlsx_upload([["ФИО", "E-mail"], ["Иванов Петр Сергеевич", ""]])  # ё written as е
    report = import_online_attendance(event, upload=upload)
    assert len(report.matched) == 1
    cp1251 = csv_upload("ФИО;Почта\nКузнецова Светлана;\n", encoding="cp1251")
    assert len(import_online_attendance(event, upload=cp1251).matched) == 1
    assert online_names() == {"Кузнецова Светлана Игоревна", "Иванов Пётр Сергеевич"}


def test_importing_the_same_list_twice_adds_nothing(event):
    text = "Name,Email\nPetr,ivanov@mail.ru\n"
    import_online_attendance(event, upload=csv_upload(text))
    report = import_online_attendance(event, upload=csv_upload(text))
    assert report.created == 0
    assert Attendance.objects.count() == 1


def test_disguised_file_is_refused_and_nothing_is_written(event):
    exe = SimpleUploadedFile("list.xlsx", b"MZ\x90\x00" + b"\0" * 500, content_type="text/csv")
    with pytest.raises(ValidationError):
        import_online_attendance(event, upload=exe)
    assert Attendance.objects.count() == 0


def test_broken_workbook_is_unreadable_and_nothing_is_written(event):
    good = xlsx_upload([["ФИО"], ["Иванов Пётр"]]).read()
    broken = SimpleUploadedFile("list.xlsx", good[: len(good) // 2], content_type="application/zip")
    with pytest.raises(ValidationError):
        import_online_attendance(event, upload=broken)
    assert Attendance.objects.count() == 0


def test_file_without_name_or_email_columns_is_explained(event):
    with pytest.raises(ValidationError) as error:
        import_online_attendance(event, upload=csv_upload("Время;Длительность\n10:01;45\n"))
    assert "не нашлось столбца" in error.value.messages[0]
    assert Attendance.objects.count() == 0


def test_names_are_compared_without_case_yo_and_brackets():
    assert normalise_name("Иванов  ПЁТР (МБОУ СОШ № 3)") == normalise_name("пётр иванов")
