"""API meta endpoints: who am I (user and roles)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView


class WhoAmIView(APIView):
    """The authenticated user and their roles per contract."""

    permission_classes = [IsAuthenticated]
    access = "authenticated"  # about the user only: their own memberships

    @extend_schema(responses=inline_serializer("WhoAmI", {
        "username": serializers.CharField(), "is_system_admin": serializers.BooleanField(),
        "memberships": serializers.ListField(child=serializers.DictField()),
    }))
    def get(self, request: Any) -> Response:
        from yunwei.contracts.models import Membership

        rows = Membership.objects.filter(user=request.user).values("contract_id", "role")
        return Response({
            "username": request.user.username,
            "is_system_admin": request.user.is_superuser,
            "memberships": list(rows),
        })
