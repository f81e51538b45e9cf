"""The pages: an item's page with its orders, inspections and outages; a round recorded on a
phone with a photo; review; lifecycle; availability and the report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yunwei.inventory.actions import do_ensure_standard_types, do_sync_equipment
from yunwei.inventory.models import ConfigItem, InspectionRound, RoundResult
from yunwei.inventory.testing import make_world_with_inventory

pytestmark = pytest.mark.django_db
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.fixture(scope="module")
def world_builder():
    """The world with the inventory objects on both contracts, built once for the module."""
    return make_world_with_inventory


def test_round_recorded_item_by_item_with_a_photo_and_an_abnormal_check(world, client, inv):
    rnd, item, check = inv["inspectionround"], inv["configitem"], inv["templatecheck"]
    check.photo_required = True
    check.save()
    client.force_login(world.a.users["vendor_engineer"])
    page = client.get(f"/inventory/rounds/{rnd.pk}/")
    assert page.status_code == 200 and f"item-{item.pk}".encode() in page.content
    response = client.post(f"/inventory/rounds/{rnd.pk}/record/", {
        "item": item.pk, f"outcome_{check.pk}": "abnormal", f"value_{check.pk}": "97",
        f"note_{check.pk}": "CPU 持续过高",
        f"photo_{check.pk}": SimpleUploadedFile("cpu.png", PNG, content_type="image/png")})
    assert response.status_code == 302
    result = RoundResult.objects.get(round=rnd, item=item, point=check)
    assert result.outcome == "abnormal" and result.photo.name.endswith(".png")
    assert result.work_order is not None
    rnd.refresh_from_db()
    assert rnd.state == "done"  # one item, one check
    page = client.get(f"/inventory/rounds/{rnd.pk}/")
    assert result.work_order.number.encode() in page.content
    # the item's page shows the work order and the inspection
    page = client.get(f"/inventory/{item.pk}/")
    assert result.work_order.number.encode() in page.content
    assert b"CPU" in page.content


def test_missing_photo_is_refused_on_the_page_not_a_500(world, client, inv):
    rnd, item, check = inv["inspectionround"], inv["configitem"], inv["templatecheck"]
    check.photo_required = True
    check.save()
    client.force_login(world.a.users["vendor_engineer"])
    response = client.post(f"/inventory/rounds/{rnd.pk}/record/", {
        "item": item.pk, f"outcome_{check.pk}": "normal"}, follow=True)
    assert response.status_code == 200 and "该项须拍照" in response.content.decode()
    assert not RoundResult.objects.filter(round=rnd, point=check).exists()


def test_review_by_supervisor_and_refusal_for_the_vendor(world, client, inv):
    rnd, item, check = inv["inspectionround"], inv["configitem"], inv["templatecheck"]
    client.force_login(world.a.users["vendor_engineer"])
    client.post(f"/inventory/rounds/{rnd.pk}/record/", {"item": item.pk,
                                                        f"outcome_{check.pk}": "normal"})
    response = client.post(f"/inventory/rounds/{rnd.pk}/review/", {"note": "x"}, follow=True)
    assert "只有监理或甲方可以复核巡检" in response.content.decode()
    client.force_login(world.a.users["supervisor"])
    client.post(f"/inventory/rounds/{rnd.pk}/review/", {"note": "抽查无误"})
    assert InspectionRound.objects.get(pk=rnd.pk).state == "reviewed"
    client.force_login(world.b.users["supervisor"])
    assert client.post(f"/inventory/rounds/{rnd.pk}/review/", {}).status_code == 404


def test_cloud_resource_lifecycle_on_the_page(world, client):
    c = world.a.contract
    types = do_ensure_standard_types(c)
    vm = ConfigItem.objects.create(contract=c, item_type=types["cloud"], code="VM-1",
                                   name="云服务器申请")
    client.force_login(world.a.users["vendor_pm"])
    client.post(f"/inventory/{vm.pk}/lifecycle/", {"step": "requested"})
    response = client.post(f"/inventory/{vm.pk}/lifecycle/", {"step": "approved"}, follow=True)
    assert "审批与释放须由甲方管理员执行" in response.content.decode()
    client.force_login(world.a.users["agency_admin"])
    client.post(f"/inventory/{vm.pk}/lifecycle/", {"step": "approved"})
    client.post(f"/inventory/{vm.pk}/lifecycle/", {"step": "released"}, follow=True)
    vm.refresh_from_db()
    assert vm.lifecycle == "released" and vm.status == "retired"
    response = client.post(f"/inventory/{vm.pk}/lifecycle/", {"step": "changed"}, follow=True)
    assert "不能从" in response.content.decode()


def test_item_form_checks_the_types_fields(world, client):
    c = world.a.contract
    types = do_ensure_standard_types(c)
    client.force_login(world.a.users["vendor_engineer"])
    page = client.get(f"/inventory/add/?contract={c.pk}&type={types['host'].pk}")
    assert "IP地址" in page.content.decode()
    data = {"contract": c.pk, "item_type": types["host"].pk, "code": "H-9", "name": "主机九",
            "criticality": "high", "status": "in_service", "quantity": 1,
            "attr_os": "麒麟", "attr_ip": "10.0.0.999"}
    response = client.post("/inventory/add/", data)
    assert response.status_code == 400 and "不是有效的 IP 地址" in response.content.decode()
    data["attr_ip"] = "10.0.0.9"
    assert client.post("/inventory/add/", data).status_code == 302
    assert ConfigItem.objects.get(code="H-9").attrs["ip"] == "10.0.0.9"
    # a type of another contract is refused
    other = do_ensure_standard_types(world.b.contract)["host"]
    data.update(item_type=other.pk, code="H-10")
    assert client.post("/inventory/add/", data).status_code == 400


def test_equipment_lines_become_device_items_and_old_orders_show(world, client):
    from yunwei.workorders.models import WorkOrder

    c = world.a.contract
    assert do_sync_equipment(c) == 1
    assert do_sync_equipment(c) == 0  # once
    item = ConfigItem.objects.get(equipment=world.a.equipment)
    assert item.item_type.code == "device" and item.attrs["category"] == "终端"
    WorkOrder.objects.filter(pk=world.a.work_order.pk).update(equipment=world.a.equipment)
    client.force_login(world.a.users["vendor_pm"])
    page = client.get(f"/inventory/{item.pk}/")
    assert world.a.work_order.number.encode() in page.content


def test_availability_page_and_report_downloads(world, client, inv):
    target = inv["availabilitytarget"]
    target.percent = Decimal("99.9")
    target.save()
    client.force_login(world.a.users["agency_admin"])
    page = client.get(f"/inventory/availability/?contract={world.a.contract.pk}&year=2026")
    # the 1-hour outage on 2 March 2026, without the window (exclusion is on by default and
    # the window covers it): 0 minutes down in March
    text = page.content.decode()
    assert "2026-03" in text and "100%" in text
    docx = client.get(f"/inventory/rounds/report/?contract={world.a.contract.pk}"
                      "&month=2026-03&format=docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    html = client.get(f"/inventory/rounds/report/?contract={world.a.contract.pk}&month=bad")
    assert html.status_code == 200
    assert dt.date.today().strftime("%Y-%m").encode() in html.content


def test_photos_are_images_and_shown_only_within_the_contract(world, client, inv):
    rnd, item, check = inv["inspectionround"], inv["configitem"], inv["templatecheck"]
    client.force_login(world.a.users["vendor_engineer"])
    svg = SimpleUploadedFile("x.svg", b"<svg onload=alert(1)>", content_type="image/svg+xml")
    response = client.post(f"/inventory/rounds/{rnd.pk}/record/", {
        "item": item.pk, f"outcome_{check.pk}": "normal", f"photo_{check.pk}": svg},
        follow=True)
    assert "照片须为 JPG、PNG、WEBP 或 HEIC 图片" in response.content.decode()
    client.post(f"/inventory/rounds/{rnd.pk}/record/", {
        "item": item.pk, f"outcome_{check.pk}": "normal",
        f"photo_{check.pk}": SimpleUploadedFile("rack.png", PNG, content_type="image/png")})
    result = RoundResult.objects.get(round=rnd, item=item, point=check)
    client.force_login(world.a.users["supervisor"])
    response = client.get(f"/inventory/results/{result.pk}/photo/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    client.force_login(world.b.users["supervisor"])
    assert client.get(f"/inventory/results/{result.pk}/photo/").status_code == 404
    client.force_login(world.a.users["requester"])
    assert client.get(f"/inventory/results/{result.pk}/photo/").status_code == 404
