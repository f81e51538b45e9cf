"""Serializer base: the contract field accepts only contracts the user may see."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ..scoping import contracts_for


class ScopedModelSerializer(serializers.ModelSerializer):
    """A model serializer whose `contract` choices are scoped to the requesting user."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        field = self.fields.get("contract")
        if request is not None and field is not None and not field.read_only:
            field.queryset = contracts_for(request.user, self.Meta.model, "view")


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's SlugRelatedField, refusing a value with a NUL character before the lookup
    (PostgreSQL cannot compare text containing one and fails the query)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)
