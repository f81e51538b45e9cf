"""Each page in one language (issue #10): every page the crawler reaches, for every role, is
rendered in Chinese and in English, and fails on text of the other language outside user data.

User data (names, titles, descriptions, codes typed by people) is whatever the test world
stored in a free-text field: those values are removed from the page before the check, so what
remains is the application's own text. A Chinese page may not show English words (e.g.
"- Select an option -", "Terms stamp", "Kind"); an English page may not show Chinese
characters."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

pytestmark = pytest.mark.django_db

#: Words that are the same in both languages: names of things, abbreviations.
SAME_IN_BOTH = {"Yunwei", "API", "SLA", "PDF", "Excel", "IMAP", "QQ", "OpenAPI", "Swagger",
                "English", "HTTP", "JSON", "ID", "WAL", "UTC", "SSL", "TLS", "IP", "URL", "CSV",
                "ISO", "UID", "LPR",
                # names of file formats and encodings (.xlsx, DOCX, ZIP, UTF-8, GBK)
                "DOCX", "ZIP", "xlsx", "UTF", "GBK"}
#: Names of programs and code examples quoted in help texts (a command, a package, a code).
TECHNICAL = ("chinese-calendar", "yunwei worker", "normal", "L1", "L4", "JTW")
#: Chinese text that belongs on English pages: the brand and the switch back to Chinese (a
#: language is named in itself, as in the e-mail language choice).
CHINESE_ON_ENGLISH = ("运维", "简体中文", "中文", "国务院办公厅关于部分节假日安排的通知")
#: Texts of the assessment app shown on other pages (its untranslated accident levels).
ELSEWHERE_TEXTS = ("一级", "二级", "三级", "四级")
#: Pages drawn by a third party in its own language: Swagger UI (the API docs).
NOT_OURS = ("/api/docs/",)
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]")
TOKEN = re.compile(r"[A-Za-z0-9_']+")
#: A literal the user types, quoted in a help text: "code", "kind" (JSON keys, column names).
QUOTED_CODE = re.compile(r'"[a-z_]+"')
#: A code of the contract's scheme, the same in both languages: a rule "W-FORM", "R-IN-CHARGE".
RULE_CODE = re.compile(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b")


class TextParser(HTMLParser):
    """The text a reader sees (and hears: titles, labels, placeholders) on a page."""

    SKIP = {"script", "style", "template", "code"}  # <code>: machine text (codes, JSON, ids)

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        self._quoted: list[str] = []  # open elements marked with a lang of their own

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        a = dict(attrs)
        if a.get("lang") and tag != "html":
            # Text quoted in its own language and marked so (a pasted State Council notice on
            # an English page): screen readers read it in that language; it is not ours.
            self._quoted.append(tag)
            self._skip += 1
        for name in ("title", "placeholder", "aria-label", "alt"):
            if a.get(name):
                self.parts.append(a[name] or "")
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.parts.append(a["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        if self._quoted and self._quoted[-1] == tag:
            self._quoted.pop()
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    """The visible strings of a page."""
    parser = TextParser()
    parser.feed(html)
    return parser.parts


def _strings(value: Any, language: str | None = None) -> list[str]:
    """The strings inside a JSON value (dicts, lists, nested). A text given in both languages
    (`{zh, en}`: a rule's title, a milestone's name) counts only in `language` when one is
    given: the page of the other language must show the other half."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        if language and value and set(value) <= {"zh", "en"}:
            return _strings(value.get("zh" if language.startswith("zh") else "en"))
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _strings(item, language)]
    return []


def user_data(language: str | None = None) -> list[str]:
    """Every value the world stored in a free-text field (no choices), longest first; a text
    stored in both languages counts in `language` only (all of it when None)."""
    values: set[str] = set()
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField, models.FileField))
                  and not f.choices]
        if not fields or model._meta.app_label in ("sessions", "admin", "contenttypes", "auth",
                                                    "django_tasks_database", "axes"):
            continue
        for row in model._default_manager.values_list(*fields):
            values.update(str(v).strip() for v in row
                          if v and (len(str(v)) > 2 or not str(v).isascii()))
        # text typed into a JSON document (a scheme's definition: rule names, the clause it
        # quotes from the contract), except in the audit's own copies of the rows
        documents = [f.attname for f in model._meta.concrete_fields
                     if isinstance(f, models.JSONField)]
        if documents and model._meta.label_lower != "core.auditevent":
            for row in model._default_manager.values_list(*documents):
                values.update(s for s in _strings(row, language) if not s.isascii())
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for row in user_model.objects.values_list("username", "first_name", "last_name", "email"):
        values.update(v for v in row if v)
    return sorted(values, key=len, reverse=True)


