"""The form renderer writes inputs and selects exactly as Django's own widget templates do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from yunwei.core.formrenderer import FormRenderer

DJANGO = DjangoTemplates()
OURS = FormRenderer()


class Tricky(forms.Form):
    """Widgets and values that exercise escaping, booleans, groups, numbers and dates."""

    text = forms.CharField(label="<b>", widget=forms.TextInput(attrs={
        "placeholder": 'a "quoted" <tag> & more', "autofocus": True, "disabled": False,
        "data-n": 1234567, "data-tuple": (1, 2)}))
    safe = forms.CharField(widget=forms.TextInput(attrs={"title": mark_safe("<i>safe</i>")}))
    number = forms.DecimalField()
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    when = forms.DateTimeField()
    hidden = forms.CharField(widget=forms.HiddenInput)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    mail = forms.EmailField(required=False)
    flag = forms.BooleanField(required=False)
    one = forms.ChoiceField(choices=[("", "---------"), ("a", "A & B"), (1, gettext_lazy("Yes")),
                                     ("<x>", mark_safe("<em>safe</em>"))])
    grouped = forms.ChoiceField(choices=[("Fruit", [("ap", "Apple"), ("pe", "Pear")]),
                                         ("ve", "Veg"), ("<g>", [("x", "X")])])
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B"), ("c", "C")],
                                     required=False)
    maybe = forms.NullBooleanField()
    note = forms.CharField(widget=forms.Textarea)  # not written out: Django's template
    pick = forms.ChoiceField(choices=[("r", "R"), ("s", "S")], widget=forms.RadioSelect)


DATA = [
    {},
    {"text": "x\" onmouseover='y' <script>", "number": "1234.5", "day": "2026-01-02",
     "when": "2026-03-04 05:06", "hidden": "h&h", "secret": "p<w>", "mail": "a@b.c",
     "flag": "on", "one": "<x>", "grouped": "pe", "many": ["a", "c"], "maybe": "true",
     "note": "<n>", "pick": "s"},
    {"one": "1", "grouped": "x", "many": ["zzz"], "number": "abc", "maybe": "false"},
]


def _render(form: forms.Form, renderer: object) -> list[str]:
    form.renderer = renderer
    return [str(field) for field in form]


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_same_html_as_djangos_templates(data, language):
    with translation.override(language):
        initial = {"number": Decimal("1234567.891"), "when": dt.datetime(2026, 5, 6, 7, 8),
                   "day": dt.date(2026, 5, 6)}
        expected = _render(Tricky(data or None, initial=initial), DJANGO)
        got = _render(Tricky(data or None, initial=initial), OURS)
    assert got == expected
    assert any("<select" in html for html in got)


def test_every_filter_form_of_the_apps_is_unchanged(world):
    """Each app's filter forms (the list pages), as a contract's agency admin sees them."""
    import contextlib
    import importlib

    import django_filters
    from django.apps import apps
    from django.test import RequestFactory

    from yunwei.core.filtersets import AuditFilterSet
    from yunwei.core.models import AuditEvent

    def subclasses(cls: type) -> list[type]:
        found = []
        for sub in cls.__subclasses__():
            found += [sub, *subclasses(sub)]
        return found

    for app in apps.get_app_configs():
        if app.name.startswith("yunwei."):
            with contextlib.suppress(ModuleNotFoundError):
                importlib.import_module(f"{app.name}.filtersets")
    filtersets = [c for c in subclasses(django_filters.FilterSet)
                  if c.__module__.startswith("yunwei.") and getattr(c._meta, "model", None)]
    filtersets.append(AuditFilterSet)
    assert len(filtersets) > 10
    for user in (world.a.users["agency_admin"], world.root):
        request = RequestFactory().get("/")
        request.user = user
        for filterset in filtersets:
            for data in ({}, {"contract": str(world.a.contract.pk), "state": ["new"]}):
                rows = (filterset._meta.model or AuditEvent)._default_manager.none()
                expected = _render(filterset(data, rows, request=request).form, DJANGO)
                got = _render(filterset(data, rows, request=request).form, OURS)
                assert got == expected, filterset


def test_an_app_that_overrides_a_widget_template_gets_its_template(tmp_path, settings):
    """Only Django's own templates are written out: an override is rendered as written."""
    (tmp_path / "django" / "forms" / "widgets").mkdir(parents=True)
    (tmp_path / "django" / "forms" / "widgets" / "text.html").write_text("<b>mine</b>")

    class Renderer(FormRenderer):
        @property
        def engine(self):  # Django's engine, with one more directory first
            from django.template.backends.django import DjangoTemplates as Backend

            return Backend({"APP_DIRS": True, "DIRS": [tmp_path, *DJANGO.engine.dirs],
                            "NAME": "djangoforms-test", "OPTIONS": {}})

    form = Tricky()
    form.renderer = Renderer()
    assert str(form["text"]) == "<b>mine</b>"
    assert str(form["one"]).startswith("<select")
