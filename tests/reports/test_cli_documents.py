"""`technopark report --format docx|xlsx|pdf -o FILE` writes a document that opens again."""

import io
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def build(tmp_path, fmt: str) -> bytes:
    target = tmp_path / f"osp.{fmt}"
    call_command(
        "report",
        "--initiative",
        "osp-2023",
        "--format",
        fmt,
        "-o",
        str(target),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    return target.read_bytes()


def test_docx_reads_like_seed_000(tmp_path):
    call_command("demo", stdout=StringIO())
    from docx import Document

    document = Document(io.BytesIO(build(tmp_path, "docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "61" in text and "40" in text and "52" in text
    assert "28" in text and "2023" in text


def test_xlsx_opens(tmp_path):
    call_command("demo", stdout=StringIO())
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(build(tmp_path, "xlsx")))
    assert len(workbook.sheetnames) >= 2


def test_pdf_is_a_pdf(tmp_path):
    call_command("demo", stdout=StringIO())
    content = build(tmp_path, "pdf")
    assert content.startswith(b"%PDF")
