"""API serializers of the contracts app."""

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from yunwei.core.api.serializers import ScopedModelSerializer, SlugRelatedField

from ..models import Contract, Membership


class ContractSerializer(ScopedModelSerializer):
    """A contract; parties and money are set by system administrators."""

    class Meta:
        model = Contract
        fields = [
            "id", "number", "code", "project_name", "agency", "vendor", "supervisor",
            "service_start", "service_end", "amount", "signed_on", "status", "description",
            "created", "updated",
        ]
        read_only_fields = ["created", "updated"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and not request.user.is_superuser:
            from ..forms.contract import ADMIN_ONLY

            for name in ADMIN_ONLY:
                if name in self.fields:
                    self.fields[name].read_only = True

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        instance = Contract(**{**self._current(), **attrs})
        instance.clean()  # raises ValidationError with field messages
        return attrs

    def _current(self) -> dict[str, Any]:
        if self.instance is None:
            return {}
        return {f.name: getattr(self.instance, f.name) for f in Contract._meta.concrete_fields
                if f.name not in ("id",)}


class MembershipSerializer(ScopedModelSerializer):
    """A role held by a user on a contract; the user is given by user name."""

    username = SlugRelatedField(
        source="user", slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        error_messages={"does_not_exist": _("No active user with this user name.")},
    )

    class Meta:
        model = Membership
        fields = ["id", "contract", "username", "role", "title", "phone", "created"]
        read_only_fields = ["created"]
