"""Template context shared by every page: navigation and the user's role summary."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Items of the top navigation for the current user."""
    from .navigation import header_for, menu_for

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "header_links": []}
    return {"nav_items": menu_for(user), "header_links": header_for(user)}
