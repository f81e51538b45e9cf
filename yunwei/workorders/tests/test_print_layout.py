"""The printed work order keeps its signatures on the first page, however long the record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import timezone

from yunwei.workorders.models import Evaluation, WorkOrder

pytestmark = pytest.mark.django_db


def _page_texts(html: str) -> list[str]:
    weasyprint = pytest.importorskip("weasyprint")
    try:
        document = weasyprint.HTML(string=html).render()
    except OSError as exc:  # pragma: no cover - pango missing on this machine
        pytest.skip(str(exc))

    def texts(box) -> list[str]:
        out = [box.text] if hasattr(box, "text") and isinstance(box.text, str) else []
        for child in getattr(box, "children", ()) or ():
            out.extend(texts(child))
        return out

    return ["".join(texts(page._page_box)) for page in document.pages]


def test_signatures_are_on_the_first_page_of_a_long_work_order(world):
    from yunwei.workorders import printing

    wo = world.a.work_order
    engineer = world.a.users["vendor_engineer"]
    colleague = get_user_model().objects.create(username="eng_colleague", last_name="代理工程师")
    now = timezone.now()
    step = "检查交换机端口与配线架的连接，逐一记录。"
    long_text = "\n".join(f"第 {i} 步：{step}" for i in range(120))
    WorkOrder.objects.filter(pk=wo.pk).update(
        resolution_steps=long_text, problem_analysis=long_text, resolved_by=colleague,
        assignee=engineer, resolved_at=now)
    Evaluation.objects.create(work_order=wo, rating="satisfied", method="phone",
                              confirmed_by_name="张签字",
                              confirmed_at=now - dt.timedelta(minutes=5),
                              recorded_by=world.a.users["service_desk"])
    wo.refresh_from_db()
    html = render_to_string("workorders/print.html", printing.context_of(wo))
    pages = _page_texts(html)
    assert len(pages) >= 2, "the record should be long enough to need more pages"
    first = pages[0]
    assert "服务对象签字" in first and "张签字" in first
    assert "处理人签字" in first and "代理工程师" in first
    assert "代" in first and (engineer.get_full_name() or engineer.username) in first
    assert "服务对象签字" not in "".join(pages[1:])
