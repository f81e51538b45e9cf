"""In a machine room without a signal: the engineer opens the round, the phone goes offline,
two items are filled (one with a photo, one abnormal) and kept on the phone; back online,
the answers are sent by themselves and saved exactly once (one work order for the abnormal
check). A second phone's stale queue sent again changes nothing; a round reviewed meanwhile
is reported as such."""

from __future__ import annotations

import pytest

from .test_tenant_isolation import PHONE, _passwords, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def test_round_filled_offline_is_saved_once_when_back_online(browser, live_server, world,
                                                             shot, tmp_path):
    from yunwei.core import context
    from yunwei.inventory.models import ConfigItem, InspectionRound, RoundResult
    from yunwei.inventory.testing import make_inventory
    from yunwei.workorders.models import WorkOrder

    with context.acting(None, source="test"):
        inv = {k.split(".", 1)[1]: v for k, v in make_inventory(world.a, "AAA").items()}
    rnd, first, check = inv["inspectionround"], inv["configitem"], inv["templatecheck"]
    with context.acting(None, source="test"):
        inv["roundresult"].point.delete()  # one check in this round
        check.photo_required, check.text = True, "机柜指示灯"
        check.save()
        second = ConfigItem.objects.create(contract=world.a.contract, item_type=first.item_type,
                                           code="AAA-H2", name="AAA 数据库主机")
        rnd.items_due = 2
        rnd.save()
    photo = tmp_path / "rack.png"
    photo.write_bytes(PNG)
    engineer = world.a.users["vendor_engineer"]
    _passwords(world, engineer)
    orders_before = WorkOrder.objects.count()

    phone = login(browser, live_server, engineer.username, viewport=PHONE)
    phone.goto(f"{live_server.url}/inventory/rounds/{rnd.pk}/")
    phone.context.set_offline(True)
    assert phone.evaluate("navigator.onLine") is False

    card = phone.locator(f"#item-{first.pk}")
    card.get_by_label("正常").check()
    card.locator(f"input[name=photo_{check.pk}]").set_input_files(str(photo))
    card.get_by_role("button", name="保存本项").click()
    card.locator(".sync-status.queued").wait_for()
    assert "已暂存在本机" in card.locator(".sync-status").inner_text()

    card = phone.locator(f"#item-{second.pk}")
    card.get_by_label("异常").check()
    card.locator(f"input[name=value_{check.pk}]").fill("红灯闪烁")
    card.locator(f"input[name=photo_{check.pk}]").set_input_files(str(photo))
    card.get_by_role("button", name="保存本项").click()
    phone.locator("#offline-queue", has_text="本机暂存 2 条").wait_for()
    assert RoundResult.objects.filter(round=rnd).count() == 0  # nothing reached the server
    shot(phone, "inspection-offline-1-kept-on-the-phone")

    phone.context.set_offline(False)  # back in signal: the queue goes by itself
    phone.locator(f"#item-{second.pk} .sync-status.saved").wait_for()
    phone.locator(f"#item-{first.pk} .sync-status.saved").wait_for()
    phone.locator("#offline-queue").wait_for(state="hidden")
    assert phone.inner_text("#round-state") == "已完成"
    results = RoundResult.objects.filter(round=rnd)
    assert results.count() == 2 and all(r.photo for r in results)
    abnormal = results.get(item=second)
    assert (abnormal.outcome, abnormal.value) == ("abnormal", "红灯闪烁")
    assert WorkOrder.objects.count() == orders_before + 1
    number = abnormal.work_order.number
    assert phone.locator(f"#item-{second.pk} a.work-order").inner_text() == number
    shot(phone, "inspection-offline-2-sent-when-back-online")

    # the same answers sent again (a second tab's copy of the queue): nothing changes
    keys = list(results.values_list("client_key", flat=True))
    assert all(keys)
    status = phone.evaluate("""async ([url, answers]) => {
        const fd = new FormData();
        fd.append("answers", JSON.stringify(answers));
        const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
        const r = await fetch(url, {method: "POST", body: fd, headers: {"X-CSRFToken": csrf}});
        return (await r.json()).results.map(x => x.status);
    }""", [f"/inventory/rounds/{rnd.pk}/sync/", [
        {"key": r.client_key, "item": r.item_id, "check": r.point_id, "outcome": r.outcome,
         "value": r.value, "note": r.note, "at": r.checked_at.isoformat()} for r in results]])
    assert status == ["unchanged", "unchanged"]
    assert RoundResult.objects.filter(round=rnd).count() == 2
    assert WorkOrder.objects.count() == orders_before + 1

    # offline again; the supervisor reviews the round meanwhile; back online: a clear message
    phone.reload()
    phone.context.set_offline(True)
    card = phone.locator(f"#item-{first.pk}")
    card.get_by_label("异常").check()
    card.get_by_role("button", name="保存本项").click()
    card.locator(".sync-status.queued").wait_for()
    with context.acting(None, source="test"):
        InspectionRound.objects.filter(pk=rnd.pk).update(state="reviewed")
    phone.context.set_offline(False)
    phone.locator("#offline-queue.error").wait_for()
    assert "该巡检已复核" in phone.inner_text("#offline-queue")
    assert RoundResult.objects.get(round=rnd, item=first).outcome == "normal"
    shot(phone, "inspection-offline-3-round-closed-meanwhile")


