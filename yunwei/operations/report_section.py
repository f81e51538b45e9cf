"""The operations section of the periodic O&M report (registered with core.report_sections):
accidents by level, backups and other operations records by result, changes (unapproved ones
named).

The figures are counted from what the assessment counts: the registry's measures
(`core.measures.collect`: `accident`, `backup` …, `unapproved_change`) from every app that
supplies them — this app's records and the accidents entered by hand in the assessment — so
the report and the score page agree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from urllib.parse import urlencode

from django.apps import apps as django_apps
from django.urls import reverse
from django.utils.translation import gettext as _

from yunwei.core import measures
from yunwei.worktime import TZ

from .choices import RecordKind, Result
from .models import Change


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in China time."""
    lo = dt.datetime(start.year, start.month, start.day, tzinfo=TZ)
    nxt = end + dt.timedelta(days=1)
    return lo, dt.datetime(nxt.year, nxt.month, nxt.day, tzinfo=TZ)


def figures(contract: Any, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Accidents by level, operations records by kind and result, changes started and the
    unapproved ones, for the days start..end."""
    lo, hi = _bounds(start, end)
    accidents = measures.collect(contract, ["accident"], lo, hi)
    records: dict[str, Counter] = {}
    for e in measures.collect(contract, RecordKind.values, lo, hi):
        records.setdefault(e.measure, Counter())[e.attrs.get("result")] += 1
    records = {k: records[k] for k in RecordKind.values if k in records}
    unapproved = measures.collect(contract, ["unapproved_change"], lo, hi)
    changes = Change.objects.filter(contract=contract, started_at__gte=lo,
                                    started_at__lt=hi).count()
    return {
        "accidents": [(e.ref, e.label, str(e.attrs.get("level"))) for e in accidents],
        "accidents_by_level": dict(sorted(Counter(str(e.attrs.get("level"))
                                                  for e in accidents).items())),
        "records": {k: {r: c.get(r, 0) for r in Result.values} | {"total": sum(c.values())}
                    for k, c in records.items()},
        "changes": changes,
        "unapproved": [(e.ref, e.label) for e in unapproved],
    }


def _urls(refs: list[str]) -> dict[str, str]:
    """ref ("app_label.model:pk") -> the record's page, one query per kind of record (the
    accidents may come from another app: the model is looked up by its label)."""
    wanted: dict[str, set[str]] = {}
    for ref in refs:
        label, _sep, pk = ref.partition(":")
        wanted.setdefault(label, set()).add(pk)
    out = {}
    for label, pks in wanted.items():
        try:
            model = django_apps.get_model(label)
        except (LookupError, ValueError):
            continue
        for pk, obj in model._default_manager.in_bulk(list(pks)).items():
            if hasattr(obj, "get_absolute_url"):
                out[f"{label}:{pk}"] = obj.get_absolute_url()
    return out


def build(contract: Any, start: dt.date, end: dt.date) -> dict[str, Any] | None:
    """The section, or None when the period has no accident, record or change."""
    f = figures(contract, start, end)
    if not f["accidents"] and not f["records"] and not f["changes"]:
        return None
    kinds = dict(RecordKind.choices)
    backups = f["records"].get("backup", {"total": 0, "success": 0, "failed": 0})
    named = [(ref, label) for ref, label, _level in f["accidents"]] + f["unapproved"]
    urls = _urls([ref for ref, _label in named])
    records = [(ref, label, urls.get(ref, "")) for ref, label in named]
    for kind in f["records"]:
        records.append((f"operations.operationsrecord:kind={kind}", str(kinds[kind]),
                        reverse("operations:operationsrecord_list") + "?"
                        + urlencode({"contract": contract.pk, "kind": kind})))
    return {
        "title": _("Accidents, backups and changes"),
        "paragraphs": [
            _("%(accidents)s accidents; %(backups)s backups (%(ok)s succeeded, %(failed)s "
              "failed); %(changes)s changes carried out, %(unapproved)s of them without "
              "approval or outside the approved window.")
            % {"accidents": len(f["accidents"]), "backups": backups["total"],
               "ok": backups["success"], "failed": backups["failed"], "changes": f["changes"],
               "unapproved": len(f["unapproved"])},
        ],
        "tables": [
            {"caption": _("Accidents by level"), "header": [_("Level"), _("Accidents")],
             "rows": [[level, n] for level, n in f["accidents_by_level"].items()]},
            {"caption": _("Operations records"),
             "header": [_("Kind"), _("Records"), *[str(label) for _v, label in Result.choices]],
             "rows": [[str(kinds[k]), c["total"], *[c[r] for r in Result.values]]
                      for k, c in f["records"].items()]},
        ],
        "charts": [{"title": _("Operations records"), "unit": "",
                    "labels": [str(kinds[k]) for k in f["records"]],
                    "values": [c["total"] for c in f["records"].values()]}],
        "records": records,
        "figures": f,
    }


def register() -> None:
    """Called from OperationsConfig.ready()."""
    from yunwei.core import report_sections

    report_sections.register(report_sections.ReportSection(
        "operations", build, order=20, app="operations"))
