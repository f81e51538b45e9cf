"""Errors of the working-time engine, with a Chinese and an English message."""

from __future__ import annotations


class CalendarError(ValueError):
    """Bad input to the calendar engine; `str()` gives 'Chinese / English'."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en
