"""The narrative DOCX: a docxtpl (Jinja) template filled with the report and its charts.

The template is a Word file an administrator may replace (see `template_source`), so a region
can use its own letterhead and wording. Jinja runs with StrictUndefined: a placeholder the
report does not have stops the rendering with a Russian ReportTemplateError instead of leaving
a blank where a figure should be."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

import jinja2
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django.utils.translation import override
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from lxml.etree import XMLSyntaxError

from . import charts, text
from .errors import ReportTemplateError

DEFAULT_TEMPLATE = (
    Path(__file__).resolve().parent.parent / "templates" / "reports" / "docx" / "default.docx"
)
UPLOADED_TEMPLATE = "reports/docx/template.docx"  # under MEDIA_ROOT, put there by the page
CHART_WIDTH = Mm(165)
_LISTING_CHARS = re.compile("[\t\a\n\f]")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", flags=re.DOTALL)


class _Template(DocxTemplate):
    """docxtpl's template, with its last pass made linear in practice.

    After Jinja, docxtpl turns tabs, line breaks, \\a and \\f inside the text into Word runs by
    running three nested regular expressions over every paragraph: with thousands of event rows
    that pass alone took 0.4–0.9 s. A paragraph without any of those characters comes out of it
    unchanged, so only the paragraphs that have one go through docxtpl's own code (the same
    paragraph pattern, so the document is byte for byte the same)."""

    def resolve_listing(self, xml: str) -> str:
        if not _LISTING_CHARS.search(xml):
            return xml
        resolve = super().resolve_listing
        return _PARAGRAPH.sub(
            lambda m: resolve(m.group(0)) if _LISTING_CHARS.search(m.group(0)) else m.group(0),
            xml,
        )


def template_source(template=None):
    """The template to use: the one given, else the administrator's upload, else the file named
    by the REPORTS_DOCX_TEMPLATE setting (or environment variable), else the shipped default."""
    if template is not None:
        return template
    if default_storage.exists(UPLOADED_TEMPLATE):
        with default_storage.open(UPLOADED_TEMPLATE, "rb") as handle:
            return io.BytesIO(handle.read())
    configured = getattr(settings, "REPORTS_DOCX_TEMPLATE", "") or os.environ.get(
        "REPORTS_DOCX_TEMPLATE", ""
    )
    if configured:
        if not Path(configured).is_file():
            raise ReportTemplateError(
                _(
                    "Файл шаблона DOCX не найден: %(path)s. Проверьте настройку "
                    "REPORTS_DOCX_TEMPLATE."
                )
                % {"path": configured}
            )
        return configured
    return DEFAULT_TEMPLATE


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters.update(text.FILTERS)
    return env


def _event_context(event: dict, contests_by_event: dict) -> dict:
    return {
        **event,
        "date_text": text.date_ru(event.get("date")),
        "format_phrase": text.format_phrase(event),
        "platforms_text": ", ".join(event.get("platforms") or []),
        "contest": contests_by_event.get(event.get("id")),
    }


def _feedback_context(feedback: dict) -> dict:
    shares = feedback.get("preferred_format") or {}
    preferred = feedback.get("preferred")
    ranked = sorted(
        ((code, shares.get(code) or 0) for code in text.FORMAT_ADJECTIVES),
        key=lambda pair: -pair[1],
    )
    return {
        **feedback,
        "preferred_text": text.FORMAT_ADJECTIVES.get(preferred, ""),
        "preferred_share": text.share(shares.get(preferred)) if preferred else "",
        "others_text": ", ".join(
            f"{text.FORMAT_ADJECTIVES[code]} — {text.share(value)}"
            for code, value in ranked
            if code != preferred
        ),
        "mean_rating_text": text.decimal(feedback.get("mean_rating")),
    }


def _places_text(places: list[dict], shown: int = 5) -> str:
    """ "Самара — 30, Тольятти — 10 и другие — 12": the largest few, the tail summed."""
    head = ", ".join(f"{m['name']} — {m['participants']}" for m in places[:shown])
    rest = sum(m["participants"] for m in places[shown:])
    return f"{head} и другие — {rest}" if len(places) > shown else head


def _stage_summary(stage: dict) -> str:
    """ "27 работ (из них по достижению, без предыдущих этапов, — 6); ждут решения — 27"."""
    if not stage.get("entries"):
        return "работ на этапе пока нет"
    head = text.plural(stage["entries"], "работа", "работы", "работ")
    if stage.get("by_achievement"):
        head += f" (из них по достижению, без предыдущих этапов, — {stage['by_achievement']})"
    parts = [head]
    if stage.get("passed") or stage.get("not_passed"):
        parts.append(f"прошли дальше — {stage['passed']}, не прошли — {stage['not_passed']}")
    if stage.get("pending"):
        parts.append(f"ждут решения — {stage['pending']}")
    return "; ".join(parts)


def _contest_context(contest: dict) -> dict:
    feedback = (contest.get("jury_feedback") or "").strip()
    if feedback and not feedback.lower().startswith("по отзыв"):
        feedback = "По отзыву членов жюри, " + text.lowerfirst(feedback)
    works = contest.get("works", 0)
    selection = contest.get("kind_code") == "selection"
    return {
        **contest,
        # "на отбор было подано 36 заявок" / "на конкурс было представлено 23 работы"
        "submitted_text": (
            "на отбор было подано " + text.plural(works, "заявка", "заявки", "заявок")
            if selection
            else "на конкурс было представлено " + text.plural(works, "работа", "работы", "работ")
        ),
        "stages_title": "Этапы отбора" if selection else "Этапы конкурса",
        "stages": [
            {
                **stage,
                "summary": _stage_summary(stage),
                "details": text.stage_details(stage),
            }
            for stage in contest.get("stages", [])
        ],
        "nominations_text": ", ".join(
            f"«{n['name']}» ({n['works']})" for n in contest.get("nominations", [])
        ),
        "jury_sentence": text.sentence(feedback),
        "winners": [
            {
                **winner,
                # A place is a number (1 → "1 место") or already a title ("диплом I степени").
                "place_text": f"{winner['place']} место"
                if isinstance(winner.get("place"), int)
                else text.capfirst(winner.get("place") or ""),
            }
            for winner in contest.get("winners", [])
        ],
    }


def build_context(report: dict) -> dict:
    """Everything a template may use: the report's own keys plus ready-made Russian phrases."""
    period = report.get("period") or {}
    contests = [_contest_context(contest) for contest in report.get("contests", [])]
    by_event = {c["event_id"]: c for c in contests if c.get("event_id")}
    events = [_event_context(event, by_event) for event in report.get("events", [])]
    initiative = report.get("initiative")
    start = text.as_date(period.get("from"))
    return {
        **report,
        "report": report,
        "initiative": initiative,
        "scope": report.get("scope") or {"kind": "", "title": ""},
        "year": initiative["year"] if initiative else (start.year if start else ""),
        "period_text": text.period_ru(period),
        "period_for": text.period_for(period),
        "municipalities_text": _places_text(report.get("municipalities", [])),
        "events": events,
        "contests": contests,
        "unlinked_contests": [c for c in contests if not c.get("event_id")],
        "discussed": [e for e in events if e.get("questions")],
        "feedback": _feedback_context(report.get("feedback") or {}),
        "today": text.date_ru(dt.date.today()),
    }


