"""Imported clock-in punches and the attendance records derived from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel
from yunwei.core.roles import AGENCY_SIDE, Role
from yunwei.core.scoping import Scope

from ..choices import AttendanceKind, ImportFormat

_READERS = AGENCY_SIDE | {Role.VENDOR_PM, Role.SUPERVISOR, Role.EXPERT}
_IMPORTERS = frozenset({Role.AGENCY_ADMIN, Role.VENDOR_PM})


class ImportBatch(AuditedModel):
    """One imported attendance file: its name, checksum and what it added (audited once)."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="attendance_imports", verbose_name=_("contract"))
    file_name = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(_("checksum"), max_length=64)
    format = models.CharField(_("format"), max_length=16, choices=ImportFormat.choices)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    added = models.PositiveIntegerField(_("punches added"), default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("imported by"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    scope = Scope(contract_field="contract",
                  roles={"view": frozenset(_READERS), "add": _IMPORTERS})

    class Meta:
        verbose_name = _("attendance import")
        verbose_name_plural = _("attendance imports")
        ordering = ("-created",)

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("staffing:importbatch_detail", args=[self.pk])


class Punch(models.Model):
    """One clock-in punch of a person (unique per person and time), from an imported file.

    Punches are evidence rows written in bulk: the import batch that brought them is audited
    (file, checksum, count), and punches are never changed or deleted by the application."""

    # indexes: (person, time) unique and (contract, time); each index costs every insert
    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="+",
                                 db_index=False)
    person = models.ForeignKey("staffing.Person", models.CASCADE, related_name="punches",
                               db_index=False)
    time = models.DateTimeField(_("time"))
    batch = models.ForeignKey(ImportBatch, models.CASCADE, related_name="punches",
                              db_index=False)
    row = models.PositiveIntegerField(_("row"))

    scope = Scope(contract_field="contract", roles={"view": frozenset(_READERS)})

    class Meta:
        verbose_name = _("punch")
        verbose_name_plural = _("punches")
        ordering = ("time",)
        constraints = [models.UniqueConstraint(fields=["person", "time"],
                                               name="staffing_punch_unique")]
        indexes = [models.Index(fields=["contract", "time"], name="staffing_punch_time")]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.time):%Y-%m-%d %H:%M}"


class AttendanceRecord(AuditedModel):
    """One attendance record of a person: derived from punches, roster and leave, or entered
    by hand as an audited correction. The assessment's `attendance` measure reads these."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, db_index=False,
                                 related_name="attendance", verbose_name=_("contract"))
    person = models.ForeignKey("staffing.Person", models.CASCADE, related_name="attendance",
                               verbose_name=_("staff member"))
    day = models.DateField(_("day"))
    shift = models.ForeignKey("staffing.RosterShift", models.SET_NULL, null=True, blank=True,
                              related_name="attendance", verbose_name=_("rostered shift"))
    kind = models.CharField(_("kind"), max_length=32, choices=AttendanceKind.choices)
    minutes = models.PositiveIntegerField(_("minutes late or early"), default=0)
    evidence = models.CharField(_("punches"), max_length=500, blank=True)
    derived = models.BooleanField(_("derived"), default=True, editable=False)
    note = models.TextField(_("note"), blank=True)
    # a hand correction (do_correct_attendance) keeps what the derivation said as evidence
    # (db_default: the derivation inserts its rows with raw SQL that names none of these)
    derived_kind = models.CharField(_("derived kind"), max_length=32, blank=True,
                                    choices=AttendanceKind.choices, editable=False,
                                    default="", db_default="")
    derived_minutes = models.PositiveIntegerField(_("derived minutes"), null=True, blank=True,
                                                  editable=False)
    corrections = models.PositiveSmallIntegerField(_("hand corrections"), default=0,
                                                   db_default=0, editable=False)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                     blank=True, related_name="+", editable=False,
                                     verbose_name=_("corrected by"))
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True,
                                        editable=False)
    correction_reason = models.TextField(_("reason for the correction"), blank=True,
                                         default="", db_default="", editable=False)

    scope = Scope(
        contract_field="contract",
        roles={"view": frozenset(_READERS), "add": frozenset({Role.AGENCY_ADMIN}),
               "change": frozenset({Role.AGENCY_ADMIN}),
               "delete": frozenset({Role.AGENCY_ADMIN})},
    )

    class Meta:
        verbose_name = _("attendance record")
        verbose_name_plural = _("attendance records")
        ordering = ("-day", "person")
        indexes = [models.Index(fields=["contract", "day"], name="staffing_att_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.person.name} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("staffing:attendancerecord_detail", args=[self.pk])
