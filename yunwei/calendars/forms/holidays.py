"""Forms for holiday arrangements."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yunwei.core.forms import ScopedModelForm

from ..models import HolidayDay


class NoticeImportForm(forms.Form):
    """Paste the State Council notice; it is parsed for review before saving."""

    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2060, required=False,
                              help_text=_("Leave empty to read it from the notice's title."))
    text = forms.CharField(label=_("notice text"), widget=forms.Textarea(attrs={"rows": 14}),
                           max_length=20000)


class SubmissionRejectForm(forms.Form):
    """Why a submitted notice is rejected (told to the submitter)."""

    reason = forms.CharField(label=_("reason"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))


class HolidayDayForm(ScopedModelForm):
    """Enter or correct one day by hand."""

    class Meta:
        model = HolidayDay
        fields = ["year", "date", "kind", "name"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        year, date = data.get("year"), data.get("date")
        if year and date and date.year != year.year:
            raise forms.ValidationError(_("The date is not in the selected year."))
        return data