def _cut_off(context) -> None:
    """No network at all: the page's and the service worker's requests fail."""
    context.set_offline(True)
    context.route("**/*", lambda route: route.abort("internetdisconnected"))


def _back_online(context) -> None:
    context.unroute("**/*")
    context.set_offline(False)


def test_round_page_opens_again_without_a_network(browser, live_server, world, shot):
    """Visited once online, the round page reloads without a network (the rounds' service
    worker keeps it and its files), answers given then are kept and sent when back; pages
    outside the rounds are not kept; logging out drops the copy."""
    from django.core.signals import request_started

    from yunwei.core import context
    from yunwei.inventory.models import RoundResult
    from yunwei.inventory.testing import make_inventory
    from yunwei.inventory.views import sw_version

    with context.acting(None, source="test"):
        inv = {k.split(".", 1)[1]: v for k, v in make_inventory(world.a, "AAA").items()}
        inv["roundresult"].point.delete()  # one check here
    rnd, item, check = inv["inspectionround"], inv["configitem"], inv["templatecheck"]
    engineer = world.a.users["vendor_engineer"]
    _passwords(world, engineer)
    page_url = f"{live_server.url}/inventory/rounds/{rnd.pk}/"

    phone = login(browser, live_server, engineer.username, viewport=PHONE)
    phone.goto(page_url)
    phone.locator("#round-cache[data-kept]").wait_for(state="attached", timeout=20_000)
    assert int(phone.get_attribute("#round-cache", "data-kept")) >= 4  # page, css, scripts
    scope = phone.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert scope == f"{live_server.url}/inventory/rounds/"
    assert phone.evaluate("caches.keys()") == [f"yunwei-rounds-{sw_version()}"]

    served: list[str] = []

    def on_request(sender, environ=None, **kwargs):
        served.append(environ.get("PATH_INFO", "") if environ else "?")

    request_started.connect(on_request, dispatch_uid="test-offline-reload")
    try:
        _cut_off(phone.context)
        phone.reload()
        card = phone.locator(f"#item-{item.pk}")
        card.wait_for()
        assert item.name in card.inner_text()
        assert served == [], served  # nothing reached the server: the phone's copy
        shot(phone, "inspection-offline-4-reloaded-without-network")

        # the kept page works: an answer given now waits on the phone
        card.get_by_label("正常").check()
        card.get_by_role("button", name="保存本项").click()
        card.locator(".sync-status.queued").wait_for()
        assert "已暂存在本机" in card.locator(".sync-status").inner_text()

        # a page outside the rounds is not kept
        try:
            response = phone.goto(f"{live_server.url}/inventory/")
            assert response is None or not response.ok
        except Exception as exc:  # the browser's own offline error
            assert "ERR_INTERNET_DISCONNECTED" in str(exc) or "net::" in str(exc), exc
        assert served == [], served
    finally:
        request_started.disconnect(dispatch_uid="test-offline-reload")

    _back_online(phone.context)
    phone.goto(page_url)
    phone.locator(f"#item-{item.pk} .sync-status.saved").wait_for()
    assert RoundResult.objects.get(round=rnd, item=item, point=check).outcome == "normal"

    # logged out: the round page answers with a redirect to log in and the copy is dropped
    phone.context.clear_cookies()
    phone.goto(page_url)
    phone.wait_for_url("**/login/**")
    phone.wait_for_function("caches.keys().then(k => k.length === 0)")
    _cut_off(phone.context)
    failed = ""
    try:
        response = phone.goto(page_url)
        failed = "" if response is not None and response.ok else "no page"
    except Exception as exc:  # the browser's own offline error
        failed = str(exc)
    assert failed, "the round page opened offline after logging out"
