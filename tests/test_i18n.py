"""Chinese first: zh-hans by default, English on request, the zh-hans catalog complete."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "yunwei/locale/zh_Hans/LC_MESSAGES/django.po"
MO = PO.with_suffix(".mo")


def _translation(entry) -> object:
    """An entry's translation: its text, or its plural forms (a count's message, e.g.
    "%(n)s people missing"; Chinese has one form)."""
    if entry.msgid_plural:
        forms = tuple(sorted(entry.msgstr_plural.items()))
        return forms if all(text for _n, text in forms) else None
    return entry.msgstr


def test_catalog_translates_every_string():
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po if not _translation(e) and not e.obsolete]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy


def test_compiled_catalog_is_up_to_date():
    # keyed by context and text: "Item" in an inspection report is not the "Item" of a list
    po = {(e.msgctxt, e.msgid): _translation(e) for e in polib.pofile(str(PO))
          if _translation(e)}
    mo = {(e.msgctxt, e.msgid): _translation(e) for e in polib.mofile(str(MO))}
    assert po == mo, "run `make messages` to recompile the catalog"


@pytest.mark.skipif(shutil.which("xgettext") is None and "CI" not in __import__("os").environ,
                    reason="gettext is installed by scripts/install-test-deps.sh")
def test_every_marked_string_is_in_the_catalog(tmp_path):
    tree = tmp_path / "yunwei"
    shutil.copytree(ROOT / "yunwei", tree, ignore=shutil.ignore_patterns(
        "static", "__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "--no-obsolete",
         "-i", "demo/*", "--no-location"],
        cwd=tree, check=True, capture_output=True,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "yunwei.settings",
             "PYTHONPATH": str(tmp_path)},
    )
    fresh = {e.msgid for e in polib.pofile(str(tree / "locale/zh_Hans/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(PO))}
    assert fresh - committed == set(), "new strings: run `make messages` and translate them"


@pytest.mark.django_db
def test_chinese_is_the_default_and_english_is_switchable(world):
    client = Client()
    page = client.get("/login/").content.decode()
    assert '<html lang="zh-hans">' in page and "登录" in page
    response = client.post("/language/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    page = client.get("/login/").content.decode()
    assert '<html lang="en">' in page and "Log in" in page


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese_pages_but_the_api_follows_it(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = client.get("/login/").content.decode()
    assert '<html lang="zh-hans">' in page
    client.force_login(world.a.users["vendor_pm"])
    api = client.get("/api/contracts/99999/")
    assert api.status_code == 404 and "No Contract matches" in api.content.decode()
