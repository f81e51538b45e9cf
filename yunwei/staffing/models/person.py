"""The vendor's staff on a contract, their qualifications, leave and replacement requests."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel
from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import Scope

from ..choices import EntryStatus, LeaveKind, RequestStatus

#: Roles who see the ID number and phone of a contract's staff unmasked.
PERSONAL_DATA_ROLES = frozenset({Role.AGENCY_ADMIN, Role.VENDOR_PM})
#: Roles who see (and tap to call) the phone of a person while that person is on duty: the
#: desk must reach the engineer on shift (contract 003: phones on 24 h for support), so the
#: service desk gets the number of the people on a running shift only, never the register.
DUTY_CALL_ROLES = PERSONAL_DATA_ROLES | {Role.SERVICE_DESK}

STAFF_SCOPE = Scope(
    contract_field="contract",
    roles={
        "view": ALL_ROLES - {Role.REQUESTER},
        "add": frozenset({Role.VENDOR_PM}),
        # the agency changes a person only through the entry check (do_check_entry)
        "change": frozenset({Role.VENDOR_PM, Role.AGENCY_ADMIN}),
        "delete": frozenset({Role.VENDOR_PM}),
    },
)


def mask(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    """An ID number or phone with its middle hidden (138****5678)."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


class Person(AuditedModel):
    """One member of the vendor's team on the contract, with the agency's entry check."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="staff", verbose_name=_("contract"))
    name = models.CharField(_("name"), max_length=50)
    posts = models.ManyToManyField("staffing.Post", related_name="people", blank=True,
                                   verbose_name=_("posts"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                             related_name="staff_records", verbose_name=_("user account"))
    id_number = models.CharField(_("ID number"), max_length=32, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    employee_no = models.CharField(_("clock-in ID"), max_length=64, blank=True,
                                   help_text=_("The person's ID in DingTalk or WeCom exports."))
    entry_status = models.CharField(_("entry check"), max_length=16,
                                    choices=EntryStatus.choices, default=EntryStatus.PENDING,
                                    editable=False)
    entry_decided_at = models.DateTimeField(_("entry decided at"), null=True, blank=True,
                                            editable=False)
    entry_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                         blank=True, related_name="+", editable=False,
                                         verbose_name=_("entry decided by"))
    entry_note = models.TextField(_("entry check documents"), blank=True)
    active = models.BooleanField(_("on the contract"), default=True)
    # the SHA-256 of the person's calendar feed token (the token itself is shown once)
    feed_token_hash = models.CharField(_("calendar feed"), max_length=64, blank=True,
                                       editable=False, db_index=True)
    feed_issued_at = models.DateTimeField(_("calendar feed issued at"), null=True, blank=True,
                                          editable=False)

    scope = STAFF_SCOPE

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ("contract", "name")
        constraints = [models.UniqueConstraint(fields=["contract", "name"],
                                               name="staffing_person_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("staffing:person_detail", args=[self.pk])

    def personal(self, roles: frozenset[str]) -> dict[str, str]:
        """ID number and phone as this viewer (holding `roles` on the contract) may see them."""
        if roles & PERSONAL_DATA_ROLES:
            return {"id_number": self.id_number, "phone": self.phone}
        return {"id_number": mask(self.id_number, 6, 4), "phone": mask(self.phone)}

    def duty_phone(self, roles: frozenset[str], superuser: bool = False) -> tuple[str, bool]:
        """The phone of a person on a running shift as this viewer sees it, and whether it
        may be called (tap-to-call): unmasked for DUTY_CALL_ROLES, masked otherwise."""
        if superuser or roles & DUTY_CALL_ROLES:
            return self.phone, bool(self.phone)
        return mask(self.phone), False


class Qualification(AuditedModel):
    """A degree, certificate or experience of a person, with its evidence file."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="+", verbose_name=_("contract"))
    person = models.ForeignKey(Person, models.CASCADE, related_name="qualifications",
                               verbose_name=_("staff member"))
    name = models.CharField(_("qualification"), max_length=100)
    evidence = models.FileField(_("evidence"), upload_to="staffing/qualifications/%Y/%m/",
                                blank=True)
    years = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True,
        help_text=_("For experience asked by the contract (e.g. 5 years of system integration)."))
    valid_until = models.DateField(_("valid until"), null=True, blank=True,
                                   help_text=_("A certificate's expiry date; empty if it does "
                                               "not expire."))

    scope = STAFF_SCOPE

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ("person", "name")

    def __str__(self) -> str:
        return f"{self.person.name} {self.name}"

    def get_absolute_url(self) -> str:
        return self.person.get_absolute_url()


