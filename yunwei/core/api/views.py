"""The scoped model viewset every app's API builds on."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

from .. import context
from ..scoping import can_on_contract, restrict, scope_of


class ActorMixin:
    """Token users are known only once DRF has authenticated them: make them the actor of the
    audited changes of the request from then on."""

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        context.set_actor(request.user, request_id=getattr(request, "request_id", None),
                          source="api")


class ScopedModelViewSet(ActorMixin, viewsets.ModelViewSet):
    """CRUD over `scope_model`, every queryset through restrict(), writes in a transaction."""

    access = "scoped"
    scope_model: type[Model]
    queryset: QuerySet

    def get_queryset(self) -> QuerySet:
        return restrict(self.queryset.all(), self.request.user, "view")

    def _check_contract(self, serializer: Any, action: str) -> None:
        scope = scope_of(self.scope_model)
        user = self.request.user
        if scope.contract_field in (None, "pk"):
            if not user.is_superuser and action == "add":
                raise PermissionDenied
            return
        contract = serializer.validated_data.get("contract")
        allowed = contract is None or can_on_contract(user, self.scope_model, action, contract.pk)
        if not allowed:
            raise PermissionDenied

    def perform_create(self, serializer: Any) -> None:
        self._check_contract(serializer, "add")
        with transaction.atomic():
            serializer.save()

    def perform_update(self, serializer: Any) -> None:
        self._check_contract(serializer, "change")
        with transaction.atomic():
            serializer.save()

    def perform_destroy(self, instance: Model) -> None:
        with transaction.atomic():
            instance.delete()
