"""API error responses: DRF's, plus the request id, a conflict answer for protected rows and a
Chinese and English answer to throttled requests."""

from __future__ import annotations

import math
from typing import Any

from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, Throttled
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from yunwei.worktime.errors import CalendarError

from ..errors import NotPermitted, Refused


class InputRefused(APIException):
    """A domain error with its Chinese and English message (`zh`, `en`, and the `field` at fault
    if it names one), answered as 400 {detail, detail_en, field, request_id} by the handler
    below: raise InputRefused(exc) from a view that caught the domain's own error."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, exc: Any) -> None:
        super().__init__()
        self.detail = {"detail": exc.zh, "detail_en": exc.en,
                       "field": getattr(exc, "field", None)}

    @classmethod
    def say(cls, zh: str, en: str, field: str | None = None) -> InputRefused:
        """A refusal of the API's own (not from a domain error): its two messages."""
        return cls(Refusal(zh, en, field))


class RoleRefused(InputRefused):
    """A NotPermitted refusal (the caller's role may not do this at all): 403, same body."""

    status_code = status.HTTP_403_FORBIDDEN


class Refusal(ValueError):
    """A refusal with its Chinese and English message, for InputRefused.say()."""

    def __init__(self, zh: str, en: str, field: str | None = None) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en, self.field = zh, en, field


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn known errors into JSON with a clear message; never leak internals."""
    if isinstance(exc, NotPermitted):
        exc = RoleRefused(exc)
    elif isinstance(exc, Refused | CalendarError):
        # A rule's refusal, or the working-time engine's (a deadline past the calendar's
        # range, reached from a view that did not expect one): the user's input, not a fault.
        exc = InputRefused(exc)
    if isinstance(exc, Throttled):
        response = drf_exception_handler(exc, context)  # with its Retry-After header
        wait = max(1, math.ceil(exc.wait or 1))
        response.data = {  # the shape of InputRefused: Chinese first, English beside it
            "detail": f"请求过于频繁，请在 {wait} 秒后重试。",
            "detail_en": f"Too many requests: try again in {wait} seconds.",
            "retry_after": wait,
        }
    elif isinstance(exc, ProtectedError | RestrictedError):
        response = Response(
            {"detail": _("This object is still in use by other records and cannot be deleted.")},
            status=status.HTTP_409_CONFLICT,
        )
    else:
        response = drf_exception_handler(exc, context)
    request = context.get("request")
    if response is not None and request is not None and isinstance(response.data, dict):
        response.data["request_id"] = getattr(request, "request_id", "")
    return response
