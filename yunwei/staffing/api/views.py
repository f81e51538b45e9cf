"""API views of the staffing app: read-only (every change goes through the do_* actions)."""

from django.db.models import QuerySet
from rest_framework import viewsets

from yunwei.core.api.views import ActorMixin
from yunwei.core.scoping import restrict

from ..models import AttendanceRecord, Person, RosterShift
from .serializers import AttendanceRecordSerializer, PersonSerializer, RosterShiftSerializer


class _ReadOnly(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """List and retrieve `scope_model` objects through restrict()."""

    access = "scoped"

    def get_queryset(self) -> QuerySet:
        return restrict(self.queryset.all(), self.request.user, "view")


class PersonViewSet(_ReadOnly):
    """Staff of the user's contracts."""

    scope_model = Person
    queryset = Person.objects.prefetch_related("posts").order_by("contract", "name", "id")
    serializer_class = PersonSerializer


class RosterShiftViewSet(_ReadOnly):
    """Rostered shifts of the user's contracts."""

    scope_model = RosterShift
    queryset = RosterShift.objects.order_by("starts", "id")
    serializer_class = RosterShiftSerializer
    filterset_fields = ["contract", "person", "day"]


class AttendanceRecordViewSet(_ReadOnly):
    """Attendance records of the user's contracts."""

    scope_model = AttendanceRecord
    queryset = AttendanceRecord.objects.select_related("person").order_by("-day", "id")
    serializer_class = AttendanceRecordSerializer
    filterset_fields = ["contract", "person", "kind", "day"]
