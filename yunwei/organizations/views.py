"""Views of the organizations app."""

from yunwei.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from .filtersets import OrganizationFilterSet
from .forms import OrganizationForm
from .models import Organization
from .tables import OrganizationTable


class OrganizationListView(ObjectListView):
    """Organizations the user may see."""

    scope_model = Organization
    table_class = OrganizationTable
    filterset_class = OrganizationFilterSet


class OrganizationDetailView(ObjectDetailView):
    """One organization."""

    scope_model = Organization
    template_name = "organizations/organization_detail.html"


class OrganizationEditView(ObjectEditView):
    """Create or edit an organization (system administrators)."""

    scope_model = Organization
    form_class = OrganizationForm


class OrganizationDeleteView(ObjectDeleteView):
    """Delete an organization that is party to no contract."""

    scope_model = Organization
    success_url_name = "organizations:organization_list"
