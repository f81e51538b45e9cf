"""Choices of the work orders app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import lifecycle as lc


class State(models.TextChoices):
    """Where a work order is in its lifecycle (see lifecycle.py for the transitions)."""

    NEW = lc.NEW, _("New")
    ACCEPTED = lc.ACCEPTED, _("Accepted")
    DISPATCHED = lc.DISPATCHED, _("Dispatched")
    IN_PROGRESS = lc.IN_PROGRESS, _("In progress")
    SUSPENDED = lc.SUSPENDED, _("Suspended")
    PENDING = lc.PENDING, _("Waiting for confirmation")
    CLOSED = lc.CLOSED, _("Closed")


class Channel(models.TextChoices):
    """How the request came in."""

    PHONE = "phone", _("Phone call")
    QQ = "qq", _("QQ / instant message")
    WALK_IN = "walk_in", _("Walk-in")
    SELF_SERVICE = "self_service", _("Self-service")
    EMAIL = "email", _("E-mail")
    API = "api", _("API")
    PHONE_FIRST = "phone_first", _("Phone first (issued when not solved in time)")


class Escalation(models.TextChoices):
    """Who is working on it beyond first line."""

    NONE = "", _("First line")
    SECOND_LINE = "second_line", _("Second line")
    MANUFACTURER = "manufacturer", _("Manufacturer (原厂)")


class Rating(models.TextChoices):
    """The requester's evaluation."""

    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class ConfirmMethod(models.TextChoices):
    """How the requester confirmed."""

    APP = "app", _("Signed in the app")
    PHONE = "phone", _("Confirmed by phone")


class MailStatus(models.TextChoices):
    """What became of an incoming message."""

    IMPORTED = "imported", _("New work order")
    FOLLOWUP = "followup", _("Follow-up")
    QUARANTINED = "quarantined", _("Quarantined")


class AttachmentSource(models.TextChoices):
    """Where an attachment came from."""

    UPLOAD = "upload", _("Uploaded")
    EMAIL = "email", _("E-mail")
