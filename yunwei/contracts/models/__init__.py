"""Models of the contracts app."""

from .contract import Contract
from .membership import Membership

__all__ = ["Contract", "Membership"]
