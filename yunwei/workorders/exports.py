"""Excel export of a filtered work order list (streamed, constant memory)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from yunwei.core import xlsx


def _fmt(value: object) -> object:
    if hasattr(value, "tzinfo") and value is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def workorders_xlsx(rows: QuerySet) -> Iterator[bytes]:
    """An .xlsx file of the rows (write-only workbook, then yielded in chunks); titles and
    other texts typed by requesters or mail senders are written as text, never as formulas."""
    from .choices import State

    book = xlsx.workbook()
    sheet = book.create_sheet("工单")
    xlsx.append(sheet, ["工单编号", "合同", "标题", "状态", "级别", "服务对象", "联系方式", "地点",
                  "处理人", "渠道", "报告时间", "受理时间", "到场时间", "解决时间", "关闭时间",
                  "解决时限", "是否超时", "问题分析", "解决步骤", "验证结果"])
    labels = dict(State.choices)
    for wo in rows.iterator(chunk_size=2000):
        xlsx.append(sheet, [
            wo.number, wo.contract.number, wo.title, str(labels.get(wo.state, wo.state)),
            wo.level_name or wo.level_code, wo.requester_name, wo.requester_contact, wo.location,
            (wo.assignee.get_full_name() or wo.assignee.username) if wo.assignee else "",
            wo.get_channel_display(), _fmt(wo.reported_at), _fmt(wo.accepted_at),
            _fmt(wo.on_site_at), _fmt(wo.resolved_at), _fmt(wo.closed_at),
            _fmt(wo.resolution_deadline), "是" if wo.sla_breached else "否",
            wo.problem_analysis, wo.resolution_steps, wo.verification,
        ])
    yield from xlsx.chunks(xlsx.to_bytes(book))
