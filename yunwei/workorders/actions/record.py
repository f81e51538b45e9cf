"""The work order's text and record (问题分析/解决步骤/验证结果), comments and attachments."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ..choices import State
from ..models import Attachment, WorkOrder
from .common import MAX_ATTACHMENT, Conflict, InputError, _event


@transaction.atomic
def do_update_workorder(work_order_id: int, *, actor: Any, version: int | None,
                        **fields: Any) -> WorkOrder:
    """Edit a work order's text fields (e.g. problem analysis) with the version check."""
    allowed = {"title", "description", "location", "category", "affected_equipment",
               "requester_contact", "problem_analysis", "resolution_steps", "verification"}
    wo = WorkOrder.objects.select_for_update().get(pk=work_order_id)
    if version is not None and wo.version != int(version):
        raise Conflict(wo)
    if wo.state == State.CLOSED:
        raise InputError("已关闭的工单不能修改", "a closed work order cannot be changed")
    changed = []
    for name, value in fields.items():
        if name not in allowed:
            raise InputError(f"不能修改“{name}”", f"{name!r} cannot be changed here", name)
        value = (value or "").strip()
        if name == "title" and not value:
            raise InputError("标题不能为空", "the title is required", "title")
        if getattr(wo, name) != value:
            setattr(wo, name, value)
            changed.append(name)
    if changed:
        wo.version += 1
        wo.refresh_search_text()
        wo.save()
        _event(wo, "edited", actor, timezone.now(), data={"fields": changed})
    return wo


@transaction.atomic
def do_comment(wo: WorkOrder, *, actor: Any, note: str) -> None:
    """Add a comment to the timeline."""
    if not note.strip():
        raise InputError("内容不能为空", "the comment is empty", "note")
    _event(wo, "comment", actor, timezone.now(), note=note.strip()[:5000])


def do_add_attachment(wo: WorkOrder, *, actor: Any, name: str, content: bytes,
                      content_type: str = "", source: str = "upload") -> Attachment:
    """Store a file for a work order (in the caller's transaction)."""
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
