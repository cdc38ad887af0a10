"""The DOCX speed-ups must not change a byte of the document."""

from __future__ import annotations

import io
import zipfile

import pytest
from docxtpl import DocxTemplate

from technopark.reports.documents import docx, render
from tests.reports.sample_report import sample_report


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("special", ["", "первая строка\nвторая строка", "колонка\tколонка"])
def test_the_fast_listing_pass_gives_docxtpls_own_document(monkeypatch, special):
    report = sample_report()
    for event in report["events"]:
        event["summary"] = f"{event['summary']} {special}".strip()
        event["title"] = f"{event['title']} {special}".strip()
    fast = _parts(render(report, "docx"))
    monkeypatch.setattr(docx, "_Template", DocxTemplate)
    stock = _parts(render(report, "docx"))
    assert fast.keys() == stock.keys()
    assert fast["word/document.xml"] == stock["word/document.xml"]
    assert fast == stock
    if "\n" in special:
        assert b"<w:br/>" in fast["word/document.xml"]
    if "\t" in special:
        assert b"<w:tab/>" in fast["word/document.xml"]
