"""API paging: limit/offset with a maximum page, so no value asked for can overflow a query."""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination

#: Rows per page unless the client asks for fewer or more.
DEFAULT_LIMIT = 50
#: The most rows one page may hold: a larger `limit` is clamped to it.
MAX_LIMIT = 1000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """DRF's limit/offset paging with `limit` clamped to MAX_LIMIT.

    A limit or offset that is not a positive integer falls back to the default (DRF's rule);
    an offset past the last row gives an empty page (DRF answers without slicing), and
    clamping the limit keeps `offset + limit` within the 64-bit range of every database."""

    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT
