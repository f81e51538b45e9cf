"""Logging filters: a refused request (4xx) is one line in the log, not a traceback."""

from __future__ import annotations

import logging


class NoTracebackForClientErrors(logging.Filter):
    """Drop the traceback of django.request records about 4xx answers (403, 404 …): they are
    the user's mistake or a refusal by design, not a fault; 5xx keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
