"""Tables of the organizations app."""

import django_tables2 as tables

from .models import Organization


class OrganizationTable(tables.Table):
    """The organization list."""

    name = tables.Column(linkify=True)

    class Meta:
        model = Organization
        fields = ("name", "kind", "credit_code", "contact_name", "contact_phone")
