"""Choices of the calendars app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarKind(models.TextChoices):
    """How a calendar counts time."""

    ALWAYS = "24x7", _("7x24 (every hour counts)")
    OFFICE = "office", _("Working hours on working days")


class DayKind(models.TextChoices):
    """A day of a holiday arrangement."""

    HOLIDAY = "holiday", _("Holiday (off)")
    WORKDAY = "workday", _("Make-up workday (worked)")


class YearSource(models.TextChoices):
    """Where a year's arrangement came from."""

    NOTICE = "notice", _("State Council notice")
    MANUAL = "manual", _("Entered by hand")


class Metric(models.TextChoices):
    """What an SLA target measures."""

    RESPONSE = "response", _("Response")
    ON_SITE = "on_site", _("On-site arrival")
    RESOLUTION = "resolution", _("Resolution")


class ClockState(models.TextChoices):
    """The state of an SLA clock."""

    IDLE = "idle", _("Not started")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    STOPPED = "stopped", _("Stopped")


class ClockEventKind(models.TextChoices):
    """An event of an SLA clock."""

    START = "start", _("Started")
    PAUSE = "pause", _("Paused")
    RESUME = "resume", _("Resumed")
    EXTEND = "extend", _("Extended")
    STOP = "stop", _("Stopped")
    WARNING = "warning", _("Warning threshold reached")
    BREACH = "breach", _("Breached")


class SubmissionStatus(models.TextChoices):
    """Where a holiday notice submitted by an agency administrator stands."""

    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
