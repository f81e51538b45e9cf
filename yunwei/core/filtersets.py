"""The FilterSet base: every choice a filter offers is scoped like the rows themselves."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .scoping import restrict, scope_of


def visible_users(user: Any) -> QuerySet:
    """People the user may see: those who hold a role on a contract the user sees the team
    of (everyone, for system administrators)."""
    from yunwei.contracts.models import Membership

    users = get_user_model().objects.filter(is_active=True)
    if user is None or not getattr(user, "is_authenticated", False):
        return users.none()
    if user.is_superuser:
        return users.order_by("username")
    memberships = restrict(Membership.objects.all(), user, "view")
    return users.filter(pk__in=memberships.values("user_id")).order_by("username")


class ScopedFilterSet(django_filters.FilterSet):
    """A FilterSet whose model-choice filters offer only what the requesting user may see,
    in the UI's dropdowns and when the API validates a filter value."""

    def __init__(self, data: Any = None, queryset: Any = None, *, request: Any = None,
                 prefix: str | None = None) -> None:
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        for f in self.filters.values():
            choices = getattr(f, "queryset", None)
            if choices is None:
                continue
            model = choices.model
            if model is get_user_model():
                f.queryset = visible_users(user)
            else:
                scope_of(model)  # a model without a Scope may not be offered at all
                f.queryset = restrict(model._default_manager.all(), user, "view")
