"""App configuration for assets."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    """Registers the equipment menu entry."""

    name = "yunwei.assets"
    label = "assets"
    verbose_name = _("Equipment ledger")

    def ready(self) -> None:
        from yunwei.core.navigation import MenuItem, register

        register(MenuItem(_("Equipment"), "assets:equipment_list", model="assets.Equipment"))
