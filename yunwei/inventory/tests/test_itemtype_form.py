"""The item type page edits the type's own fields as rows (code, label, kind, required,
options), not as JSON; the API keeps the list as JSON. Errors in the reader's language."""

from html import unescape

import pytest
from django.test import Client

from yunwei.inventory.models import ItemType
from yunwei.inventory.testing import make_world_with_inventory

pytestmark = pytest.mark.django_db

HOST = [{"code": "ip", "label": "管理地址", "kind": "ip", "required": True, "choices": []},
        {"code": "os", "label": "操作系统", "kind": "choice", "required": False,
         "choices": ["麒麟", "统信"]}]


@pytest.fixture(scope="module")
def world_builder():
    """The world with the inventory objects on both contracts, built once for the module."""
    return make_world_with_inventory


def _rows(*rows, total=None, initial=0):
    """A post of the type's rows, numbered as the page numbers them."""
    data = {"fields-TOTAL_FORMS": str(total if total is not None else len(rows)),
            "fields-INITIAL_FORMS": str(initial), "fields-MIN_NUM_FORMS": "0",
            "fields-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        data.update({f"fields-{i}-{k}": v for k, v in row.items()})
    return data


@pytest.fixture
def planner(world, inv):
    client = Client()
    client.force_login(world.a.users["vendor_pm"])
    t = inv["itemtype"]
    t.fields = HOST
    t.save()
    return client, t


def _base(t):
    return {"contract": t.contract_id, "code": t.code, "name": t.name, "key_field": "code"}


def test_the_page_shows_rows_not_json(planner):
    client, t = planner
    html = client.get(f"/inventory/types/{t.pk}/edit/").content.decode()
    assert "fields_json" not in html and "&quot;kind&quot;" not in html
    assert 'name="fields-0-code" value="ip"' in html
    assert 'name="fields-1-choices" value="麒麟, 统信"' in html
    assert '<option value="ip" selected>IP 地址</option>' in html
    assert 'name="fields-TOTAL_FORMS" value="4"' in html  # two rows, two blank ones
    client.cookies["yunwei_language"] = "en"
    html = client.get(f"/inventory/types/{t.pk}/edit/").content.decode()
    assert '<option value="choice" selected>choice</option>' in html
    assert '<option value="int">whole number</option>' in html


def test_rows_are_saved_as_the_schema_blank_and_removed_rows_left_out(planner):
    client, t = planner
    post = {**_base(t), **_rows(
        {"code": "ip", "label": "管理地址", "kind": "ip", "required": "on"},
        {"code": "os", "label": "操作系统", "kind": "choice", "choices": "麒麟、统信，欧拉",
         "DELETE": ""},
        {"code": "rack", "label": "机柜", "kind": "text", "DELETE": "on"},
        {"code": "", "label": "", "kind": "text"},          # a blank row
        {"code": "cores", "label": "", "kind": "int"},
        total=5, initial=2)}
    done = client.post(f"/inventory/types/{t.pk}/edit/", post)
    assert done.status_code == 302, done.content.decode()[:3000]
    t.refresh_from_db()
    assert t.fields == [
        {"code": "ip", "label": "管理地址", "kind": "ip", "required": True, "choices": []},
        {"code": "os", "label": "操作系统", "kind": "choice", "required": False,
         "choices": ["麒麟", "统信", "欧拉"]},
        {"code": "cores", "label": "cores", "kind": "int", "required": False, "choices": []}]
    # the API's representation is the same list
    api = client.get(f"/api/item-types/{t.pk}/").json()
    assert api["fields"] == t.fields
    # the type's page names the kinds, not their codes
    html = client.get(f"/inventory/types/{t.pk}/").content.decode()
    assert "<td>单选</td>" in html and "<td>整数</td>" in html and "<td>int</td>" not in html


@pytest.mark.parametrize("lang, said", [
    ("zh-hans", "字段代码“ip”重复"),
    ("en", "duplicate field code 'ip'"),
])
def test_a_duplicate_code_is_refused_in_the_readers_language(planner, lang, said):
    client, t = planner
    client.cookies["yunwei_language"] = lang
    post = {**_base(t), **_rows({"code": "ip", "label": "甲", "kind": "ip"},
                                {"code": "ip", "label": "乙", "kind": "text"})}
    bad = client.post(f"/inventory/types/{t.pk}/edit/", post)
    html = unescape(bad.content.decode())
    assert bad.status_code == 400 and said in html
    assert " / " not in html.split('class="errorlist"')[1].split("</div>")[0]  # one language
    assert 'name="fields-1-label" value="乙"' in html  # the rows typed are kept
    t.refresh_from_db()
    assert t.fields == HOST


@pytest.mark.parametrize("row, lang, said", [
    ({"code": "", "label": "无代码", "kind": "text"}, "zh-hans", "请填写字段代码"),
    ({"code": "", "label": "no code", "kind": "text"}, "en", "Give the field a code"),
    ({"code": "Bad Code", "label": "x", "kind": "text"}, "en", "invalid code"),
    ({"code": "os", "label": "系统", "kind": "choice", "choices": ""}, "zh-hans",
     "选项字段“os”没有选项"),
    ({"code": "os", "label": "系统", "kind": "float"}, "en", "Select a valid choice"),
])
def test_bad_rows_are_refused(planner, row, lang, said):
    client, t = planner
    client.cookies["yunwei_language"] = lang
    bad = client.post(f"/inventory/types/{t.pk}/edit/", {**_base(t), **_rows(row)})
    assert bad.status_code == 400 and said in bad.content.decode()
    t.refresh_from_db()
    assert t.fields == HOST


def test_more_rows_shows_the_form_again_without_saving(planner):
    client, t = planner
    post = {**_base(t), "name": "改名", "more_rows": "1",
            **_rows({"code": "ip", "label": "管理地址", "kind": "ip"}, total=1, initial=2)}
    page = client.post(f"/inventory/types/{t.pk}/edit/", post)
    html = page.content.decode()
    assert page.status_code == 200 and 'name="fields-TOTAL_FORMS" value="4"' in html
    assert 'name="fields-3-code"' in html and 'name="fields-0-code" value="ip"' in html
    t.refresh_from_db()
    assert t.name != "改名" and t.fields == HOST


def test_a_new_type_with_rows(world, planner):
    client, t = planner
    post = {"contract": t.contract_id, "code": "db", "name": "数据库", "key_field": "sid",
            **_rows({"code": "sid", "label": "实例名", "kind": "text", "required": "on"},
                    {"code": "", "label": "", "kind": "text"})}
    done = client.post("/inventory/types/add/", post)
    assert done.status_code == 302, done.content.decode()[:3000]
    new = ItemType.objects.get(contract=world.a.contract, code="db")
    assert new.fields == [{"code": "sid", "label": "实例名", "kind": "text", "required": True,
                           "choices": []}]
    # a post without the rows (no management form) keeps the fields as they are
    kept = client.post(f"/inventory/types/{t.pk}/edit/", {**_base(t), "name": "改名"})
    assert kept.status_code == 302
    t.refresh_from_db()
    assert (t.name, t.fields) == ("改名", HOST)
    # the import key must still be a field of the rows (the model's rule)
    post = {**post, "code": "db2", "key_field": "nope"}
    assert client.post("/inventory/types/add/", post).status_code == 400
