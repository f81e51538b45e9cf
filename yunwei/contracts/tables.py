"""Tables of the contracts app."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Contract, Membership


class ContractTable(tables.Table):
    """The contract list."""

    number = tables.Column(linkify=True)
    agency = tables.Column(order_by=("agency__name",))
    vendor = tables.Column(order_by=("vendor__name",))

    class Meta:
        model = Contract
        fields = ("number", "project_name", "agency", "vendor", "service_start", "service_end",
                  "amount", "status")


class MembershipTable(tables.Table):
    """The membership list."""

    user = tables.Column(linkify=lambda record: record.get_absolute_url(),
                         order_by=("user__username",), verbose_name=_("user"))
    contract = tables.Column(order_by=("contract__number",))

    class Meta:
        model = Membership
        fields = ("user", "role", "title", "contract", "phone")

    def render_user(self, value: object) -> str:
        """The person by name, with the login they sign in with: 王海涛 (hc_pm)."""
        name = getattr(value, "get_full_name", lambda: "")()
        return f"{name} ({value})" if name else str(value)
