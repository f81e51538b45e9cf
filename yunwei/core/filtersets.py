"""The FilterSet base: every choice a filter offers is scoped like the rows themselves."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django_filters.utils import label_for_filter

from .scoping import restrict, scope_of

_lazy_label = lazy(label_for_filter, str)


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
    in the UI's dropdowns and when the API validates a filter value.

    Labels taken from a model field stay lazy: django-filter would otherwise compute one
    the first time anything reads it (the API schema, say) and keep it in that language."""

    @classmethod
    def get_filters(cls) -> dict[str, Any]:
        """The filters, each label not given by hand a lazy one from the field's name."""
        filters = super().get_filters()
        model = cls._meta.model
        for f in filters.values():
            if f._label is None and model is not None:
                f._label = _lazy_label(model, f.field_name, f.lookup_expr, f.exclude)
        return filters

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


def _audited_types() -> list[tuple[str, str]]:
    """(object type, the model's name) of every model whose changes are audited."""
    from django.apps import apps

    from .auditdisplay import object_label
    from .signals import _is_audited

    types = [(m._meta.label_lower, object_label(m._meta.label_lower))
             for m in apps.get_models() if _is_audited(m)]
    return sorted(types, key=lambda item: item[1])


class AuditFilterSet(django_filters.FilterSet):
    """Filters of the audit trail: contract, object type, person, action, date range (local
    days, both ends included) and request id. Choices offer only what the user may see."""

    contract = django_filters.ChoiceFilter(field_name="contract_id", label=_("contract"))
    object_type = django_filters.ChoiceFilter(label=_("object type"))
    actor = django_filters.ChoiceFilter(field_name="actor_username", label=_("actor"))
    action = django_filters.ChoiceFilter(label=_("action"))
    since = django_filters.DateFilter(method="filter_since", label=_("date from"),
                                      widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(method="filter_until", label=_("date to"),
                                      widget=forms.DateInput(attrs={"type": "date"}))
    request_id = django_filters.CharFilter(label=_("request id"))

    def __init__(self, data: Any = None, queryset: Any = None, *, request: Any = None,
                 prefix: str | None = None) -> None:
        from django.apps import apps

        from .choices import AuditAction

        super().__init__(data, queryset, request=request, prefix=prefix)
        from .scoping import contracts_for

        user = getattr(request, "user", None)
        contracts = contracts_for(user, apps.get_model("core", "AuditEvent"), "view")
        from django.utils.translation import gettext

        def named(name: str, code: str) -> str:
            return gettext("%(name)s (%(code)s)") % {"name": name, "code": code}

        self.filters["contract"].extra["choices"] = [
            (str(pk), named(name, number)) for pk, name, number in
            contracts.order_by("number").values_list("pk", "project_name", "number")]
        self.filters["object_type"].extra["choices"] = _audited_types()
        self.filters["actor"].extra["choices"] = [
            (u.username, named(u.get_full_name(), u.username) if u.get_full_name()
             else u.username) for u in visible_users(user)]
        self.filters["action"].extra["choices"] = AuditAction.choices

    @staticmethod
    def _local_midnight(day: Any) -> Any:
        import datetime as dt

        from django.utils import timezone

        return timezone.make_aware(dt.datetime.combine(day, dt.time()))

    def filter_since(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(timestamp__gte=self._local_midnight(value))

    def filter_until(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        import datetime as dt

        return queryset.filter(timestamp__lt=self._local_midnight(value + dt.timedelta(days=1)))

