"""Form labels start with a capital in English ("Reason", not "reason"), on every form drawn
by the project's renderer; Chinese labels are unchanged."""

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class _Form(forms.Form):
    reason = forms.CharField(label=_("reason"))
    kind_of_leave = forms.CharField(label=_("kind of leave"))
    unnamed = forms.CharField()


@pytest.mark.parametrize(("language", "labels"), [
    ("en", ["Reason", "Kind of leave", "Unnamed"]),
    ("zh-hans", ["原因", "请假类型", "Unnamed"]),
])
def test_labels_start_with_a_capital(language, labels):
    with translation.override(language):
        form = _Form()
        assert [str(form[name].label) for name in form.fields] == labels
        html = form.as_div()
    assert f'<label for="id_reason">{labels[0]}:</label>' in html
