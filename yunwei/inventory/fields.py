"""Type field schemas (no Django): each configuration item type lists its own fields, and a
value is checked and normalised by the field's kind.

A schema is a list of {"code", "label", "kind", "required", "choices"}; kinds: text, int,
decimal, date, ip, choice. Errors are (zh, en) pairs.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from decimal import Decimal, InvalidOperation
from typing import Any

KINDS = ("text", "int", "decimal", "date", "ip", "choice")
CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class FieldError(ValueError):
    """A value or schema that does not fit, in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


def check_schema(schema: Any) -> list[dict[str, Any]]:
    """A schema normalised, or FieldError naming the first fault."""
    if not isinstance(schema, list):
        raise FieldError("字段定义必须是列表", "the field schema must be a list")
    out, seen = [], set()
    for i, f in enumerate(schema, 1):
        if not isinstance(f, dict):
            raise FieldError(f"第 {i} 个字段定义不是对象", f"field {i} is not an object")
        code = str(f.get("code", "")).strip()
        if not CODE_RE.match(code):
            raise FieldError(f"第 {i} 个字段的代码“{code}”无效（小写字母开头，字母数字下划线）",
                             f"field {i}: invalid code {code!r} (a-z, 0-9, _)")
        if code in seen:
            raise FieldError(f"字段代码“{code}”重复", f"duplicate field code {code!r}")
        seen.add(code)
        kind = str(f.get("kind", "text"))
        if kind not in KINDS:
            raise FieldError(f"字段“{code}”的类型“{kind}”未知",
                             f"field {code}: unknown kind {kind!r}")
        choices = [str(c) for c in f.get("choices", [])] if kind == "choice" else []
        if kind == "choice" and not choices:
            raise FieldError(f"选项字段“{code}”没有选项", f"choice field {code} has no choices")
        out.append({"code": code, "label": str(f.get("label") or code), "kind": kind,
                    "required": bool(f.get("required", False)), "choices": choices})
    return out


def clean_value(field: dict[str, Any], raw: Any) -> Any:
    """The stored (JSON) value of one field, or FieldError; blank gives ""."""
    label, kind = field["label"], field["kind"]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if field.get("required"):
            raise FieldError(f"“{label}”必填", f"{label} is required")
        return ""
    if kind == "text":
        return str(raw).strip() if not isinstance(raw, float) or not raw.is_integer() \
            else str(int(raw))
    if kind == "int":
        try:
            value = Decimal(str(raw).strip().replace(",", ""))
            if value != value.to_integral_value():
                raise InvalidOperation
            return int(value)
        except InvalidOperation:
            raise FieldError(f"“{label}”应为整数：{raw}",
                             f"{label} must be a whole number: {raw}") from None
    if kind == "decimal":
        try:
            return str(Decimal(str(raw).strip().replace(",", "")).normalize())
        except InvalidOperation:
            raise FieldError(f"“{label}”应为数字：{raw}",
                             f"{label} must be a number: {raw}") from None
    if kind == "date":
        if isinstance(raw, dt.datetime):
            return raw.date().isoformat()
        if isinstance(raw, dt.date):
            return raw.isoformat()
        if isinstance(raw, (int, float)) and 1 <= raw < 2958466:  # an Excel date serial
            return (dt.date(1899, 12, 30) + dt.timedelta(days=int(raw))).isoformat()
        text = str(raw).strip().replace("/", "-").replace(".", "-")
        try:
            return dt.date.fromisoformat(
                "-".join(p.zfill(2) for p in text.split("-"))).isoformat()
        except ValueError:
            raise FieldError(f"“{label}”应为日期（如 2026-03-01）：{raw}",
                             f"{label} must be a date (e.g. 2026-03-01): {raw}") from None
    if kind == "ip":
        try:
            return str(ipaddress.ip_address(str(raw).strip()))
        except ValueError:
            raise FieldError(f"“{label}”不是有效的 IP 地址：{raw}",
                             f"{label} is not a valid IP address: {raw}") from None
    # choice
    text = str(raw).strip()
    if text not in field["choices"]:
        raise FieldError(f"“{label}”应为 {'、'.join(field['choices'])} 之一：{text}",
                         f"{label} must be one of {', '.join(field['choices'])}: {text}")
    return text


def clean_attrs(schema: list[dict[str, Any]], raw: dict[str, Any]) -> tuple[
        dict[str, Any], list[FieldError]]:
    """Every field of a schema checked: (values by code, errors). Unknown keys are dropped."""
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    for field in schema:
        try:
            values[field["code"]] = clean_value(field, raw.get(field["code"]))
        except FieldError as exc:
            errors.append(exc)
    return values, errors


def complete(schema: list[dict[str, Any]], attrs: dict[str, Any]) -> bool:
    """Whether every required field of the schema has a value (ledger completeness)."""
    return all(attrs.get(f["code"]) not in (None, "") for f in schema if f.get("required"))
