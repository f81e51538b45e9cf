"""The queue's rows, written out in Python: the HTML the row template gave, values escaped,
in the reader's language (expected rows written out by hand below)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import translation

from yunwei.contracts.models import Contract
from yunwei.core import context
from yunwei.organizations.models import Organization
from yunwei.workorders.models import WorkOrder
from yunwei.workorders.templatetags.workorders import queue_rows

SH = ZoneInfo("Asia/Shanghai")
FUTURE = dt.datetime(2999, 1, 1, 9, 0, tzinfo=SH)
PAST = dt.datetime(2026, 3, 1, 8, 5, tzinfo=SH)


def rows() -> list[WorkOrder]:
    user = get_user_model()
    return [
        WorkOrder(id=7, number="AB-2026-000007", title='投影仪 <b>&"\'', state="in_progress",
                  level_code="p1", level_name="紧急", requester_name="张<三>",
                  reported_at=PAST, resolution_deadline=FUTURE, next_deadline=FUTURE,
                  assignee=user(id=3, username="li", first_name="四", last_name="李")),
        WorkOrder(id=12345, number="AB-2026-000008", title="打印机", state="accepted",
                  level_code="p2", level_name="", requester_name="王五", reported_at=PAST,
                  resolution_deadline=PAST, next_deadline=PAST, sla_breached=True,
                  assignee=user(id=4, username="zhao<x>")),
        WorkOrder(id=9, number="AB-2026-000009", title="已结", state="closed", level_code="p2",
                  level_name="一般", requester_name="", reported_at=PAST,
                  resolution_deadline=PAST, next_deadline=PAST),
    ]


ZH = """
  <tr>
    <td data-label="编号"><a href="/workorders/7/">AB-2026-000007</a></td>
    <td data-label="标题">投影仪 &lt;b&gt;&amp;&quot;&#x27;</td>
    <td data-label="状态">处理中</td>
    <td data-label="级别">紧急</td>
    <td data-label="服务对象">张&lt;三&gt;</td>
    <td data-label="处理人">四 李</td>
    <td data-label="报告时间">2026-03-01 08:05</td>
    <td data-label="解决时限">2999-01-01 09:00</td>
  </tr>
  <tr class="overdue">
    <td data-label="编号"><a href="/workorders/12345/">AB-2026-000008</a></td>
    <td data-label="标题">打印机</td>
    <td data-label="状态">已受理</td>
    <td data-label="级别">p2</td>
    <td data-label="服务对象">王五</td>
    <td data-label="处理人">zhao&lt;x&gt;</td>
    <td data-label="报告时间">2026-03-01 08:05</td>
    <td data-label="解决时限"><span class="bad">2026-03-01 08:05 ⚠</span></td>
  </tr>
  <tr>
    <td data-label="编号"><a href="/workorders/9/">AB-2026-000009</a></td>
    <td data-label="标题">已结</td>
    <td data-label="状态">已关闭</td>
    <td data-label="级别">一般</td>
    <td data-label="服务对象"></td>
    <td data-label="处理人"></td>
    <td data-label="报告时间">2026-03-01 08:05</td>
    <td data-label="解决时限">2026-03-01 08:05</td>
  </tr>
  """


def test_rows_are_written_escaped_in_chinese() -> None:
    with translation.override("zh-hans"):
        assert queue_rows(rows()) == ZH


def test_rows_in_english_carry_english_labels_and_states() -> None:
    with translation.override("en"):
        html = queue_rows(rows())
    assert '<td data-label="Number"><a href="/workorders/7/">AB-2026-000007</a></td>' in html
    assert '<td data-label="State">In progress</td>' in html
    assert '<td data-label="Resolution due"><span class="bad">' in html
    assert "处理中" not in html and "编号" not in html


def test_an_empty_queue_says_so() -> None:
    with translation.override("en"):
        html = render_to_string("workorders/partials/queue.html",
                                {"rows": [], "page": 1, "queue_columns": []})
    assert '<td colspan="8" class="empty">Nothing here.</td>' in html


@pytest.mark.django_db
def test_the_bell_counts_unread_notifications_and_notices_of_its_user_only() -> None:
    from django.utils import timezone

    from yunwei.core.models import Notice
    from yunwei.core.navigation import HEADER
    from yunwei.workorders.models import Notification

    count = next(link.count for link in HEADER if "notification" in link.url_name)
    user, other = (get_user_model().objects.create_user(name) for name in ("bell", "other"))
    assert count(user) == 0
    with context.acting(None, source="test"):
        wo = WorkOrder.objects.create(contract=_contract(), number="AB-2026-000001", year=2026,
                                      seq=1, title="t", reported_at=PAST)
    Notification.objects.create(user=user, work_order=wo, kind="a", text="x")
    Notification.objects.create(user=user, work_order=wo, kind="b", text="x",
                                read_at=timezone.now())
    Notification.objects.create(user=other, work_order=wo, kind="a", text="x")
    for key in ("k1", "k2"):
        Notice.objects.create(user=user, code="c", key=key)
    Notice.objects.create(user=user, code="c", key="k3", read_at=timezone.now())
    Notice.objects.create(user=other, code="c", key="k1")
    assert count(user) == 3  # one notification and two notices unread
    assert count(other) == 2


def _contract() -> Contract:
    with context.acting(None, source="test"):
        agency = Organization.objects.create(kind="agency", name="甲方")
        vendor = Organization.objects.create(kind="vendor", name="乙方")
        return Contract.objects.create(
            number="T-1", code="AB", project_name="测试", agency=agency, vendor=vendor,
            service_start=dt.date(2026, 1, 1), service_end=dt.date(2026, 12, 31),
            amount=Decimal("1"), status="active")
