"""Excel export of a filtered work order list (streamed after a sample sizes the columns)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db.models import QuerySet

from yunwei.core import xlsx

HEADER = ["工单编号", "合同", "标题", "状态", "级别", "服务对象", "联系方式", "地点", "处理人",
          "渠道", "报告时间", "受理时间", "到场时间", "解决时间", "关闭时间",
          "响应时限", "响应是否达标", "到场时限", "到场是否达标", "解决时限", "解决是否达标",
          "是否超时", "评价", "评价意见", "确认方式", "问题分析", "解决步骤", "验证结果"]
METRICS = ("response", "on_site", "resolution")


def verdict(clock: Any) -> str:
    """A clock's outcome as the agency reads it: 达标 / 超时 / 进行中 (— without a clock)."""
    if clock is None:
        return "—"
    if clock.breached or clock.met is False:
        return "超时"
    if clock.met:
        return "达标"
    return "进行中"


def _clocks(orders: list[Any]) -> dict[tuple[str, str], Any]:
    """(work order id, metric) -> its latest clock, for a batch of orders in one query."""
    from yunwei.calendars.models import SlaClockRecord

    found: dict[tuple[str, str], Any] = {}
    for clock in SlaClockRecord.objects.filter(
            subject_type="workorders.workorder",
            subject_id__in=[str(wo.pk) for wo in orders]).select_related("target").order_by("id"):
        found[(clock.subject_id, clock.target.metric)] = clock
    return found


def _rows(rows: QuerySet, batch: int = 500) -> Iterable[list[Any]]:
    from .choices import State

    labels = dict(State.choices)
    orders = rows.select_related("assignee", "contract", "evaluation").iterator(chunk_size=batch)
    while chunk := list(islice(orders, batch)):
        clocks = _clocks(chunk)
        for wo in chunk:
            ev = getattr(wo, "evaluation", None)
            sla = []
            for metric in METRICS:
                clock = clocks.get((str(wo.pk), metric))
                deadline = getattr(wo, f"{metric}_deadline", None)
                sla += [deadline or (clock.deadline if clock else None), verdict(clock)]
            yield [
                wo.number, wo.contract.number, wo.title, str(labels.get(wo.state, wo.state)),
                wo.level_name or wo.level_code, wo.requester_name, wo.requester_contact,
                wo.location,
                (wo.assignee.get_full_name() or wo.assignee.username) if wo.assignee else "",
                wo.get_channel_display(), wo.reported_at, wo.accepted_at, wo.on_site_at,
                wo.resolved_at, wo.closed_at, *sla, "是" if wo.sla_breached else "否",
                ev.get_rating_display() if ev else "", ev.comment if ev else "",
                ev.get_method_display() if ev else "",
                wo.problem_analysis, wo.resolution_steps, wo.verification,
            ]


def workorders_xlsx(rows: QuerySet) -> Iterator[bytes]:
    """An .xlsx file of the rows: header frozen, columns sized to their content (CJK counts
    double), the SLA deadlines with 达标/超时 and the requester's rating; titles and other
    texts typed by requesters or mail senders are written as text, never as formulas."""
    book = xlsx.workbook()
    xlsx.table(book, "工单", HEADER, _rows(rows))
    yield from xlsx.chunks(xlsx.to_bytes(book))
