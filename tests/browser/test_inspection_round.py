"""In a real browser on a phone: an engineer inspects two items, the first normal with a photo
of the rack, the second abnormal; the abnormal check becomes a work order (once); the
supervisor reviews the round."""

from __future__ import annotations

import pytest

from .test_tenant_isolation import PHONE, _passwords, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def test_round_on_a_phone(browser, live_server, world, shot, tmp_path):
    from yunwei.core import context
    from yunwei.inventory.models import ConfigItem, InspectionRound, RoundResult
    from yunwei.inventory.testing import make_inventory

    with context.acting(None, source="test"):
        inv = {k.split(".", 1)[1]: v for k, v in make_inventory(world.a, "AAA").items()}
    rnd, first, check = inv["inspectionround"], inv["configitem"], inv["templatecheck"]
    with context.acting(None, source="test"):
        inv["roundresult"].point.delete()  # the shared world's second check: one check here
        check.photo_required = True
        check.text = "机柜指示灯"
        check.save()
        second = ConfigItem.objects.create(contract=world.a.contract, item_type=first.item_type,
                                           code="AAA-H2", name="AAA 数据库主机")
        rnd.items_due = 2
        rnd.save()
    photo = tmp_path / "rack.png"
    photo.write_bytes(PNG)
    engineer, supervisor = world.a.users["vendor_engineer"], world.a.users["supervisor"]
    _passwords(world, engineer, supervisor)

    phone = login(browser, live_server, engineer.username, viewport=PHONE)
    phone.goto(f"{live_server.url}/inventory/rounds/{rnd.pk}/")
    card = phone.locator(f"#item-{first.pk}")
    card.get_by_label("正常").check()
    card.locator(f"input[name=photo_{check.pk}]").set_input_files(str(photo))
    card.get_by_role("button", name="保存本项").click()
    card.locator(".sync-status.saved").wait_for()  # sent by the page's queue (online: at once)
    assert phone.inner_text("#round-state") == "处理中"  # half done, kept
    shot(phone, "inspection-1-first-item-saved")

    card = phone.locator(f"#item-{second.pk}")
    card.get_by_label("异常").check()
    card.locator(f"input[name=value_{check.pk}]").fill("红灯闪烁")
    card.locator(f"input[name=photo_{check.pk}]").set_input_files(str(photo))
    card.get_by_role("button", name="保存本项").click()
    card.locator(".sync-status.saved").wait_for()
    assert phone.inner_text("#round-state") == "已完成"
    result = RoundResult.objects.get(round=rnd, item=second)
    number = result.work_order.number
    assert phone.locator(f"#item-{second.pk} a.work-order").inner_text() == number
    shot(phone, "inspection-2-abnormal-became-a-work-order")

    supervisor_page = login(browser, live_server, supervisor.username, viewport=PHONE)
    supervisor_page.goto(f"{live_server.url}/inventory/rounds/{rnd.pk}/")
    supervisor_page.fill("textarea[name=note]", "抽查两台，记录属实。")
    supervisor_page.get_by_role("button", name="审核").click()
    assert supervisor_page.inner_text("#round-state") == "已复核"
    assert InspectionRound.objects.get(pk=rnd.pk).state == "reviewed"
    assert RoundResult.objects.filter(round=rnd, work_order__isnull=False).count() == 1
    shot(supervisor_page, "inspection-3-reviewed")
