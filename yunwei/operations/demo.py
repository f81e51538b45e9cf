"""Demo data of the operations domain: the main contract's terms and a month of records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .choices import ChangeState, RecordKind, Severity


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@transaction.atomic
def load_demo(contracts: list[Any]) -> None:
    """Levels, terms, deadlines, the repeat window and a month of records (idempotent)."""
    from yunwei.contracts.models import Membership

    from . import actions
    from .models import (
        Accident,
        AccidentLevel,
        Change,
        OperationsPolicy,
        OperationsRecord,
        OperationsTerm,
        Vulnerability,
        VulnerabilityDeadline,
    )

    contract = contracts[0]
    for rank, (code, name, criteria, hours) in enumerate([
        ("1", "一级事故", "主会场或全部分会场中断 2 小时以上", 12),
        ("2", "二级事故", "多个分会场中断 1 小时以上", 24),
        ("3", "三级事故", "单个会场中断影响会议召开", 48),
    ], start=1):
        AccidentLevel.objects.get_or_create(contract=contract, code=code, defaults={
            "name": name, "criteria": criteria, "report_hours": Decimal(hours), "rank": rank})
    for kind, period, low, high in [
        (RecordKind.DRILL, "year", 2, 4), (RecordKind.MAINTENANCE, "year", 4, None),
        (RecordKind.SPECIAL_DUTY, "year", 5, None), (RecordKind.BACKUP, "month", 4, None),
        (RecordKind.RESTORE_TEST, "quarter", 1, None),
    ]:
        OperationsTerm.objects.get_or_create(contract=contract, kind=kind, period=period,
                                             defaults={"minimum": low, "maximum": high})
    for severity, hours in [(Severity.CRITICAL, 24), (Severity.HIGH, 72),
                            (Severity.MEDIUM, 168), (Severity.LOW, 720)]:
        VulnerabilityDeadline.objects.get_or_create(contract=contract, severity=severity,
                                                    defaults={"hours": Decimal(hours)})
    OperationsPolicy.objects.get_or_create(contract=contract,
                                           defaults={"repeat_window_days": 30})
    if OperationsRecord.objects.filter(contract=contract).exists():
        return  # the month was loaded before (and may have been edited since)
    month = dt.date(2026, 11, 1)
    records = [(RecordKind.BACKUP, month + dt.timedelta(days=d), 23,
                f"MCU 配置与录播库全量备份（第 {i} 周）", "MCU 配置、录播服务器数据库")
               for i, d in enumerate((1, 8, 15, 22, 29), start=1)]
    records += [
        (RecordKind.RESTORE_TEST, dt.date(2026, 11, 12), 20, "录播库恢复测试",
         "从 11-08 全量备份恢复录播库到测试机，核对 20 条会议录像"),
        (RecordKind.MAINTENANCE, dt.date(2026, 11, 5), 9, "第四季度巡检",
         "62 台 TE40、36 台 Group 500、MCU 与音频处理器"),
        (RecordKind.DRILL, dt.date(2026, 11, 18), 14, "MCU 主备切换演练",
         "主 MCU 断电，备用 MCU 接管全部分会场"),
        (RecordKind.SPECIAL_DUTY, dt.date(2026, 11, 20), 8, "全市交通工作会议重保值守",
         "主会场双人值守，备用终端就位"),
        (RecordKind.TRAINING, dt.date(2026, 11, 25), 15, "分会场操作员培训",
         "终端开机、入会、静音与双流"),
    ]
    for kind, day, hour, title, scope_text in records:
        OperationsRecord.objects.create(
            contract=contract, kind=kind, title=title, performed_at=_at(day, hour),
            scope_text=scope_text, participants="刘洋、赵磊", verified_by="周敏")
    change = Change.objects.create(
        contract=contract, title="MCU 软件升级至 V600R022", risk="medium",
        rollback_plan="保留原版本镜像，升级失败 30 分钟内回退", requested_at=_at(month, 10),
        window_start=_at(dt.date(2026, 11, 14), 20), window_end=_at(dt.date(2026, 11, 14), 23),
        started_at=_at(dt.date(2026, 11, 14), 20, 10), finished_at=_at(dt.date(2026, 11, 14), 22),
        result="success", state=ChangeState.APPROVED, approved_at=_at(dt.date(2026, 11, 10), 9))
    actions.do_check_change(change)
    vul = Vulnerability.objects.create(
        contract=contract, title="录播服务器 OpenSSH 高危漏洞", severity=Severity.HIGH,
        found_at=_at(dt.date(2026, 11, 3), 10), patch="OpenSSH 9.8p1",
        fixed_at=_at(dt.date(2026, 11, 7), 16))
    actions.do_schedule_vulnerability(vul)
    vendor = Membership.objects.filter(contract=contract, role="vendor_pm").first()
    if vendor is None or Accident.objects.filter(contract=contract).exists():
        return
    accident = actions.do_open_accident(
        contract, actor=vendor.user, title="指挥大厅分会场视频中断", cause="交换机端口故障",
        occurred_at=_at(dt.date(2026, 11, 16), 9, 30))
    actions.do_gather_information(accident, actor=vendor.user,
                                  note="09:30 起 5 个分会场无图像，09:35 电话报修。")
    actions.do_set_preliminary_level(accident, actor=vendor.user, level=accident.contract
                                     .accident_levels.get(code="2"))
    actions.do_submit_report(accident, actor=vendor.user,
                             file=ContentFile("事故分析报告（演示）".encode(), name="report.txt"),
                             at=_at(dt.date(2026, 11, 17), 8))
