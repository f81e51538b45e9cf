"""Phone and field work (issue #10): an engineer's list opens on their own work, "All" stays
one tap away, and a requester's phone number can be called with a tap."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_engineer_list_defaults_to_my_work(world):
    engineer = _client(world.a.users["vendor_engineer"])
    page = engineer.get("/workorders/").content.decode()
    assert 'href="?queue=mine" class="active"' in page
    assert 'href="?queue=all"' in page
    everything = engineer.get("/workorders/?queue=all").content.decode()
    assert 'href="?queue=all" class="active"' in everything
    # Other roles open on all their contracts' orders.
    desk = _client(world.a.users["service_desk"]).get("/workorders/").content.decode()
    assert 'class="active"' not in desk.split('<nav class="queues">')[1].split("</nav>")[0]


def test_requester_phone_is_tap_to_call(world):
    order = world.a.work_order
    order.requester_contact = "138 0013 8000"
    order.save()
    page = _client(world.a.users["service_desk"]).get(f"/workorders/{order.pk}/")
    assert '<a href="tel:13800138000">138 0013 8000</a>' in page.content.decode()


def test_record_form_takes_several_files_and_offers_the_camera(world):
    from yunwei.workorders.forms import ResolutionForm

    page = str(ResolutionForm(work_order=world.a.work_order))
    assert re.search(r'<input[^>]*name="attachment"[^>]*multiple', page)
    assert re.search(r'<input[^>]*name="photos"[^>]*accept="image/\*"[^>]*capture', page)


def test_self_report_with_photos(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yunwei.workorders.models import WorkOrder

    requester = _client(world.a.users["requester"])
    form = requester.get("/workorders/report/").content.decode()
    assert 'enctype="multipart/form-data"' in form
    assert re.search(r'<input[^>]*name="photos"[^>]*multiple', form)
    assert re.search(r'<input[^>]*name="photos"[^>]*accept="image/\*"[^>]*capture', form)
    photos = [SimpleUploadedFile(f"现场{n}.jpg", b"\xff\xd8 fake jpeg", "image/jpeg")
              for n in (1, 2)]
    response = requester.post("/workorders/report/", {
        "contract": world.a.contract.pk, "title": "打印机卡纸", "photos": photos})
    assert response.status_code == 302, response.content.decode()[:2000]
    order = WorkOrder.objects.get(title="打印机卡纸")
    assert sorted(a.name for a in order.attachments.all()) == ["现场1.jpg", "现场2.jpg"]


def test_filters_are_folded_until_opened(world):
    """On a phone the list comes first: the filters are in a closed <details> (yunwei.js opens
    it on screens 700 px and wider)."""
    client = _client(world.a.users["service_desk"])
    for url in ("/workorders/", "/inventory/"):
        page = client.get(url).content.decode()
        fold = page.index('<details class="filters-fold">')
        assert fold < page.index('<form class="filters"') < page.index("</details>", fold), url


def test_search_covers_the_engineers_record(world):
    """Searching "SIP" finds the order whose record mentions the SIP trunk."""
    from yunwei.workorders import actions

    order = world.a.work_order
    engineer_user = world.a.users["vendor_engineer"]
    order = actions.do_transition(order.pk, "dispatch", actor=world.a.users["service_desk"],
                                  version=order.version, assignee=engineer_user.pk)
    actions.do_update_workorder(order.pk, actor=engineer_user, version=order.version,
                                problem_analysis="SIP 中继注册失败")
    engineer = _client(world.a.users["service_desk"])
    found = engineer.get("/workorders/", {"q": "sip"}).content.decode()
    assert order.number in found
    nothing = engineer.get("/workorders/", {"q": "不存在的词"}).content.decode()
    assert order.number not in nothing
