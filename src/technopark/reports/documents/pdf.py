"""The report as PDF: the same wording as the DOCX, written as HTML and laid out by WeasyPrint.

The HTML is a Jinja template with the DOCX's filters and context (reports/pdf/report.jinja), so
the two documents say the same sentences; the charts are inline SVG from `charts`."""

from __future__ import annotations

import base64
from pathlib import Path

import jinja2
from django.utils.translation import override
from markupsafe import Markup

from . import charts, text
from .docx import build_context

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "reports" / "pdf"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
    )
    env.filters.update(text.FILTERS)
    return env


def render_html(report: dict) -> str:
    with override("ru"):
        context = build_context(report)
        # As <img> data URIs: WeasyPrint draws each SVG apart (no clash of matplotlib's ids).
        context["charts"] = {
            name: Markup('<img alt="" src="data:image/svg+xml;base64,{}">').format(
                base64.b64encode(svg.encode("utf-8")).decode("ascii")
            )
            for name, svg in charts.all_svg(report).items()
        }
        return _environment().get_template("report.jinja").render(context)


def render_pdf(report: dict) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # A report needs nothing from the network or the disk: only its own data: URIs are read.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=render_html(report), url_fetcher=fetcher).write_pdf()
