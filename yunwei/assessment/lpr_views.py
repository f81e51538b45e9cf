"""The one-year LPR table page: the published rates late-payment clauses follow, entered and
corrected by the system administrator."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from . import actions
from .models import LoanPrimeRate, lpr_table


class LprForm(forms.Form):
    """One published rate: the day it takes effect and the percent a year."""

    effective = forms.DateField(label=gettext_lazy("in force from"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    percent = forms.DecimalField(label=gettext_lazy("one-year LPR (percent a year)"),
                                 max_digits=6, decimal_places=2, min_value=0, max_value=100)
    note = forms.CharField(label=gettext_lazy("note"), required=False, max_length=200)


def _row(value: str) -> LoanPrimeRate | None:
    """The rate of an id from the request (None for anything else)."""
    if not (value.isascii() and value.isdigit() and len(value) < 10):
        return None
    return LoanPrimeRate.objects.filter(pk=int(value)).first()


class LprView(View):
    """The rates entered, newest first, how far they are known, and the form to enter one."""

    access = "superuser"

    def _page(self, request: HttpRequest, form: LprForm, status: int = 200) -> HttpResponse:
        return render(request, "assessment/lpr.html", {
            "rows": LoanPrimeRate.objects.all(), "form": form,
            "known_until": lpr_table().known_until}, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_superuser:
            raise PermissionDenied
        row = _row(request.GET.get("delete", ""))
        if row is not None:  # asked first; the confirmation posts the deletion
            return render(request, "assessment/lpr_delete.html", {"row": row})
        return self._page(request, LprForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_superuser:
            raise PermissionDenied
        if request.POST.get("delete"):
            row = _row(request.POST["delete"])
            if row is not None:
                actions.do_delete_lpr(row)
                messages.success(request, _("The rate was removed."))
            return HttpResponseRedirect(reverse("assessment:lpr"))
        form = LprForm(request.POST)
        if not form.is_valid():
            return self._page(request, form, status=400)
        try:
            actions.do_set_lpr(form.cleaned_data["effective"], form.cleaned_data["percent"],
                               form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_error("percent", exc)
            return self._page(request, form, status=400)
        messages.success(request, _("The rate was saved."))
        return HttpResponseRedirect(reverse("assessment:lpr"))
