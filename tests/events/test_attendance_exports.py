"""Participant exports: filters honoured, formula injection neutralised, every export audited."""

import csv
import io

import pytest
from openpyxl import load_workbook

from technopark.core.exports import neutralise
from technopark.core.models import AuditEntry
from technopark.events.services.exports import export_participants, filter_participants, geography
from tests.events.attendance_data import attend, make_event, register
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db
EVIL = ['=HYPERLINK("http://x")', "+7 999", "-1+1", "@SUM(A1)", "\tcmd", "\r=1"]


@pytest.mark.parametrize("value", EVIL)
def test_formula_starts_are_neutralised(value):
    assert neutralise(value) == "'" + value


def test_harmless_values_pass_unchanged():
    assert [neutralise(v) for v in ["Иванов", 5, None, "a=b"]] == ["Иванов", 5, "", "a=b"]


@pytest.fixture
def event():
    event = make_event()
    for index, name in enumerate(EVIL):
        register(event, name, organisation_name="=cmd|' /C calc'!A0", email=f"x{index}@example.ru")
    return event


def test_xlsx_export_reads_back_as_text_not_formulas(event):
    data, filename = export_participants(event, filter_participants(event), fmt="xlsx")
    assert filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Фамилия, имя, отчество"
    # A carriage return reads back as a line feed with the plain XML parser and as itself with
    # lxml (installed with docxtpl); either way the cell is plain text.
    names = sorted(row[1].replace("\r", "\n") for row in rows[1:])
    assert names == sorted(("'" + v).replace("\r", "\n") for v in EVIL)
    for row in sheet.iter_rows(min_row=2):
        assert all(cell.data_type != "f" for cell in row)


def test_csv_export_reads_back_with_neutralised_cells(event):
    data, _ = export_participants(event, filter_participants(event), fmt="csv")
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 1 + len(EVIL)
    for row in rows[1:]:
        assert row[1][0] == "'" and row[3] == "'=cmd|' /C calc'!A0"


def test_export_is_written_to_the_audit_log(event):
    export_participants(event, filter_participants(event, status="confirmed"), fmt="csv")
    entry = AuditEntry.objects.filter(action="export").get()
    assert entry.detail.endswith(f"({len(EVIL)})")


def test_filters_narrow_the_list():
    event = make_event()
    samara = MunicipalityFactory(name="городской округ Самара")
    syzran = MunicipalityFactory(name="городской округ Сызрань")
    came = register(event, "Иванов Пётр Сергеевич", municipality=samara, role="teacher")
    attend(came)
    register(event, "Петрова Анна Викторовна", municipality=syzran, role="methodist")
    register(event, "Орлов Егор Ильич", municipality=syzran, status="cancelled")

    def names(**filters):
        return [r.full_name for r in filter_participants(event, **filters)]

    assert names(attended="yes") == ["Иванов Пётр Сергеевич"]
    assert names(attended="no", status="confirmed") == ["Петрова Анна Викторовна"]
    assert names(municipality=syzran) == ["Орлов Егор Ильич", "Петрова Анна Викторовна"]
    assert names(role="methodist") == ["Петрова Анна Викторовна"]
    assert names(status="cancelled") == ["Орлов Егор Ильич"]
    assert geography(event) == [
        {"name": "городской округ Самара", "participants": 1},
        {"name": "городской округ Сызрань", "participants": 1},
    ]
