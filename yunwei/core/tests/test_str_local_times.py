"""Objects named by a time name it in Asia/Shanghai (the audit log and pages show these names):
an event at 02:24 UTC reads 10:24, not 02:24."""

import datetime as dt

from yunwei.calendars.models import SlaClockEvent, SlaTargetVersion
from yunwei.workorders.models import PhoneNotice, WorkOrderEvent

AT = dt.datetime(2026, 12, 1, 2, 24, tzinfo=dt.UTC)  # 10:24 in Shanghai


def test_names_give_shanghai_times():
    assert str(WorkOrderEvent(kind="confirm", at=AT)) == "confirm 2026-12-01 10:24"
    assert str(SlaClockEvent(kind="stop", at=AT)).endswith(" 2026-12-01 10:24")
    assert str(SlaTargetVersion(target_id=3, minutes=60, effective_from=AT)).endswith(
        "(2026-12-01 10:24)")
    assert str(PhoneNotice(called_at=AT, title="停电")) == "12-01 10:24 停电"
