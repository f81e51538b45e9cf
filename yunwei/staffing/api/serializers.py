"""API serializers of the staffing app (read-only; personal data masked by role)."""

from typing import Any

from rest_framework import serializers

from yunwei.core.scoping import roles_on

from ..models import AttendanceRecord, Person, RosterShift
from ..models.person import PERSONAL_DATA_ROLES


class PersonSerializer(serializers.ModelSerializer):
    """A staff member; ID number and phone masked unless the caller is the contract's agency
    administrator or vendor PM."""

    id_number = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "contract", "name", "posts", "employee_no", "id_number", "phone",
                  "entry_status", "entry_decided_at", "active"]

    def _personal(self, obj: Person) -> dict[str, str]:
        user = self.context["request"].user
        cache = self.context.setdefault("_roles", {})
        if obj.contract_id not in cache:
            cache[obj.contract_id] = (PERSONAL_DATA_ROLES if user.is_superuser
                                      else roles_on(user, obj.contract_id))
        return obj.personal(cache[obj.contract_id])

    def get_id_number(self, obj: Person) -> str:
        return self._personal(obj)["id_number"]

    def get_phone(self, obj: Person) -> str:
        return self._personal(obj)["phone"]


class RosterShiftSerializer(serializers.ModelSerializer):
    """A rostered shift."""

    class Meta:
        model = RosterShift
        fields = ["id", "contract", "person", "pattern", "day", "starts", "ends"]


class AttendanceRecordSerializer(serializers.ModelSerializer):
    """An attendance record with its evidence."""

    person_name: Any = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = AttendanceRecord
        fields = ["id", "contract", "person", "person_name", "day", "shift", "kind", "minutes",
                  "evidence", "derived", "note"]
