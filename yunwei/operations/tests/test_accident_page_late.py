"""An accident's page gives lateness as a duration a reader takes in (1 小时 30 分钟 / 1 h 30
min), not a count of seconds, and no "late by (seconds)" row in its field table."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "report", "step", "raw_label"), [
    ("zh-hans", "逾期 1 小时 30 分钟 提交", "逾期 1 小时 30 分钟", "报告逾期（秒）"),
    ("en", "submitted late by 1 h 30 min", "late by 1 h 30 min", "report late by (seconds)"),
])
def test_lateness_reads_as_a_duration(world, client, language, report, step, raw_label):
    accident = world.a.operations["accident"]  # made by this app's world (conftest)
    type(accident).objects.filter(pk=accident.pk).update(report_late_seconds=5400)
    accident.steps.filter(kind="report").update(late_seconds=5400)
    client.force_login(world.a.users["vendor_pm"])
    client.cookies["yunwei_language"] = language
    html = client.get(f"/operations/{accident.pk}/").content.decode()
    assert report in html and step in html
    assert f"<dt>{raw_label}</dt>" not in html  # (the history still lists the change)
