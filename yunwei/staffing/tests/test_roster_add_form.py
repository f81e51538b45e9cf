"""A refused roster addition keeps what the PM chose: the roster page comes back with the
refusal and the same person, shift and day in the form, to correct rather than redo."""

import re

import pytest

from yunwei.staffing.testing import make_world_with_staffing

pytestmark = pytest.mark.django_db


def _selected(html: str, name: str) -> str | None:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    found = re.search(r'<option value="(\d+)" selected>', select)
    return found.group(1) if found else None


@pytest.fixture(scope="module")
def world_builder():
    """The world with the staffing objects on contract A, built once for the module."""
    return make_world_with_staffing


def test_refused_shift_comes_back_with_the_choices(world, client):
    st = world.a.staffing
    li, night = st["people"]["li"], st["patterns"]["night"]
    client.force_login(world.a.users["vendor_pm"])
    response = client.post("/staffing/roster/add/", {
        "person": li.pk, "pattern": night.pk, "day": "2026-03-02"}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "msg-error" in html  # Li is not on the desk post: refused
    assert _selected(html, "person") == str(li.pk)
    assert _selected(html, "pattern") == str(night.pk)
    assert 'name="day" value="2026-03-02"' in html


def test_added_shift_leaves_the_form_empty(world, client):
    st = world.a.staffing
    wang, night = st["people"]["wang"], st["patterns"]["night"]
    client.force_login(world.a.users["vendor_pm"])
    response = client.post("/staffing/roster/add/", {
        "person": wang.pk, "pattern": night.pk, "day": "2026-03-02"}, follow=True)
    html = response.content.decode()
    assert "msg-success" in html
    assert _selected(html, "person") is None and 'name="day" value=' not in html