class _Charts(Mapping):
    """`charts.<name>` in a template: each chart is drawn only when the template uses it."""

    def __init__(self, document: DocxTemplate, report: dict) -> None:
        self.document, self.report, self.drawn = document, report, {}

    def __getitem__(self, name: str) -> InlineImage:
        if name not in charts.CHARTS:
            raise KeyError(name)  # Jinja's StrictUndefined turns this into a clear error
        if name not in self.drawn:
            png = io.BytesIO(charts.chart_png(name, self.report))
            self.drawn[name] = InlineImage(self.document, png, width=CHART_WIDTH)
        return self.drawn[name]

    def __iter__(self):
        return iter(charts.CHARTS)

    def __len__(self) -> int:
        return len(charts.CHARTS)


def _load(source) -> DocxTemplate:
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    try:
        template = _Template(source)
        template.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError):
        raise ReportTemplateError(
            _("Файл шаблона не является документом Word (DOCX). Сохраните шаблон в Word или "
              "LibreOffice в формате .docx и загрузите снова.")
        ) from None  # fmt: skip
    except OSError as error:
        raise ReportTemplateError(
            _("Файл шаблона DOCX не удалось открыть: %(error)s") % {"error": error}
        ) from None
    return template


def _explain(error: Exception) -> str:
    if isinstance(error, jinja2.UndefinedError):
        return _(
            "В шаблоне DOCX есть поле, которого нет в отчёте (%(detail)s). Проверьте написание "
            "поля по списку полей в руководстве, глава «Отчёты»."
        ) % {"detail": error.message}
    if isinstance(error, jinja2.TemplateSyntaxError):
        near = " ".join(line.strip() for line in getattr(error, "docx_context", []) or [])
        return _(
            "В шаблоне DOCX ошибка в записи поля или условия: %(detail)s. Рядом с текстом: "
            "«%(near)s»."
        ) % {"detail": error.message, "near": near[:200]}
    if isinstance(error, XMLSyntaxError):
        return _(
            "После заполнения шаблон DOCX оказался повреждённым: вероятно, тег {% … %} "
            "разорван форматированием или стоит не в своём абзаце. Наберите каждый тег заново "
            "одним куском текста."
        )
    return _("Шаблон DOCX не удалось заполнить: %(detail)s") % {"detail": error}


def render_docx(report: dict, *, template=None) -> bytes:
    """The report as a Word document; ReportTemplateError (in Russian) if the template is bad."""
    document = _load(template_source(template))
    with override("ru"):
        context = build_context(report)
        context["charts"] = _Charts(document, report)
        try:
            document.render(context, jinja_env=_environment(), autoescape=True)
        except ReportTemplateError:
            raise
        except Exception as error:  # a template is user input: every failure gets a message
            raise ReportTemplateError(_explain(error)) from error
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
