"""The field table of detail pages shows what a reader understands: a person by name (not by
login), a file by its name (not its storage path), and no raw JSON (a page shows that its own
way)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.template import Context, Template
from django.test.utils import isolate_apps

from yunwei.core.models import Notice

pytestmark = pytest.mark.django_db


def _table(obj: models.Model) -> str:
    return Template("{% load yunwei %}{% field_table obj %}").render(Context({"obj": obj}))


def test_a_person_is_shown_by_full_name_and_json_is_left_out():
    user = get_user_model().objects.create(username="hc_pm", first_name="王海涛")
    html = _table(Notice(user=user, code="x", params={"older_than_hours": 4}, key="k"))
    assert "王海涛" in html and "hc_pm" not in html
    assert "older_than_hours" not in html and "{" not in html


def test_a_person_without_a_name_is_shown_by_login():
    user = get_user_model().objects.create(username="desk")
    assert "<dd>desk</dd>" in _table(Notice(user=user, code="x", key="k"))


@isolate_apps("yunwei.core")  # the model is this test's own: not left in the app registry
def test_a_file_is_shown_by_its_name_not_its_storage_path():
    class Doc(models.Model):
        report = models.FileField("report", upload_to="operations/%Y/%m/")

        class Meta:
            app_label = "core"
            managed = False

        def __str__(self) -> str:
            return self.report.name

    doc = Doc()
    doc.report.name = "operations/2026/12/report.txt"
    html = _table(doc)
    assert "<dd>report.txt</dd>" in html and "operations/2026" not in html
