"""The printable work order (PDF, Chinese fonts, one fixed layout) for the paper archive."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from . import actions
from .models import WorkOrder


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries (pango) are missing."""


def no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # Intranet-ready: a printed work order never loads anything from outside.
    raise ValueError(f"external resources are not loaded: {url}")


def workorder_pdf(wo: WorkOrder) -> bytes:
    """Render the work order sheet as PDF bytes."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # pragma: no cover - depends on the machine
        raise PdfUnavailable(str(exc)) from exc
    clocks = []
    for record in actions.clocks_of(wo):
        clocks.append({"metric": record.target.get_metric_display(),
                       "minutes": record.target.minutes, "deadline": record.deadline,
                       "met": record.met, "breached": record.breached,
                       "state": record.get_state_display()})
    html = render_to_string("workorders/print.html", {
        "wo": wo,
        "contract": wo.contract,
        "clocks": clocks,
        "events": wo.events.order_by("at", "id"),
        "evaluation": getattr(wo, "evaluation", None) if hasattr(wo, "evaluation") else None,
        "attachments": wo.attachments.order_by("created"),
        "printed_at": timezone.localtime(),
    })
    return HTML(string=html, url_fetcher=no_fetch).write_pdf()
