"""A link crawler for the rendered pages (issue #10): log in as a role, follow same-origin GET
links from the home page, and record every page reached and every link that was refused.

Used by tests/pages_reach.py (every page reachable, no button leading to a refusal) and
tests/pages_language.py (each page in one language)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

#: Prefixes not crawled: Django's admin site (its own application), the JSON API (the docs page
#: is crawled), static and uploaded files, and links that change the session.
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/logout/", "/language/")
API_PAGES = ("/api/docs/",)
#: Downloads (PDF, Excel, attachments): fetched and checked for their status, never parsed.
MAX_PAGES = 400
#: At most this many pages of one URL name (e.g. two work orders' pages, not all of them).
PER_NAME = 3


class LinkParser(HTMLParser):
    """The href of every <a> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def links_of(html: str) -> list[str]:
    """The links of a page."""
    parser = LinkParser()
    parser.feed(html)
    return parser.links


@dataclass
class Crawl:
    """What one crawl found."""

    pages: dict[str, str] = field(default_factory=dict)  # url -> HTML of pages answered 200
    reached: set[str] = field(default_factory=set)  # URL names reached with 200
    refused: list[tuple[str, str, int]] = field(default_factory=list)  # (from, url, status)
    downloads: set[str] = field(default_factory=set)


def _key(url: str) -> str:
    """Pages are visited once per path and first query parameter names (not every filter
    value or page number)."""
    parts = urlsplit(url)
    names = sorted({kv.split("=")[0] for kv in parts.query.split("&") if kv})
    names = [n for n in names if n not in ("page", "sort", "history_page")]
    return parts.path + ("?" + "&".join(names) if names else "")


def url_name(path: str) -> str | None:
    """The namespaced URL name of a path, or None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def crawl(client: Client, start: str = "/", limit: int = MAX_PAGES) -> Crawl:
    """Follow same-origin GET links from `start`, breadth first, at most `limit` pages."""
    result = Crawl()
    queue: deque[tuple[str, str]] = deque([("", start)])
    seen = {_key(start)}
    per_name: dict[str | None, int] = {}
    while queue and len(result.pages) + len(result.downloads) < limit:
        source, url = queue.popleft()
        response = client.get(url, follow=True)  # e.g. an engineer's list opens on "mine"
        path = urlsplit(url).path
        if response.status_code != 200:
            result.refused.append((source, url, response.status_code))
            continue
        name = url_name(path)
        if name:
            result.reached.add(name)
        content_type = response.get("Content-Type", "")
        if getattr(response, "streaming", False) or not content_type.startswith("text/html"):
            result.downloads.add(url)
            continue
        html = response.content.decode()
        result.pages[url] = html
        for href in links_of(html):
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            if href.startswith("#") or href.startswith(("mailto:", "tel:")):
                continue
            target = parts.path + ("?" + parts.query if parts.query else "")
            if parts.path.startswith(SKIP_PREFIXES):
                continue
            if parts.path.startswith("/api/") and parts.path not in API_PAGES:
                continue
            if _key(target) in seen:
                continue
            name = url_name(parts.path)
            if per_name.get(name, 0) >= PER_NAME:
                continue  # enough pages of this kind (every order's page looks alike)
            per_name[name] = per_name.get(name, 0) + 1
            seen.add(_key(target))
            queue.append((url, target))
    return result


def crawl_roles(world: Any) -> dict[str, tuple[Any, Client]]:
    """A logged-in client for every role on contract A and for the system administrator."""
    from yunwei.core.roles import Role

    users = {role: world.a.users[role] for role in Role.values}
    users["system_admin"] = world.root
    clients = {}
    for key, user in users.items():
        client = Client()
        client.force_login(user)
        clients[key] = (user, client)
    return clients
