"""OpenAPI schema additions: the error answers every operation may give, in one shape."""

from __future__ import annotations

from typing import Any

#: The body of every error answer (yunwei.core.api.exceptions): `detail` in Chinese (or the
#: user's language for DRF's own messages), `detail_en`, the `field` at fault and the request
#: id. A validation error carries one key per field instead, each with its messages; a stale
#: lifecycle step (409) carries the fresh `work_order`.
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "错误 / error: {detail, detail_en, field, request_id}, or one key per "
                   "invalid field with its messages.",
    "properties": {
        "detail": {"type": "string", "description": "说明（中文） / the message"},
        "detail_en": {"type": "string", "description": "the message in English"},
        "field": {"type": "string", "nullable": True, "description": "the field at fault"},
        "request_id": {"type": "string", "description": "X-Request-ID of the request"},
    },
    "additionalProperties": True,
}

ERRORS = {
    "400": "输入有误 / the input was refused",
    "401": "未登录或令牌无效 / not authenticated",
    "403": "无权执行 / not permitted",
    "404": "不存在或不可见 / not found (or not visible to you)",
}
WRITE_ERRORS = {
    "409": "冲突：对象仍被引用，或已被他人更新 / conflict: still referenced, or changed by "
           "someone else",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def document_errors(result: dict[str, Any], generator: Any, request: Any, public: bool
                    ) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: add the common error answers to every operation
    (an answer an operation documents itself is kept)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            errors = {**ERRORS, **(WRITE_ERRORS if method in WRITE_METHODS else {})}
            for code, description in errors.items():
                operation["responses"].setdefault(
                    code, {"description": description, "content": content})
    return result
