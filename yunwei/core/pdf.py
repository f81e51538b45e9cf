"""PDF documents from templates (WeasyPrint, Chinese fonts, nothing fetched from outside)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries (pango) are missing."""


def _fetcher() -> Any:
    """WeasyPrint's fetcher limited to data: URIs (images the server drew itself, e.g. the
    O&M report's charts); anything else is refused (a warning, the document still renders).
    WeasyPrint >= 70 needs a URLFetcher here: a plain function made any fetched resource an
    AttributeError."""
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols=("data",), fail_on_errors=False)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render a template to PDF bytes."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # pragma: no cover - depends on the machine
        raise PdfUnavailable(str(exc)) from exc
    return HTML(string=render_to_string(template, context), url_fetcher=_fetcher()).write_pdf()
