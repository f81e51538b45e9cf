"""App configuration for organizations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    """Registers the organizations menu entry."""

    name = "yunwei.organizations"
    label = "organizations"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        from yunwei.core.navigation import MenuItem, register

        register(MenuItem(_("Organizations"), "organizations:organization_list",
                          model="organizations.Organization"))
