"""The periodic O&M report drafted from the platform's data: figures, DOCX and PDF.

Work-order figures are read from the same source as the assessment's score page: the
registered `work_order` measure (the persisted resolution clocks), in a fixed number of
queries whatever the data size (compliance = resolved within the SLA / resolved; satisfaction
= (满意 + 基本满意) / evaluations, yunwei.workorders.reports.SATISFIED). Other apps
add their sections through yunwei.core.report_sections; every figure row names the records it
counts in the appendix (a link to the filtered list, and the breached orders one by one).
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yunwei.core import measures, report_sections
from yunwei.workorders.choices import Channel, Rating
from yunwei.workorders.models import WorkOrder
from yunwei.workorders.reports import SATISFIED

from . import rules

#: Breached orders listed one by one in the appendix (the rest through the list link).
APPENDIX_LIMIT = 200


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in China time."""
    return (dt.datetime(start.year, start.month, start.day, tzinfo=rules.TZ),
            rules.end_of_day(end))


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _hours(seconds: Any) -> float | None:
    return None if seconds is None else round(float(seconds) / 3600, 1)


def _list_url(contract: Any, start: dt.date, end: dt.date, **extra: str) -> str:
    query = {"contract": contract.pk, "reported_after": start.isoformat(),
             "reported_before": end.isoformat(), **extra}
    return reverse("workorders:workorder_list") + "?" + urlencode(query)


def _overdue_seconds(attrs: dict[str, Any], as_of: dt.datetime) -> float | None:
    """How far past its resolution clock an order is, as the assessment engine counts it
    (yunwei.scoring.engine's overdue attribute over the work-order measure): what a stopped
    clock counted, else (resolved, or the assessment instant) minus the clock's deadline;
    None when the order has no resolution clock (no deadline to miss)."""
    if attrs.get("overdue_hours") is not None:
        return float(attrs["overdue_hours"]) * 3600
    if attrs.get("deadline") is None:
        return None
    return ((attrs.get("resolved") or as_of) - attrs["deadline"]).total_seconds()


def workorder_figures(contract: Any, start: dt.date, end: dt.date,
                      now: dt.datetime | None = None) -> dict[str, Any]:
    """Work orders reported in the period: totals, and by level / category / channel with
    SLA compliance and mean time to resolve (hours); satisfaction of their evaluations.

    Lateness, resolution and ratings are read from the registered `work_order` measure
    (core.measures: the persisted resolution clocks), the events the score page assesses, so
    the two agree; an open order is judged at the period's close (or now, while it runs), as
    the engine judges it. Three queries whatever the data size."""
    lo, hi = _bounds(start, end)
    as_of = min(now or timezone.now(), hi)
    events = {e.ref: e for e in measures.collect(contract, ["work_order"], lo, hi)
              if e.measure == "work_order"}
    info = {f"workorders.workorder:{pk}": (number, title, level, category, channel)
            for pk, number, title, level, category, channel in
            WorkOrder.objects.filter(contract=contract, reported_at__gte=lo, reported_at__lt=hi)
            .values_list("pk", "number", "title", "level_name", "category", "channel")}
    groups: dict[str, dict[Any, dict[str, Any]]] = {"level": {}, "category": {}, "channel": {}}
    totals = _blank()
    ratings: Counter[str] = Counter()
    breached = []
    for ref, event in sorted(events.items(), key=lambda kv: (kv[1].time, kv[0])):
        number, title, level, category, channel = info.get(ref, (event.label, "", "", "", ""))
        attrs = event.attrs
        overdue = _overdue_seconds(attrs, as_of)
        late = overdue is not None and overdue > 0
        resolved = attrs.get("resolved")
        ttr = (resolved - event.time).total_seconds() if resolved is not None else None
        for row in (totals, _row(groups["level"], level), _row(groups["category"], category),
                    _row(groups["channel"], channel)):
            row["total"] += 1
            row["breached"] += late
            if ttr is not None:
                row["resolved"] += 1
                row["met"] += not late
                row["ttr"] += ttr
        if attrs.get("rating"):
            ratings[attrs["rating"]] += 1
        if late and len(breached) < APPENDIX_LIMIT:
            breached.append({"id": int(ref.rsplit(":", 1)[1]), "number": number,
                             "title": title, "level_name": level})

    def rows(group: dict[Any, dict[str, Any]]) -> list[dict[str, Any]]:
        return [_finish({"key": key, **group[key]}) for key in sorted(group, key=str)]

    rated = sum(ratings.values())
    satisfied = sum(ratings.get(r, 0) for r in SATISFIED)
    channels = dict(Channel.choices)
    by_channel = rows(groups["channel"])
    for row in by_channel:
        row["label"] = str(channels.get(row["key"], row["key"]))
    return {
        "totals": _finish(totals),
        "by_level": rows(groups["level"]),
        "by_category": rows(groups["category"]),
        "by_channel": by_channel,
        "ratings": {str(label): ratings.get(code, 0) for code, label in Rating.choices},
        "rated": rated,
        "satisfaction": _pct(satisfied, rated),
        "breached_orders": breached,
    }


