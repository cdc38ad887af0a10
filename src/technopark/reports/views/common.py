"""What the report pages share: reading the period, the downloads, the links to the records
behind a figure, and the figure cards."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from technopark.core.audit import record

from .. import selectors
from ..builder import HEADLINE_FIGURES, headline_figure
from ..documents import CONTENT_TYPES, ReportTemplateError, render
from ..documents.charts import PAGE_WIDTH, all_svg
from ..documents.text import as_date, share, stage_details

DOWNLOADS = (("docx", "DOCX"), ("xlsx", "XLSX"), ("pdf", "PDF"), ("json", "JSON"))


def records_url(scope_key: str, figure: str, period: dict, **extra) -> str:
    """The page listing the rows behind a figure ("" until that page exists)."""
    try:
        base = reverse("reports:records")
    except NoReverseMatch:
        return ""
    query = {"scope": scope_key, "figure": figure, "from": period["from"], "to": period["to"]}
    query.update({k: v for k, v in extra.items() if v not in (None, "")})
    return f"{base}?{urlencode(query)}"


def cards(report: dict, scope_key: str) -> list[dict]:
    return [
        {
            "key": key,
            "label": label,
            "value": headline_figure(report, key),
            "url": records_url(scope_key, key, report["period"]),
        }
        for key, label in HEADLINE_FIGURES
    ]


def linked_rows(report: dict, scope_key: str) -> dict:
    """Events and municipalities with the link to the people behind each row."""
    period = report["period"]
    return {
        "events": [
            {
                **e,
                "day": as_date(e["date"]),
                "url": records_url(scope_key, "registrations", period, event=e["id"]),
            }
            for e in report.get("events", [])
        ],
        "municipalities": [
            {**m, "url": records_url(scope_key, "registrations", period, municipality=m["name"])}
            for m in report.get("municipalities", [])
        ],
        "contests": [linked_contest(c, scope_key, period) for c in report.get("contests", [])],
    }


def linked_contest(contest: dict, scope_key: str, period: dict) -> dict:
    """A contest with the link behind each of its numbers: the works, the works of each
    nomination, the winners, and at each stage the works by what was decided."""

    def url(figure: str, **extra) -> str:
        return records_url(scope_key, figure, period, contest=contest["id"], **extra)

    return {
        **contest,
        "opens_day": as_date(contest.get("submission_opens")),
        "url": url("works"),
        "winners_url": url("winners"),
        "nominations": [
            {**n, "url": url("works", nomination=n.get("nomination_id"))}
            for n in contest.get("nominations", [])
        ],
        "stages": [
            {
                **stage,
                "details": stage_details(stage),
                "urls": {
                    "all": url("stage", stage=stage["stage_id"]),
                    **{
                        outcome: url("stage", stage=stage["stage_id"], outcome=outcome)
                        for outcome in selectors.STAGE_OUTCOMES
                    },
                },
            }
            for stage in contest.get("stages", [])
        ],
    }


def preferred_shares(report: dict) -> list[tuple[str, str]]:
    shares = report["feedback"].get("preferred_format") or {}
    labels = {"in_person": _("очно"), "online": _("дистанционно"), "hybrid": _("гибридно")}
    return [(labels[code], share(shares.get(code) or 0)) for code in labels]


def page_context(
    report: dict, scope_key: str, *, charts: dict[str, str] | None = None, events: bool = True
) -> dict:
    """Everything a report page shows besides its own header and form. `charts` are the SVGs
    when already drawn; `events=False` leaves out the event rows (the dashboard lists none)."""
    rows = linked_rows(report if events else {**report, "events": []}, scope_key)
    return {
        "cards": cards(report, scope_key),
        "rows": rows,
        "charts": charts if charts is not None else all_svg(report, width=PAGE_WIDTH),
        "preferred": preferred_shares(report),
        "period_from": as_date(report["period"]["from"]),
        "period_to": as_date(report["period"]["to"]),
    }


def period_query(form) -> str:
    """The period part of a download link, as the form was filled."""
    data = {}
    if form.is_bound and form.is_valid():
        for name in ("date_from", "date_to"):
            if form.cleaned_data.get(name):
                data[name] = form.cleaned_data[name].isoformat()
    return urlencode(data)


def document_response(request, report: dict, fmt: str, *, filename: str, back: str, target=None):
    """The report as a download; a broken template sends the user back with the reason."""
    if fmt == "json":
        data = json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8")
    else:
        try:
            data = render(report, fmt)
        except ReportTemplateError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
    record(
        "export",
        target=target,
        target_type="" if target is not None else "report",
        detail=_("отчёт %(fmt)s за %(start)s — %(end)s")
        % {"fmt": fmt.upper(), "start": report["period"]["from"], "end": report["period"]["to"]},
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
