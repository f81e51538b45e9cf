"""The API's JSON parser: DRF's, refusing bodies nested deeper than MAX_DEPTH with a 400."""

from __future__ import annotations

import io
import re
from typing import Any

from rest_framework.parsers import JSONParser

from .exceptions import InputRefused

#: The deepest nesting of arrays and objects a request body may have. No endpoint reads more
#: than three levels; Python's parser (and everything that walks the result) recurses.
MAX_DEPTH = 64

_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def deeper_than(raw: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether a JSON text nests arrays and objects more than `limit` deep (brackets inside
    strings do not count). The usual body has fewer brackets than that and is not scanned."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    depth = 0
    for match in _TOKENS.finditer(raw):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        elif token in (b"]", b"}"):
            depth -= 1
    return False


def too_deep() -> InputRefused:
    """The refusal of an over-deep body."""
    return InputRefused.say(
        f"请求内容的嵌套层数超过 {MAX_DEPTH} 层，无法处理。",
        f"The request body is nested more than {MAX_DEPTH} levels deep.")


class DepthLimitedJSONParser(JSONParser):
    """DRF's JSON parser (same errors for malformed JSON), refusing over-deep bodies with a
    400 instead of letting the parser's recursion end in a 500."""

    def parse(self, stream: Any, media_type: str | None = None,
              parser_context: dict[str, Any] | None = None) -> Any:
        raw = stream.read() if stream is not None else b""
        if deeper_than(raw):
            raise too_deep()
        try:
            return super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError as exc:  # a bracket count the scan above did not foresee
            raise too_deep() from exc
