"""Form base classes: contract choices limited to what the user may act on."""

from __future__ import annotations

from typing import Any

from django import forms

from .scoping import contracts_for

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def iso_dates(form: forms.BaseForm) -> None:
    """Render every date and date-time field as the browser's own picker expects (ISO: a
    value like 2026/11/09 is rejected by <input type=date>, which then opens empty and saving
    clears the date). Accept ISO back, besides the locale's formats."""
    for field in form.fields.values():
        if isinstance(field, forms.DateTimeField) and isinstance(field.widget,
                                                                 forms.DateTimeInput):
            field.widget.input_type = "datetime-local"
            field.widget.format = DATETIME_FORMAT
            field.input_formats = [DATETIME_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
                                   *field.input_formats]
        elif isinstance(field, forms.DateField) and isinstance(field.widget, forms.DateInput):
            field.widget.input_type = "date"
            field.widget.format = DATE_FORMAT
            field.input_formats = [DATE_FORMAT, *field.input_formats]


def offer_contracts(form: forms.BaseForm, queryset: Any, name: str = "contract") -> None:
    """Offer these contracts in the form's contract field, the one chosen already when the
    user has only one (a new record's form, not yet filled in): every form that asks for a
    contract builds its choices here."""
    field = form.fields[name]
    field.queryset = queryset
    instance = getattr(form, "instance", None)
    if form.is_bound or form.initial.get(name) or (instance is not None and instance.pk):
        return
    only = list(queryset[:2])
    if len(only) == 1:
        form.initial[name] = only[0].pk


def name_users(field: forms.ModelChoiceField) -> None:
    """Offer user accounts by their person's name; the login is added only where two accounts
    in the choices share a name (or an account has no name). One query, when the form is
    built."""
    from collections import Counter

    rows = list(field.queryset.values_list("first_name", "last_name"))
    taken = Counter(f"{first} {last}".strip() for first, last in rows)

    def label(account: Any) -> str:
        name = account.get_full_name()
        if not name:
            return account.get_username()
        return f"{name} ({account.get_username()})" if taken[name] > 1 else name

    field.queryset = field.queryset.order_by("first_name", "last_name", "username")
    field.label_from_instance = label


class IsoDatesMixin:
    """Forms whose dates render as ISO for the browser's pickers (see iso_dates)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        iso_dates(self)  # type: ignore[arg-type]


class ScopedModelForm(IsoDatesMixin, forms.ModelForm):
    """A model form whose `contract` field offers only contracts the user may act on."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if "contract" in self.fields:
            action = "add" if self.instance.pk is None else "change"
            offer_contracts(self, contracts_for(user, self._meta.model, action))


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that takes several files at once; on a phone, `capture` offers the
    camera (accept="image/*" capture)."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; cleans to a list (empty when none)."""

    def __init__(self, *args: Any, capture: bool = False, **kwargs: Any) -> None:
        attrs = {"multiple": True}
        if capture:
            attrs.update({"accept": "image/*", "capture": "environment"})
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]
