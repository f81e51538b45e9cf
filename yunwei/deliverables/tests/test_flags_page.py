"""A deliverable's flag (stored in Chinese as computed) reads in the page's language."""

import pytest
from django.test import Client

from yunwei.deliverables.models import Deliverable

pytestmark = pytest.mark.django_db

ZH = "2027 年节假日安排尚未录入，按周一至周五计算"
EN = "The 2027 holiday arrangement is not entered yet: counted Monday to Friday"


@pytest.mark.parametrize(("language", "shown", "hidden"), [("en", EN, ZH), ("zh-hans", ZH, EN)])
def test_deliverable_flag_in_the_page_language(world, language, shown, hidden):
    item = world.a.deliverables["deliverable"]
    Deliverable.objects.filter(pk=item.pk).update(flags=ZH)
    client = Client()
    client.force_login(world.a.users["vendor_pm"])
    client.cookies["yunwei_language"] = language
    html = client.get(item.get_absolute_url()).content.decode()
    assert shown in html
    assert hidden not in html.split('id="history"')[0]  # (the history keeps what was stored)
