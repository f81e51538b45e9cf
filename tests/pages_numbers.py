"""Numbers read alike on every page (issue #10, core/formatting.py): the pages the crawler
reaches for the agency, the supervisor, the vendor's PM and the system administrator, in
Chinese and in English, show no exponent ("5E+1%"), no raw Decimal or float artefacts, no
money without thousands separators and no UTC ISO timestamps."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest

pytestmark = pytest.mark.django_db

ROLES = ("agency_admin", "supervisor", "vendor_pm", "system_admin")
#: (what, pattern) — each is a fault wherever it appears in a page's visible text.
FAULTS = [
    ("exponent", re.compile(r"\d[Ee][+-]\d")),
    ("raw Decimal", re.compile(r"Decimal\(")),
    ("float artefact", re.compile(r"\d\.\d*(?:0{6,}|9{6,})\d")),
    ("money without separators", re.compile(r"[¥￥]\s?-?\d{4,}")),
    ("UTC ISO time", re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")),
    ("money with three decimals", re.compile(r"[¥￥][\d,]+\.\d{3}")),
]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style", "code", "pre", "textarea"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code", "pre", "textarea") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip and data.strip():
            self.parts.append(data.strip())


def visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def faults_of(text: str) -> list[str]:
    return [f"{what}: {m.group(0)!r}" for what, pattern in FAULTS
            for m in pattern.finditer(text)]


def test_the_scan_finds_each_fault():
    page = ("<p>各期付款比例合计 8E+1%</p><p>Decimal('1.5')</p><p>0.30000000000000004</p>"
            "<p>¥11800.00</p><p>2026-11-30T06:05:00+00:00</p><script>x=1E+5</script>")
    found = faults_of(visible(page))
    assert [f.split(":")[0] for f in found] == [
        "exponent", "raw Decimal", "float artefact", "money without separators",
        "UTC ISO time"]
    assert not faults_of(visible("<p>¥1,180,000.00 · 50% · 99.5% · 2026-11-30 14:05</p>"))


@pytest.fixture(scope="module")
def pages(both_languages) -> dict[tuple[str, str], dict[str, str]]:
    """{(role, language): {url: html}} of the roles checked, from the one crawl."""
    return {(key, language): found for language, by_role in both_languages.items()
            for key, found in by_role.items() if key in ROLES}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_pages_show_numbers_by_the_one_rule(pages, language):
    problems = []
    checked = 0
    for (role, lang), found in pages.items():
        if lang != language:
            continue
        for url, html in found.items():
            checked += 1
            problems += [f"{role} {url}: {fault}" for fault in faults_of(visible(html))]
    print(f"{language}: {checked} pages scanned")
    assert checked > 20
    assert not problems, "\n".join(sorted(set(problems)))
