"""The `worktime_flags` filter gives a stored flag in the page's language."""

import pytest
from django.template import Context, Template
from django.utils import translation

ZH = "2027 年节假日安排尚未录入，按周一至周五计算"


@pytest.mark.parametrize(("language", "text"), [
    ("zh-hans", ZH),
    ("en", "The 2027 holiday arrangement is not entered yet: counted Monday to Friday"),
])
def test_flag_in_the_page_language(language, text):
    with translation.override(language):
        html = Template("{% load yunwei %}{{ f|worktime_flags }}").render(Context({"f": ZH}))
    assert html == text
