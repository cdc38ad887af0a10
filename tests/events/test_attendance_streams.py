"""Stream views are counted apart from registrations, and impossible figures are refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from technopark.events.models import Registration, StreamViews
from technopark.events.services.streams import (
    import_stream_views,
    record_stream_views,
    total_stream_views,
)
from tests.events.attendance_data import csv_upload, make_event, register, xlsx_upload

pytestmark = pytest.mark.django_db
DAY = dt.date(2023, 3, 28)


def test_hybrid_event_counts_stream_views_apart_from_registrations(methodist):
    event = make_event()
    register(event)
    record_stream_views(
        event, count=40, source="сообщество ЦДТ ВКонтакте", recorded_on=DAY, by=methodist
    )
    assert total_stream_views(event) == 40
    assert Registration.objects.filter(event=event).count() == 1


@pytest.mark.parametrize(
    ("count", "field_message"),
    [
        (-5, "Число просмотров не может быть отрицательным."),
        (5_000_000, "Слишком большое число просмотров"),
        ("сорок", "Число просмотров должно быть целым числом."),
        (True, "Число просмотров должно быть целым числом."),
    ],
)
def test_negative_or_absurd_count_is_refused_and_nothing_is_written(count, field_message):
    event = make_event()
    with pytest.raises(ValidationError) as error:
        record_stream_views(event, count=count, source="ВКонтакте", recorded_on=DAY)
    assert field_message in error.value.message_dict["count"][0]
    assert StreamViews.objects.count() == 0


def test_date_before_the_event_or_in_the_future_is_refused():
    event = make_event()
    for day in (dt.date(2023, 3, 1), dt.date.today() + dt.timedelta(days=2)):
        with pytest.raises(ValidationError) as error:
            record_stream_views(event, count=3, source="ВКонтакте", recorded_on=day)
        assert "recorded_on" in error.value.message_dict
    assert StreamViews.objects.count() == 0


def test_csv_import_with_header_and_semicolons():
    event = make_event()
    upload = csv_upload(
        "Дата;Просмотров;Где;Примечание\n28.03.2023;40;ВКонтакте;в прямом эфире\n"
        "29.03.2023;12;ВКонтакте;в записи\n",
        encoding="cp1251",
    )
    created = import_stream_views(event, upload=upload)
    assert [(s.recorded_on, s.count, s.note) for s in created] == [
        (DAY, 40, "в прямом эфире"),
        (dt.date(2023, 3, 29), 12, "в записи"),
    ]


def test_one_bad_row_refuses_the_whole_file_and_names_the_line():
    event = make_event()
    upload = xlsx_upload([["Дата", "Просмотров", "Где"], [DAY, 40, "ВК"], [DAY, -3, "ВК"]])
    with pytest.raises(ValidationError) as error:
        import_stream_views(event, upload=upload)
    assert error.value.messages == ["Строка 3: Число просмотров не может быть отрицательным."]
    assert StreamViews.objects.count() == 0


def test_disguised_file_is_refused():
    event = make_event()
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = SimpleUploadedFile(
        "views.csv", b"\x89PNG\r\n\x1a\n" + b"\0" * 200, content_type="text/csv"
    )
    with pytest.raises(ValidationError):
        import_stream_views(event, upload=png)
    assert StreamViews.objects.count() == 0
