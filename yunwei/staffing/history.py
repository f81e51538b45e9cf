"""How a person's history shows their posts (a many-to-many relation audited as a list of
ids by do_add_person / do_edit_person): as the posts' names."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def posts_changes(before: Any, after: Any) -> list[tuple[str, str | None, str]]:
    """The posts before and after, by name ("∅" for none; a deleted post by its number)."""
    from .models import Post

    ids = {i for value in (before, after) if isinstance(value, list) for i in value}
    names = dict(Post.objects.filter(pk__in=ids).values_list("pk", "name"))

    def show(value: Any) -> str:
        if not isinstance(value, list) or not value:
            return "∅"
        return "、".join(names.get(i, f"#{i}") for i in value)

    return [(_("posts"), None if before is None else show(before), show(after))]


def posts_value(value: Any, names: Any) -> str:
    """One side of the change, the posts' names looked up with the page's other records."""
    from .models import Post

    if not isinstance(value, list) or not value:
        return "∅"
    return "、".join(names.ref(Post, i) for i in value)


def register() -> None:
    """Register the reader with the audit display."""
    from yunwei.core.auditdisplay import register_value_reader

    register_value_reader("staffing.person", "posts", posts_value)
