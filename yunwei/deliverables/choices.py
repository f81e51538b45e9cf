"""Choices of the deliverables app (codes stored, labels translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from yunwei.core.roles import Role

from . import rules


class Frequency(models.TextChoices):
    """How often a document is owed."""

    MONTHLY = rules.MONTHLY, _("Monthly")
    QUARTERLY = rules.QUARTERLY, _("Quarterly")
    ANNUAL = rules.ANNUAL, _("Annual")
    ONCE = rules.ONCE, _("Once, on a fixed date")


class Status(models.TextChoices):
    """Where one owed document stands."""

    DUE = rules.DUE, _("Due")
    LATE = rules.LATE, _("Late")
    MISSING = rules.MISSING, _("Missing")
    SUBMITTED = rules.SUBMITTED, _("Submitted")
    RETURNED = rules.RETURNED, _("Returned")
    RESUBMITTED = rules.RESUBMITTED, _("Resubmitted")
    APPROVED = rules.APPROVED, _("Approved")
    DEEMED = rules.DEEMED, _("Deemed approved")


class ReviewerRole(models.TextChoices):
    """Who reviews a document type."""

    AGENCY_ADMIN = Role.AGENCY_ADMIN, _("Agency administrator")
    AGENCY_LIAISON = Role.AGENCY_LIAISON, _("Agency liaison")
    SUPERVISOR = Role.SUPERVISOR, _("Supervisor")


class Decision(models.TextChoices):
    """A reviewer's decision on a submission."""

    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    DEEMED = "deemed", _("Deemed approved (no answer in time)")


class AcceptanceKind(models.TextChoices):
    """Staged or final acceptance."""

    STAGED = "staged", _("Staged acceptance")
    FINAL = "final", _("Final acceptance")


class AcceptanceStatus(models.TextChoices):
    """Where an acceptance stands."""

    PLANNED = "planned", _("Planned")
    IN_REVIEW = "in_review", _("Under review")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")
    DEEMED = "deemed_passed", _("Deemed passed")
