"""PDF documents from templates (WeasyPrint, Chinese fonts, nothing fetched from outside)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries (pango) are missing."""


def no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Intranet-ready: a generated document never loads anything from outside."""
    raise ValueError(f"external resources are not loaded: {url}")


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render a template to PDF bytes."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # pragma: no cover - depends on the machine
        raise PdfUnavailable(str(exc)) from exc
    return HTML(string=render_to_string(template, context), url_fetcher=no_fetch).write_pdf()
