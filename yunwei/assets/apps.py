"""App configuration for assets."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    """The old equipment ledger's model and API; its pages redirect to the configuration
    items (yunwei.inventory.ledger) and it has no menu entry: there is one ledger."""

    name = "yunwei.assets"
    label = "assets"
    verbose_name = _("Equipment ledger")
