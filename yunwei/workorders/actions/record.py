"""The work order's text and record (问题分析/解决步骤/验证结果), comments and attachments."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .. import lifecycle as lc
from ..choices import State
from ..models import Attachment, WorkOrder, WorkOrderEvent
from .common import MAX_ATTACHMENT, Conflict, InputError, _event
from .lifecycle import work_order_roles


@transaction.atomic
def do_update_workorder(work_order_id: int, *, actor: Any, version: int | None,
                        **fields: Any) -> WorkOrder:
    """Edit a work order's text: what was reported (the desk; the requester while new) or the
    engineer's record (the assignee or the PM, until it is submitted for confirmation), with
    the version check. Who may change what, and when, is lifecycle.EDIT_RULES."""
    wo = WorkOrder.objects.select_for_update().get(pk=work_order_id)
    if version is not None and wo.version != int(version):
        raise Conflict(wo)
    if wo.state == State.CLOSED:
        raise InputError("已关闭的工单不能修改", "a closed work order cannot be changed")
    changed = []
    values = {}
    for name, value in fields.items():
        if name not in lc.REQUEST_FIELDS and name not in lc.RESOLUTION_FIELDS:
            raise InputError(f"不能修改“{name}”", f"{name!r} cannot be changed here", name)
        value = (value or "").strip() if isinstance(value, str) or value is None else value
        if not isinstance(value, str):
            raise InputError("内容必须是文字", "the value must be text", name)
        if name == "title" and not value:
            raise InputError("标题不能为空", "the title is required", "title")
        if getattr(wo, name) != value:
            values[name] = value
    if values:
        try:
            lc.check_edit(list(values), wo.state, work_order_roles(wo, actor))
        except lc.TransitionError as exc:
            raise InputError(exc.zh, exc.en, next(iter(values))) from exc
    for name, value in values.items():
        setattr(wo, name, value)
        changed.append(name)
    if changed:
        wo.version += 1
        wo.refresh_search_text()
        wo.save()
        _event(wo, "edited", actor, timezone.now(), data={"fields": changed})
    return wo


@transaction.atomic
def do_comment(wo: WorkOrder, *, actor: Any, note: str) -> WorkOrderEvent:
    """Add a comment to the timeline."""
    if not note.strip():
        raise InputError("内容不能为空", "the comment is empty", "note")
    return _event(wo, "comment", actor, timezone.now(), note=note.strip()[:5000])


def do_add_attachment(wo: WorkOrder, *, actor: Any, name: str, content: bytes,
                      content_type: str = "", source: str = "upload") -> Attachment:
    """Store a file for a work order (in the caller's transaction); who may, and when, is
    lifecycle.ATTACHMENT_RULE (system intake, e.g. mail, always may)."""
    if getattr(actor, "pk", None) and not lc.may_edit(lc.ATTACHMENT_RULE, wo.state,
                                                      work_order_roles(wo, actor)):
        raise InputError("您现在不能给该工单添加附件",
                         "you may not add attachments to this work order now", "file")
    if len(content) > MAX_ATTACHMENT:
        raise InputError("附件不能超过 20 MB", "an attachment may not exceed 20 MB", "file")
    safe = "".join(c for c in name if c not in '/\\\x00:*?"<>|').strip() or "attachment"
    attachment = Attachment(work_order=wo, name=safe[:255], content_type=content_type[:100],
                            size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                            source=source, uploaded_by=actor if getattr(actor, "pk", None)
                            else None)
    attachment.file.save(safe[-100:], ContentFile(content), save=False)
    attachment.save()
    return attachment
