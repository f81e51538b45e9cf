"""Forms of the assets app."""

from .equipment import EquipmentForm

__all__ = ["EquipmentForm"]