class LeaveRequest(AuditedModel):
    """A person's leave, asked ahead (or afterwards in an emergency), approved by the agency."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="leave_requests", verbose_name=_("contract"))
    person = models.ForeignKey(Person, models.CASCADE, related_name="leaves",
                               verbose_name=_("staff member"))
    kind = models.CharField(_("kind of leave"), max_length=16, choices=LeaveKind.choices,
                            default=LeaveKind.PERSONAL)
    starts = models.DateTimeField(_("from"))
    ends = models.DateTimeField(_("until"))
    reason = models.TextField(_("reason"))
    emergency = models.BooleanField(_("emergency"), default=False)
    asked_at = models.DateTimeField(_("asked at"), editable=False)
    in_time = models.BooleanField(_("asked in time"), default=True, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=RequestStatus.choices,
                              default=RequestStatus.PENDING, editable=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", editable=False,
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    # evidence (a medical certificate): shown to the person, the vendor PM and the agency
    # administrator only (personal data), through a scoped download
    evidence_required = models.BooleanField(_("evidence required"), default=False,
                                            editable=False)
    evidence = models.FileField(_("evidence"), upload_to="staffing/leave/%Y/%m/", blank=True,
                                editable=False)
    evidence_added_at = models.DateTimeField(_("evidence added at"), null=True, blank=True,
                                             editable=False)
    # the file's name may tell a diagnosis: the audit keeps when it was added, not the name
    audit_exclude = ("evidence",)

    scope = Scope(
        contract_field="contract",
        roles={
            "view": ALL_ROLES - {Role.REQUESTER},
            "add": frozenset({Role.VENDOR_PM, Role.VENDOR_ENGINEER}),
            "change": frozenset({Role.AGENCY_ADMIN}),  # the decision (do_decide_leave)
            "delete": frozenset(),
        },
    )

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ("-starts",)
        constraints = [models.CheckConstraint(condition=models.Q(ends__gt=models.F("starts")),
                                              name="staffing_leave_order")]

    def __str__(self) -> str:
        return f"{self.person.name} {timezone.localtime(self.starts):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("staffing:leaverequest_detail", args=[self.pk])

    def evidence_visible_to(self, user: Any) -> bool:
        """Whether `user` may open the evidence file: the person, the contract's vendor PM and
        agency administrator (a medical certificate is personal data), system administrators."""
        from yunwei.core.scoping import roles_on

        if user.is_superuser or (self.person.user_id is not None
                                 and self.person.user_id == user.pk):
            return True
        return bool(roles_on(user, self.contract_id) & PERSONAL_DATA_ROLES)


class ReplacementRequest(AuditedModel):
    """The vendor replaces a person on a post: notice checked against the terms."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="replacements", verbose_name=_("contract"))
    leaving = models.ForeignKey(Person, models.CASCADE, related_name="replaced_by",
                                verbose_name=_("leaving"))
    joining = models.ForeignKey(Person, models.CASCADE, related_name="replacing",
                                verbose_name=_("joining"))
    notified_at = models.DateTimeField(_("notified at"), editable=False)
    effective_on = models.DateField(_("effective on"))
    emergency = models.BooleanField(_("emergency"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    with_notice = models.BooleanField(_("with due notice"), default=True, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=RequestStatus.choices,
                              default=RequestStatus.PENDING, editable=False)

    scope = Scope(
        contract_field="contract",
        roles={
            "view": ALL_ROLES - {Role.REQUESTER},
            "add": frozenset({Role.VENDOR_PM}),
            "change": frozenset({Role.AGENCY_ADMIN}),
            "delete": frozenset(),
        },
    )

    class Meta:
        verbose_name = _("replacement request")
        verbose_name_plural = _("replacement requests")
        ordering = ("-effective_on",)

    def __str__(self) -> str:
        return f"{self.leaving.name} → {self.joining.name} {self.effective_on}"

    def get_absolute_url(self) -> str:
        return reverse("staffing:replacementrequest_detail", args=[self.pk])
