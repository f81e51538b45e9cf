"""The printable work order (PDF, Chinese fonts, one fixed layout) for the paper archive."""

from __future__ import annotations

from django.utils import timezone

from yunwei.core.pdf import PdfUnavailable, render_pdf

from . import actions
from .models import WorkOrder

__all__ = ["PdfUnavailable", "workorder_pdf"]


def workorder_pdf(wo: WorkOrder) -> bytes:
    """Render the work order sheet as PDF bytes (each clock with the requirement of its own
    version of the terms, next to its own deadline); the signatures come on the first page,
    right after the order's facts, however long the record."""
    return render_pdf("workorders/print.html", context_of(wo))


def context_of(wo: WorkOrder) -> dict:
    """The template context of the printed work order."""
    clocks = [{"metric": r.target.get_metric_display(), "minutes": r.terms.minutes,
               "deadline": r.deadline, "met": r.met, "breached": r.breached,
               "state": r.get_state_display()} for r in actions.clocks_of(wo)]
    return {
        "wo": wo,
        "contract": wo.contract,
        "clocks": clocks,
        "events": wo.events.order_by("at", "id"),
        "evaluation": getattr(wo, "evaluation", None) if hasattr(wo, "evaluation") else None,
        "attachments": wo.attachments.order_by("created"),
        "printed_at": timezone.localtime(),
    }
