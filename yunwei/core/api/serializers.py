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
