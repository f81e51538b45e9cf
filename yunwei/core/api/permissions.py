"""API permission: the same scoping rules as the UI, through restrict()."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from ..scoping import can, can_anywhere

METHOD_ACTIONS = {
    "GET": "view", "HEAD": "view", "OPTIONS": "view",
    "POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete",
}


class ScopedPermission(BasePermission):
    """Authenticated users only; object actions checked with the model's Scope."""

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        model = getattr(view, "scope_model", None)
        if model is None:
            return False
        if request.method == "POST" and getattr(view, "action", None) == "create":
            # Refuse early (before validating the body) when the user may add nowhere.
            return can_anywhere(user, model, "add")
        return True

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        """Reading needs `view`; a write through an extra action (e.g. a work order's
        `transition`) needs the Scope action it declares as `scope_action`; other writes map
        by method to add / change / delete."""
        action = METHOD_ACTIONS.get(request.method, "change")
        if action != "view":
            handler = getattr(view, getattr(view, "action", None) or "", None)
            action = getattr(handler, "scope_action", None) or action
        return action == "view" or can(request.user, obj, action)
