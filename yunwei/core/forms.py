"""Form base classes: contract choices limited to what the user may act on."""

from __future__ import annotations

from typing import Any

from django import forms

from .scoping import contracts_for


class ScopedModelForm(forms.ModelForm):
    """A model form whose `contract` field offers only contracts the user may act on."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if "contract" in self.fields:
            action = "add" if self.instance.pk is None else "change"
            self.fields["contract"].queryset = contracts_for(user, self._meta.model, action)
