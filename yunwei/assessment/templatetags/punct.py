"""Punctuation in the reader's language: full-width （）： in Chinese, " (", ")", ": " in
English (`{% lp %}`, `{% rp %}`, `{% colon %}`)."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()


def _zh() -> bool:
    return (get_language() or "zh").startswith("zh")


@register.simple_tag
def lp() -> str:
    """An opening parenthesis."""
    return "（" if _zh() else " ("


@register.simple_tag
def rp() -> str:
    """A closing parenthesis."""
    return "）" if _zh() else ")"


@register.simple_tag
def colon() -> str:
    """A colon."""
    return "：" if _zh() else ": "


@register.simple_tag
def sep() -> str:
    """The separator of a list: 、 in Chinese, a comma in English."""
    return "、" if _zh() else ", "
