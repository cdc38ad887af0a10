"""The demo initiative osp-2023 in every format: the DOCX says seed 000's figures in words."""

from __future__ import annotations

import io
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from docx import Document

from technopark.events.models import Initiative
from technopark.reports.builder import Scope, build_report
from technopark.reports.documents import render

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(db):
    call_command("demo", stdout=StringIO())
    return build_report(Scope.initiative(Initiative.objects.get(slug="osp-2023")))


def test_demo_docx_reads_like_seed_000(report):
    document = Document(io.BytesIO(render(report, "docx")))
    text = "\n".join(p.text for p in document.paragraphs)

    assert "Итоги деятельности за 2023 год" in text
    assert "Областная стажёрская площадка по техническому направлению" in text
    assert "По плану работы за 2023 год было организовано и проведено 3 мероприятия." in text
    assert "28 марта 2023 года — Открытие областной стажёрской площадки" in text
    assert "Мероприятие прошло в очно-заочной форме." in text
    assert "зарегистрировано на мероприятие 61 участник + 40 просмотров трансляции" in text
    assert "зарегистрировано на мероприятие 52 участника" in text
    assert "на конкурс было представлено 23 работы" in text
    assert "Какие ресурсы мини-технопарка сельской школы используются недостаточно" in text
    assert "наиболее востребованная форма проведения мероприятий — очная" in text
    assert len(document.inline_shapes) == 4


def test_demo_workbook_carries_the_same_figures(report):
    workbook = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    events = {
        row[1][:20]: (row[4], row[5])
        for row in workbook["Мероприятия"].iter_rows(min_row=2, values_only=True)
    }
    assert events["Открытие областной с"] == (61, 40)
    assert events["Круглый стол «Перспе"] == (52, 0)
    works = [r[2] for r in workbook["Конкурсы"].iter_rows(min_row=2, values_only=True)]
    assert works[0] == 23
