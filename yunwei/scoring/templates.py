"""Built-in assessment scheme templates (copied into a contract's scheme, then edited).

`PRISON_2025` follows the quality clauses of a prison administration's 2025 O&M contract.
"""

from __future__ import annotations

from decimal import Decimal as D

from .scheme import Rule, Scheme, Tier

PRISON_2025 = Scheme(
    code="prison-2025",
    name="监狱管理局运维服务考核（2025 版）",
    base=D(100),
    rules=(
        # personnel
        Rule("P-UNCHECKED", "personnel", "人员未经身份和资质审查入场", D(-5), trigger="manual"),
        Rule("P-REPLACED", "personnel", "未经告知更换人员（每人每次）", D(-5), trigger="manual"),
        Rule("P-ABSENT", "personnel", "缺勤或无打卡记录（每人每天）", D(-1), trigger="manual"),
        Rule("P-LATE-SHORT", "personnel", "迟到或早退不足 1 小时，按半天缺勤计（每人每次）",
             D("-0.1"), trigger="manual"),
        Rule("P-LATE-LONG", "personnel", "迟到或早退超过 2 小时，按一天缺勤计（每人每次）",
             D("-0.5"), trigger="manual"),
        Rule("P-LATE-UNCLEAR", "personnel", "迟到或早退 1 至 2 小时（条款未规定）", D(0),
             trigger="manual",
             interpretation="条款对 1 至 2 小时未作规定：标记为待甲方决定，不自行推定。",
             interpretation_en="The clause is silent on 1 to 2 hours: marked pending for the "
                               "agency to decide, never assumed."),
        Rule("P-LEAVE", "personnel", "请假未报备（每人每天）", D(-1), trigger="manual"),
        # work orders
        Rule("W-UNSIGNED", "work_order", "工单未经服务对象签字确认，或评价为不满意", D(-1)),
        Rule("W-STEPS", "work_order", "工单关键处理步骤未记录", D("-0.5")),
        Rule("W-FORM", "work_order", "工单未按甲方格式填写", D("-0.5"), trigger="manual"),
        Rule("W-FORGED", "work_order", "伪造签字或时间记录", D(-10), trigger="manual"),
        Rule("W-ARCHIVE", "work_order", "工单未按流程归档", D("-0.5")),
        Rule("W-LATE-4-24", "work_order", "工单超时 4 小时至 24 小时（含）", D("-0.2")),
        Rule("W-LATE-24", "work_order", "工单超时超过 24 小时：扣 0.2 分，每超过 24 小时（不足 24 "
             "小时按 24 小时计）再扣 0.1 分", D("-0.2"),
             interpretation="超时 24 小时以上部分按开始的每个 24 小时加扣 0.1 分。",
             interpretation_en="Beyond 24 hours, a further 0.1 points for each started 24 "
                               "hours."),
        Rule("W-RUN-3", "work_order", "按报告顺序连续 3 张工单均超时超过 24 小时", D(-2),
             fine_percent=D(1)),
        Rule("W-RUN-5", "work_order", "同一连续超时达到 5 张（其后重新起算）", D(-5),
             fine_percent=D(2)),
        Rule("W-MAIL", "work_order", "因未每日两次查看内网邮箱造成延误", D("-0.5"),
             trigger="manual"),
        # accidents
        Rule("A-L1", "accident", "一级事故", D(-5), fine_percent=D(3)),
        Rule("A-L2", "accident", "二级事故", D(-4), fine_percent=D(2)),
        Rule("A-L3", "accident", "三级事故", D(-2), fine_percent=D(1)),
        Rule("A-REPORT", "accident", "事故分析报告未按时提交（一级 12 小时、二级 24 小时、三级 48 "
             "小时内）", D(-2)),
        # evaluations
        Rule("Q-UNSAT", "evaluation", "季度服务对象评价为不满意", D(-4), trigger="manual"),
        # rewards (granted after the agency checks them; one event earns only its highest)
        Rule("R-PRINCIPAL", "reward", "局主要领导表扬", D(10), trigger="manual"),
        Rule("R-IN-CHARGE", "reward", "分管局领导表扬", D(5), trigger="manual"),
        Rule("R-UNIT", "reward", "服务单位表扬", D(2), trigger="manual"),
    ),
    tiers=(
        Tier(D(90), None, D(0), "合格（90 分及以上）"),
        Tier(D(80), D(90), D(5), "80 分以上不足 90 分：扣合同金额 5%"),
        Tier(D(60), D(80), D(10), "60 分以上不足 80 分：扣合同金额 10%"),
        Tier(None, D(60), D(15), "不足 60 分：扣合同金额 15%"),
    ),
    options={
        "limits_hours": {"urgent": 8, "normal": 24},
        "work_order_calendar": "24x7",
        "overdue_free_hours": 4,
        "overdue_band_hours": 24,
        "run_thresholds": [[3, "W-RUN-3"], [5, "W-RUN-5"]],
        "run_reset_at": 5,
        "accident_report_hours": {1: 12, 2: 24, 3: 48},
        "sign_grace_hours": 72,  # a fix waiting for the requester's signature this long counts
        "late_short_minutes": 60,
        "late_long_minutes": 120,
        "praise_rules": {"principal": "R-PRINCIPAL", "in_charge": "R-IN-CHARGE",
                         "unit": "R-UNIT"},
        "note": "以上/以下 含本数（《民法典》第一千二百五十九条）：80 分属于 5% 档。",
    },
)

TEMPLATES = {PRISON_2025.code: PRISON_2025}
