"""Forms for calendars and SLA policies (contract terms)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yunwei.core.forms import IsoDatesMixin, ScopedModelForm
from yunwei.core.scoping import restrict

from ..models import PauseReason, SlaPolicy, SlaTarget, WorkingCalendar


class WorkingCalendarForm(ScopedModelForm):
    """Create or edit a working calendar."""

    class Meta:
        model = WorkingCalendar
        fields = ["contract", "name", "kind", "hours", "description"]


class SlaPolicyForm(ScopedModelForm):
    """Create or edit an SLA policy."""

    class Meta:
        model = SlaPolicy
        fields = ["contract", "name", "description", "is_active"]


class _PolicyChildForm(ScopedModelForm):
    """Forms of objects that hang from a policy: the policy must be one the user may edit."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = restrict(SlaPolicy.objects.all(), self.user, "change")


class SlaTargetForm(_PolicyChildForm):
    """Create or edit an SLA target."""

    class Meta:
        model = SlaTarget
        fields = ["policy", "level_code", "level_name", "metric", "minutes", "calendar",
                  "warn_percent", "clause"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["calendar"].queryset = restrict(WorkingCalendar.objects.all(), self.user,
                                                    "view")


class PauseReasonForm(_PolicyChildForm):
    """Create or edit a pause reason."""

    class Meta:
        model = PauseReason
        fields = ["policy", "code", "name", "needs_approval"]


class DeadlineCalculatorForm(IsoDatesMixin, forms.Form):
    """Try a target: when is it due if the clock starts at a given time?"""

    target = forms.ModelChoiceField(queryset=SlaTarget.objects.none(), label=_("SLA target"))
    start = forms.DateTimeField(label=_("start"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])

    def __init__(self, *args: Any, policy: SlaPolicy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = policy.targets.select_related("calendar")
