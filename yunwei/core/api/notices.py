"""The user's own notices (core.notices): list them, mark them read. Nobody else's."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import notices
from ..models import Notice


class NoticeSerializer(serializers.ModelSerializer):
    """A notice, its text in the request's language."""

    text = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = ["id", "text", "url", "contract_id", "created", "read_at"]
        read_only_fields = fields

    def get_text(self, obj: Notice) -> str:
        return obj.message()


class NoticeListView(ListAPIView):
    """The logged-in user's notices, newest first (`?unread=1`: only the unread)."""

    permission_classes = [IsAuthenticated]
    access = "authenticated"  # the user's own notices only
    serializer_class = NoticeSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Notice.objects.none()
        rows = Notice.objects.filter(user=self.request.user).order_by("-created", "-id")
        if self.request.query_params.get("unread") in ("1", "true"):
            rows = rows.filter(read_at__isnull=True)
        return rows


class NoticeReadSerializer(serializers.Serializer):
    """Which notices to mark read: the ids given, or all when none are given."""

    ids = serializers.ListField(child=serializers.IntegerField(min_value=1,
                                                               max_value=2**63 - 1),
                                required=False, max_length=1000)


class NoticeReadView(APIView):
    """Mark the logged-in user's notices read (the ids given, or all)."""

    permission_classes = [IsAuthenticated]
    access = "authenticated"  # acts on the user's own notices only

    @extend_schema(request=NoticeReadSerializer, responses=inline_serializer(
        "NoticesRead", {"marked": serializers.IntegerField()}))
    def post(self, request: Any) -> Response:
        body = NoticeReadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids = body.validated_data.get("ids")
        return Response({"marked": notices.do_mark_read(request.user, ids)})