def foreign_text(texts: list[str], language: str, data: list[str]) -> list[str]:
    """The pieces of text in the other language, after removing user data."""
    found = []
    for text in texts:
        for value in data:
            if value in text:
                text = text.replace(value, " ")
        for allowed in (*TECHNICAL, *ELSEWHERE_TEXTS):
            text = text.replace(allowed, " ")
        if language == "en":
            for allowed in CHINESE_ON_ENGLISH:
                text = text.replace(allowed, " ")
            if CJK.search(text):
                found.append(text.strip())
        else:
            text = RULE_CODE.sub(" ", QUOTED_CODE.sub(" ", text))
            # Words of letters only: a token with digits is a code or a number (sha256, 9af0…).
            words = [w for w in TOKEN.findall(text) if re.fullmatch(r"[A-Za-z][A-Za-z']+", w)
                     and w not in SAME_IN_BOTH]
            if words:
                found.append(text.strip())
    return found


def _english(client: Any) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture(scope="module")
def both_languages(crawled, django_db_blocker) -> dict[str, dict[str, dict[str, str]]]:
    """{language: {role: {url: html}}}: the crawled pages, rendered again in English."""
    pages: dict[str, dict[str, dict[str, str]]] = {"zh-hans": {}, "en": {}}
    with django_db_blocker.unblock():
        for key, (_user, client, result) in crawled.items():
            pages["zh-hans"][key] = result.pages
            _english(client)
            english = {}
            for url in result.pages:
                response = client.get(url, follow=True)
                assert response.status_code == 200, (key, url, response.status_code)
                english[url] = response.content.decode()
            pages["en"][key] = english
            client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    if os.environ.get("YUNWEI_DUMP_PAGES"):  # for working on the findings without a re-crawl
        with open(os.environ["YUNWEI_DUMP_PAGES"], "w") as out:
            json.dump({"pages": pages, "data": {lang: user_data(lang) for lang in pages}},
                      out)
    return pages


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_page_in_one_language(language, both_languages, django_db_blocker):
    with django_db_blocker.unblock():
        data = user_data(language)
    problems: dict[str, set[str]] = {}
    checked = 0
    for key, pages in both_languages[language].items():
        for url, html in pages.items():
            if url.startswith(NOT_OURS):
                continue
            assert f'<html lang="{language}">' in html, (key, url)
            checked += 1
            for text in foreign_text(visible_text(html), language, data):
                problems.setdefault(text[:120], set()).add(f"{key} {url}")
    print(f"{language}: {checked} pages checked")
    report = [f"{text!r} on {sorted(where)[:3]} ({len(where)} pages)"
              for text, where in sorted(problems.items())]
    assert not problems, f"{len(problems)} texts in the other language:\n" + "\n".join(report)


def test_the_check_finds_the_other_language():
    """The check itself: English UI text on a Chinese page, Chinese on an English page."""
    data = ["AAA 视频终端", "aaa_requester"]
    zh = visible_text('<p>设备 AAA 视频终端</p><select><option>- Select an option -</option>'
                      '</select><p>aaa_requester</p><p title="Terms stamp">x</p>')
    assert foreign_text(zh, "zh-hans", data) == ["- Select an option -", "Terms stamp"]
    assert foreign_text(['导入键："code" 或 "name"', "导入键：code"], "zh-hans", data) == \
        ["导入键：code"]
    en = visible_text("<p>Equipment AAA 视频终端</p><p>5 分钟</p><a>中文</a>"
                      '<pre lang="zh-Hans">国务院通知<b>一、元旦</b></pre><p>二十</p>')
    assert foreign_text(en, "en", data) == ["5 分钟", "二十"]  # marked quotes are not ours
    # a rule's code is the same in both languages; a text stored in both languages is user
    # data only in its own language
    assert foreign_text(["规则 W-FORM、R-IN-CHARGE"], "zh-hans", []) == []
    from tests.pages_language import _strings

    both = {"title": {"zh": "首付款", "en": "First payment"}, "clause": "第五章"}
    assert _strings(both, "en") == ["First payment", "第五章"]
    assert _strings(both, "zh-hans") == ["首付款", "第五章"]
    assert foreign_text(["首付款"], "en", _strings(both, "en")) == ["首付款"]
