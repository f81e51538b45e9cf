"""One small form per transition: only what that step asks for."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yunwei.calendars.models import PauseReason
from yunwei.contracts.models import Membership
from yunwei.core.forms import IsoDatesMixin, MultipleFileField
from yunwei.core.roles import Role

from ..choices import Escalation, Rating
from ..models import WorkOrder


class _Base(IsoDatesMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, work_order: WorkOrder, actor: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.work_order = work_order
        self.actor = actor
        self.fields["version"].initial = work_order.version


class PlainForm(_Base):
    """A transition that asks nothing but an optional note."""

    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 3}),
                           required=False)


class DispatchForm(_Base):
    """Choose the engineer."""

    assignee = forms.ChoiceField(label=_("assignee"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = Membership.objects.filter(
            contract_id=self.work_order.contract_id,
            role__in=[Role.VENDOR_ENGINEER, Role.VENDOR_PM]).select_related("user")
        choices = {m.user_id: _("%(name)s (%(role)s)") % {
            "name": m.user.get_full_name() or m.user.username, "role": m.get_role_display()}
            for m in rows}
        self.fields["assignee"].choices = list(choices.items())


class SuspendForm(_Base):
    """Choose the pause reason from the contract's policy."""

    pause_reason = forms.ChoiceField(label=_("reason"))
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 3}),
                           required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reasons = PauseReason.objects.filter(policy__contract_id=self.work_order.contract_id)
        self.fields["pause_reason"].choices = [(r.code, r.name) for r in reasons]


class ExtendForm(_Base):
    """An extension agreed in writing by the requester."""

    reason = forms.CharField(label=_("reason"), max_length=200)
    approver = forms.CharField(label=_("agreed by (requester)"), max_length=100)
    new_deadline = forms.DateTimeField(
        label=_("new deadline"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    consent = forms.FileField(label=_("written consent (scan or photo)"), required=False)


class EscalateForm(_Base):
    """Escalate to the second line or the manufacturer."""

    escalation = forms.ChoiceField(label=_("escalate to"), choices=[
        c for c in Escalation.choices if c[0]])
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 3}),
                           required=False)


class ConfirmForm(_Base):
    """The requester signs off and rates the work."""

    rating = forms.ChoiceField(label=_("rating"), choices=Rating.choices,
                               widget=forms.RadioSelect)
    comment = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)


class PhoneConfirmForm(ConfirmForm):
    """The desk records a confirmation given by phone."""

    confirmed_by = forms.CharField(label=_("confirmed by"), max_length=100)
    confirmed_at = forms.DateTimeField(
        label=_("confirmed at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


class ConsentForm(_Base):
    """The requester agrees to (or refuses) a pause; the desk records an answer by phone."""

    confirmed_by = forms.CharField(label=_("answered on the phone by"), max_length=100,
                                   required=False)
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 3}),
                           required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wo = self.work_order
        if self.actor is not None and wo.requester_id and wo.requester_id == self.actor.pk:
            del self.fields["confirmed_by"]  # their own answer, signed by their login
        else:
            self.fields["confirmed_by"].required = True


class WithdrawForm(_Base):
    """The engineer takes a submitted fix back, saying why."""

    note = forms.CharField(label=_("why"), widget=forms.Textarea(attrs={"rows": 3}))


class ResolutionForm(_Base):
    """The engineer's record: problem analysis, steps taken, how the fix was verified."""

    problem_analysis = forms.CharField(label=_("problem analysis"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 4}))
    resolution_steps = forms.CharField(label=_("resolution steps"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 5}))
    verification = forms.CharField(label=_("verification"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    attachment = MultipleFileField(label=_("attachments (several at once)"), required=False)
    photos = MultipleFileField(label=_("photos (camera)"), required=False, capture=True)


class ResolveForm(ResolutionForm):
    """Submit for confirmation with the record in the same form (prefilled, all required)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("problem_analysis", "resolution_steps", "verification"):
            self.fields[name].required = True
            self.fields[name].initial = getattr(self.work_order, name)


TRANSITION_FORMS: dict[str, type[_Base]] = {
    "resolve": ResolveForm,
    "dispatch": DispatchForm,
    "suspend": SuspendForm,
    "extend": ExtendForm,
    "escalate": EscalateForm,
    "confirm": ConfirmForm,
    "phone_confirm": PhoneConfirmForm,
    "approve_pause": ConsentForm,
    "refuse_pause": ConsentForm,
    "withdraw": WithdrawForm,
}


def transition_form(code: str) -> type[_Base]:
    """The form class for a transition."""
    return TRANSITION_FORMS.get(code, PlainForm)
