"""The acceptance package: one ZIP with every required document's approved version and an
index PDF listing each document and its approval."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.utils import timezone, translation

from .actions import checklist
from .models import Acceptance


def index_rows(acceptance: Acceptance) -> list[dict[str, Any]]:
    """One row per owed document of the checklist: its file in the ZIP and its approval."""
    rows = []
    for entry in checklist(acceptance):
        for item in entry["instances"]:
            sub = item.submissions.filter(version=item.version).first() if item.version else None
            rows.append({
                "type": entry["type"].name,
                "period": f"{item.period_start:%Y-%m-%d}～{item.period_end:%Y-%m-%d}",
                "status": item.get_status_display(),
                "version": item.version or "",
                "approved_on": item.approved_on,
                "reviewer": (sub.reviewed_by.get_full_name() or sub.reviewed_by.username)
                if sub and sub.reviewed_by else "",
                "path": f"{entry['type'].name}/{item.period_end:%Y-%m-%d}-v{item.version}-"
                        f"{sub.name}" if sub else "",
                "submission": sub,
            })
    return rows


def build_zip(acceptance: Acceptance) -> bytes:
    """The ZIP: 00-index.pdf and the current version of every document."""
    from yunwei.core.pdf import render_pdf

    rows = index_rows(acceptance)
    with translation.override("zh-hans"):
        index = render_pdf("deliverables/package_index.html", {
            "acceptance": acceptance, "contract": acceptance.contract, "rows": rows,
            "findings": list(acceptance.findings.all()),
            "opinions": list(acceptance.opinions.all()), "generated": timezone.localtime()})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("00-index.pdf", index)
        for row in rows:
            if row["submission"] is not None:
                with row["submission"].file.open("rb") as fh:
                    zf.writestr(row["path"], fh.read())
    return buf.getvalue()
