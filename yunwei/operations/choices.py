"""Choices of the operations app (codes stored, labels translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where an accident stands in its procedure."""

    GATHERING = "gathering", _("Gathering information")
    PRELIMINARY = "preliminary", _("Preliminary level set")
    ANALYSIS = "analysis", _("Analysis report submitted")
    SPECIAL = "special", _("Special cases considered")
    GRADED = "graded", _("Finally graded")


class StepKind(models.TextChoices):
    """One step of an accident's procedure."""

    OPENED = "opened", _("Opened")
    INFORMATION = "information", _("Information gathered")
    PRELIMINARY = "preliminary", _("Preliminary level")
    REPORT = "report", _("Analysis report submitted")
    SPECIAL = "special", _("Special cases considered")
    POSITION = "position", _("Position on the level")
    FINAL = "final", _("Final level")
    LEVEL_CHANGED = "level_changed", _("Level changed after grading")


class Party(models.TextChoices):
    """The parties to the joint grading."""

    AGENCY = "agency", _("Agency")
    VENDOR = "vendor", _("Vendor")
    SUPERVISOR = "supervisor", _("Supervisor")
    EXPERT = "expert", _("Expert")


#: Names in refusals (Chinese beside English, whatever the active language).
PARTY_ZH = {"agency": "甲方", "vendor": "乙方", "supervisor": "监理", "expert": "专家"}


class EvidenceKind(models.TextChoices):
    """The evidence the contract requires before the final grading."""

    USER_FEEDBACK = "user_feedback", _("Original user feedback")
    MAIL = "mail", _("Work-order mail with the server's receipt time")
    HANDLING_LOG = "handling_log", _("Vendor's handling log with screenshots")
    SIGNED_ORDER = "signed_order", _("Requester-signed work order")


EVIDENCE_ZH = {"user_feedback": "用户原始反馈", "mail": "工单邮件（含邮件服务器接收时间）",
               "handling_log": "乙方处理日志及截图", "signed_order": "用户签字确认的工单"}


class RecordKind(models.TextChoices):
    """Operations records counted per period."""

    BACKUP = "backup", _("Backup")
    RESTORE_TEST = "restore_test", _("Restore test")
    DRILL = "drill", _("Drill")
    SPECIAL_DUTY = "special_duty", _("Special-period duty")
    TRAINING = "training", _("Training session")
    MAINTENANCE = "maintenance", _("Maintenance round")


class Result(models.TextChoices):
    """How a record's work ended."""

    SUCCESS = "success", _("Succeeded")
    PARTIAL = "partial", _("Partly succeeded")
    FAILED = "failed", _("Failed")


class Period(models.TextChoices):
    """A counting period (calendar)."""

    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Half year")
    YEAR = "year", _("Year")


class Severity(models.TextChoices):
    """Severity of a vulnerability."""

    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Risk(models.TextChoices):
    """Risk of a change."""

    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class ChangeState(models.TextChoices):
    """Where a change stands."""

    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DONE = "done", _("Done")
    ROLLED_BACK = "rolled_back", _("Rolled back")