def _blank() -> dict[str, Any]:
    return {"total": 0, "resolved": 0, "met": 0, "breached": 0, "ttr": 0.0}


def _row(group: dict[Any, dict[str, Any]], key: Any) -> dict[str, Any]:
    if key not in group:
        group[key] = _blank()
    return group[key]


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    """Compliance (resolved within the SLA / resolved) and mean time to resolve (hours)."""
    ttr = row.pop("ttr")
    row["compliance"] = _pct(row["met"], row["resolved"])
    row["mttr_hours"] = _hours(ttr / row["resolved"]) if row["resolved"] else None
    return row


def _workorder_section(contract: Any, start: dt.date, end: dt.date) -> dict[str, Any]:
    f = workorder_figures(contract, start, end)
    t = f["totals"]
    header = [_("Group"), _("Work orders"), _("Resolved"), _("Within SLA"),
              _("SLA compliance (%)"), _("Mean time to resolve (h)")]

    def table(caption: str, rows: list[dict[str, Any]], label: str = "key") -> dict[str, Any]:
        return {"caption": caption, "header": header,
                "rows": [[row.get(label) or _("(none)"), row["total"], row["resolved"],
                          row["met"], _fmt(row["compliance"]), _fmt(row["mttr_hours"])]
                         for row in rows]}

    records = [("workorders.workorder:*", _("All work orders of the period"),
                _list_url(contract, start, end))]
    for row in f["by_level"]:
        records.append((f"workorders.workorder:level={row['key']}",
                        _("Level %(level)s") % {"level": row["key"] or _("(none)")},
                        _list_url(contract, start, end)))
    for row in f["by_channel"]:
        records.append((f"workorders.workorder:channel={row['key']}",
                        _("Channel %(channel)s") % {"channel": row["label"]},
                        _list_url(contract, start, end, channel=row["key"])))
    for wo in f["breached_orders"]:
        records.append((f"workorders.workorder:{wo['id']}",
                        _("SLA breached: %(number)s %(title)s") % wo,
                        reverse("workorders:workorder_detail", args=[wo["id"]])))
    satisfaction = [[label, n] for label, n in f["ratings"].items()]
    charts = [
        {"title": _("Work orders by level"), "unit": "",
         "labels": [row["key"] or _("(none)") for row in f["by_level"]],
         "values": [row["total"] for row in f["by_level"]]},
        {"title": _("SLA compliance by level (%)"), "unit": "%",
         "labels": [row["key"] or _("(none)") for row in f["by_level"]
                    if row["compliance"] is not None],
         "values": [row["compliance"] for row in f["by_level"]
                    if row["compliance"] is not None]},
        {"title": _("Work orders by channel"), "unit": "",
         "labels": [row["label"] for row in f["by_channel"]],
         "values": [row["total"] for row in f["by_channel"]]},
        {"title": _("Satisfaction"), "unit": "",
         "labels": list(f["ratings"]), "values": list(f["ratings"].values())},
    ]
    return {
        "title": _("Work orders and service levels"),
        "paragraphs": [
            _("%(total)s work orders were reported in the period, %(resolved)s resolved, "
              "%(met)s within the SLA (compliance %(compliance)s%%); mean time to resolve "
              "%(mttr)s hours.") % {**t, "compliance": _fmt(t["compliance"]),
                                    "mttr": _fmt(t["mttr_hours"])},
            _("%(rated)s evaluations, satisfaction %(rate)s%%.")
            % {"rated": f["rated"], "rate": _fmt(f["satisfaction"])},
        ],
        "tables": [table(_("By level"), f["by_level"]),
                   table(_("By category"), f["by_category"]),
                   table(_("By channel"), f["by_channel"], label="label"),
                   {"caption": _("Satisfaction"), "header": [_("Rating"), _("Evaluations")],
                    "rows": satisfaction}],
        "charts": charts,
        "records": records,
        "figures": f,
    }


