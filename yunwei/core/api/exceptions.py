"""API error responses: DRF's, plus the request id and a conflict answer for protected rows."""

from __future__ import annotations

from typing import Any

from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn known errors into JSON with a clear message; never leak internals."""
    if isinstance(exc, ProtectedError | RestrictedError):
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
