"""In a real browser: the desk logs a call, an engineer resolves it on a phone, the requester
signs it off."""

from __future__ import annotations

import pytest

from .test_tenant_isolation import PASSWORD, PHONE, _passwords, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_desk_engineer_requester(browser, live_server, world, shot):
    desk_user = world.a.users["service_desk"]
    engineer_user = world.a.users["vendor_engineer"]
    requester_user = world.a.users["requester"]
    _passwords(world, desk_user, engineer_user, requester_user)
    assert PASSWORD

    desk = login(browser, live_server, desk_user.username)
    desk.goto(f"{live_server.url}/workorders/add/")
    desk.select_option("#id_channel", "phone")
    desk.fill("#id_requester_username", requester_user.username)
    desk.fill("#id_requester_contact", "13800000000")
    desk.fill("#id_location", "3 楼第一会议室")
    desk.fill("#id_title", "视频会议终端无图像")
    desk.fill("#id_description", "开会前 10 分钟发现主屏无图像，声音正常。")
    desk.select_option("#id_level_code", "urgent")  # offered by name (AAA 紧急)
    shot(desk, "flow-1-desk-logs-a-call")
    desk.get_by_role("button", name="提交").click()
    desk.wait_for_url("**/workorders/*/")
    number = desk.locator("h1").inner_text().split()[0]
    assert number.startswith(world.a.contract.code)
    assert "截止" in desk.inner_text("#deadlines")
    desk.get_by_role("link", name="受理", exact=True).click()
    desk.get_by_role("button", name="确认").click()
    desk.get_by_role("link", name="派单", exact=True).click()
    desk.select_option("#id_assignee", str(engineer_user.pk))
    desk.get_by_role("button", name="确认").click()
    assert "已派单" in desk.inner_text(".state")
    shot(desk, "flow-2-desk-dispatched")

    phone = login(browser, live_server, engineer_user.username, viewport=PHONE)
    phone.goto(f"{live_server.url}/workorders/?queue=mine")
    phone.get_by_role("link", name=number).click()
    phone.get_by_role("link", name="到达现场").click()
    phone.get_by_role("button", name="确认").click()
    phone.fill("#id_problem_analysis", "终端 HDMI 输出线接触不良。")
    phone.get_by_role("button", name="保存处理记录").click()
    phone.get_by_role("link", name="提交确认").click()
    phone.fill("#id_resolution_steps", "")
    phone.get_by_role("button", name="确认").click()
    assert "这个字段是必填项" in phone.content() or "该字段是必填项" in phone.content()
    shot(phone, "flow-3-engineer-told-what-is-missing")
    assert phone.input_value("#id_problem_analysis") == "终端 HDMI 输出线接触不良。"
    phone.fill("#id_resolution_steps", "1. 检查线缆；2. 更换 HDMI 线；3. 重启终端。")
    phone.fill("#id_verification", "与主会场联调，图像正常。")
    phone.get_by_role("button", name="确认").click()
    assert "待确认" in phone.inner_text(".state")
    shot(phone, "flow-4-engineer-resolved-on-a-phone")

    requester = login(browser, live_server, requester_user.username, viewport=PHONE)
    requester.goto(f"{live_server.url}/workorders/")
    requester.get_by_role("link", name=number).click()
    requester.get_by_role("link", name="确认关闭").click()
    requester.get_by_label("满意", exact=True).check()
    requester.fill("#id_comment", "处理及时，谢谢。")
    requester.get_by_role("button", name="确认").click()
    assert "已关闭" in requester.inner_text(".state")
    assert "在线签字确认" in requester.inner_text("#evaluation")
    shot(requester, "flow-5-requester-signed-off")


def test_dashboard_charts_render(browser, live_server, world, shot):
    admin = world.a.users["agency_admin"]
    _passwords(world, admin)
    page = login(browser, live_server, admin.username)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/workorders/dashboard/{world.a.contract.pk}/")
    page.wait_for_selector("#chart-volume svg")
    assert page.locator("#chart-compliance svg").count() == 1
    assert not errors, errors
    shot(page, "dashboard")


#: The boxes of the compliance chart's value labels ("100%", "99.5%") as drawn.
LABEL_BOXES_JS = """() => Array.from(document.querySelectorAll('#chart-compliance svg text'))
  .filter(t => /%$/.test(t.textContent) && getComputedStyle(t).display !== 'none'
          && t.getAttribute('opacity') !== '0')
  .map(t => { const b = t.getBoundingClientRect();
              return [t.textContent, b.left, b.top, b.right, b.bottom]; })"""


def _overlaps(boxes):
    return [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]


def test_compliance_labels_do_not_overlap_on_a_phone(browser, live_server, world):
    """Twelve months of 100%: on a phone (390 px) the values' labels would run into each
    other; they are left to the tooltip there, and shown where the chart has room."""
    import datetime as dt

    from django.utils import timezone

    from yunwei.workorders import actions
    from yunwei.workorders.models import WorkOrder

    side = world.a
    month = timezone.localtime().replace(day=1, hour=1, minute=0, second=0, microsecond=0)
    for i in range(12):  # one order met in each of the last twelve months
        wo = side.work_order if i == 0 else actions.do_create_workorder(
            side.contract, actor=side.users["service_desk"], title=f"月度 {i}",
            channel="phone", requester=side.users["requester"], location="3楼")
        WorkOrder.objects.filter(pk=wo.pk).update(
            reported_at=month, resolved_at=month + dt.timedelta(minutes=30), sla_breached=False)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    admin = side.users["agency_admin"]
    _passwords(world, admin)
    for viewport, labelled in ((PHONE, False), ({"width": 1280, "height": 900}, True)):
        page = login(browser, live_server, admin.username, viewport=viewport)
        page.goto(f"{live_server.url}/workorders/dashboard/{side.contract.pk}/")
        page.wait_for_selector("#chart-compliance svg")
        page.wait_for_timeout(1500)  # ECharts' entry animation
        boxes = page.evaluate(LABEL_BOXES_JS)
        assert _overlaps(boxes) == [], (viewport, boxes)
        points = [b for b in boxes if b[0] == "100%"]
        # the target line's own "100%" is always there; the twelve points' only with room
        assert len(points) == (13 if labelled else 1), (viewport, boxes)
        page.context.close()
