"""Every edit form gives back what was saved (issue #10): open each model's edit page, submit it
untouched as a browser would, and nothing may change. A browser drops a value that its
<input type=date> / datetime-local cannot read (e.g. 2026/11/09), so this test does too."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db.models import DateField, DateTimeField
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db
BROWSER_FORMATS = {"date": r"\d{4}-\d{2}-\d{2}",
                   "datetime-local": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?"}


class FormParser(HTMLParser):
    """The fields of the page's main form, as the browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.date_inputs: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value", "on"))
                return
            value = a.get("value", "")
            if kind in BROWSER_FORMATS:
                self.date_inputs[name] = value
                if value and not re.fullmatch(BROWSER_FORMATS[kind], value):
                    value = ""  # the browser cannot read it: the picker opens empty
            self.data.setdefault(name, []).append(value)
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def _edit_routes():
    def walk(resolver, prefix=""):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                yield from walk(p, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and (p.name or "").endswith("_edit") \
                    and "<int:pk>" in str(p.pattern):
                yield prefix + str(p.pattern), p
    return list(walk(get_resolver()))


def _values(obj):
    out = {}
    for field in obj._meta.concrete_fields:
        if field.name in ("updated", "created", "terms_stamp", "version", "search_text"):
            continue
        out[field.attname] = getattr(obj, field.attname)
    return out


def test_every_edit_form_keeps_what_was_saved(world):
    from yunwei.assessment.models import PaymentMilestone

    # Give the dates worth losing a value: optional dates are what silently vanished.
    contract = world.a.contract
    contract.signed_on = dt.date(2025, 12, 20)
    contract.description = "原说明"
    contract.save()
    milestone = world.a.records["paymentmilestone"]
    milestone.condition_date = dt.date(2026, 9, 1)
    milestone.save()
    client = Client()
    client.force_login(world.root)
    checked, dated = [], []
    for pattern, route in _edit_routes():
        view = route.callback.view_class
        model = getattr(view, "scope_model", None)
        if model is None:
            continue
        obj = model.objects.order_by("pk").first()
        if obj is None:
            continue
        url = "/" + pattern.replace("<int:pk>", str(obj.pk))
        page = client.get(url)
        assert page.status_code == 200, url
        parser = FormParser()
        parser.feed(page.content.decode())
        before = _values(model.objects.get(pk=obj.pk))
        response = client.post(url, parser.data)
        assert response.status_code == 302, (url, response.content.decode()[:2000])
        after = _values(model.objects.get(pk=obj.pk))
        assert after == before, url
        checked.append(url)
        if any(isinstance(f, DateField | DateTimeField) and f.editable
               for f in model._meta.concrete_fields):
            dated.append(url)
        for name, value in parser.date_inputs.items():
            assert value == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?",
                                               value), (url, name, value)
    assert len(checked) >= 10, checked
    assert any("contracts" in u for u in dated) and PaymentMilestone.objects.get(
        pk=milestone.pk).condition_date == dt.date(2026, 9, 1)
    assert contract.amount == Decimal("1118000.00")
