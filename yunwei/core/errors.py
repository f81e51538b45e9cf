"""A domain refusal: a rule said no, with the reason in Chinese and English."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


class Refused(ValueError):
    """A rule refused an input or a change; `zh` / `en` say why, `field` names the field at
    fault if any. UI views show the message in the user's language, the API answers 400
    {detail, detail_en, field, request_id}."""

    def __init__(self, zh: str, en: str, field: str | None = None) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en, self.field = zh, en, field

    @property
    def message(self) -> str:
        """The reason in the active language."""
        return self.en if (get_language() or "").startswith("en") else self.zh


class NotPermitted(Refused):
    """A refusal of the person, not of the input: their role may not do this at all. UI
    views answer 403 (and show no button for it), the API 403 with the body of a refusal."""


def in_language(exc: Any) -> str:
    """The reason of a refusal that carries `zh` and `en` (Refused, the calendar engine's
    errors, lifecycle refusals), in the active language only."""
    english = (get_language() or "").startswith("en")
    return str(getattr(exc, "en" if english else "zh", None) or exc)