def _fmt(value: Any) -> str:
    return "—" if value is None else f"{value}"


def register_sections() -> None:
    """The sections this app supplies (work orders; others register their own)."""
    report_sections.register(report_sections.ReportSection(
        "workorders", _workorder_section, order=10, app="deliverables"))


def build(contract: Any, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The report's content for one contract and period, in Chinese."""
    with translation.override("zh-hans"):
        sections = report_sections.build_all(contract, start, end)
        for section in sections:
            section["rendered"] = _render_charts(section.get("charts", []))
        appendix = [(s["title"], ref, label, url) for s in sections
                    for ref, label, url in s.get("records", [])]
        return {"contract": contract, "start": start, "end": end,
                "title": _("O&M service report %(start)s to %(end)s")
                % {"start": start.isoformat(), "end": end.isoformat()},
                "generated": timezone.localtime(), "sections": sections,
                "appendix": appendix,
                "appendix_header": [_("Section"), _("Reference"), _("Records"), _("Link")]}


def _render_charts(specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each chart of a section drawn as PNG (charts.render), with a data URI for the PDF;
    charts with nothing to draw are left out."""
    import base64

    from . import charts

    out = []
    for spec in specs:
        chart = charts.render(spec["title"], [str(s) for s in spec["labels"]],
                              [float(v) for v in spec["values"]], spec.get("unit", ""))
        if chart is not None:
            out.append({"title": spec["title"], "png": chart.png, "key": chart.key,
                        "data_uri": "data:image/png;base64,"
                        + base64.b64encode(chart.png).decode()})
    return out


def to_docx(report: dict[str, Any], base_url: str = "") -> bytes:
    """The report as an editable Word document (python-docx)."""
    from docx import Document
    from docx.shared import Inches

    doc = Document()
    contract = report["contract"]
    doc.add_heading(report["title"], level=0)
    doc.add_paragraph(f"{contract.number}  {contract.project_name}")
    for section in report["sections"]:
        doc.add_heading(section["title"], level=1)
        for text in section.get("paragraphs", []):
            doc.add_paragraph(text)
        for tbl in section.get("tables", []):
            doc.add_paragraph(tbl["caption"], style="Caption")
            _docx_table(doc, tbl["header"], tbl["rows"])
        for chart in section.get("rendered", []):
            doc.add_paragraph(chart["title"], style="Caption")
            doc.add_picture(io.BytesIO(chart["png"]), width=Inches(6))
            if chart["key"]:
                doc.add_paragraph("；".join(chart["key"]))
    with translation.override("zh-hans"):
        doc.add_heading(_("Appendix: records behind the figures"), level=1)
    _docx_table(doc, report["appendix_header"],
                [[s, ref, label, base_url + url] for s, ref, label, url in report["appendix"]])
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _docx_table(doc: Any, header: list[Any], rows: list[list[Any]]) -> None:
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for i, text in enumerate(header):
        table.rows[0].cells[i].text = str(text)
    for r, row in enumerate(rows, start=1):
        cells = table.rows[r].cells
        for i, value in enumerate(row):
            cells[i].text = str(value)


def to_pdf(report: dict[str, Any], base_url: str = "") -> bytes:
    """The report as PDF (WeasyPrint, Chinese fonts)."""
    from yunwei.core.pdf import render_pdf

    with translation.override("zh-hans"):
        return render_pdf("deliverables/report_pdf.html", {**report, "base_url": base_url})


#: The report's formats: kind -> (content type, file extension).
FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
}


def document(deliverable: Any, kind: str, base_url: str = "") -> tuple[bytes, str, str]:
    """The O&M report of a deliverable's period as `kind` (docx or pdf): (content, content
    type, file name) — what the page and the API download."""
    if kind not in FORMATS:
        from yunwei.core.errors import Refused

        raise Refused("报告格式应为 docx 或 pdf。", "the report's format must be docx or pdf",
                      "kind")
    data = build(deliverable.contract, deliverable.period_start, deliverable.period_end)
    body = to_pdf(data, base_url) if kind == "pdf" else to_docx(data, base_url)
    content_type, ext = FORMATS[kind]
    name = f"{deliverable.contract.number}-{deliverable.period_end:%Y%m%d}.{ext}"
    return body, content_type, name
