"""Forms of the contracts app."""

from .contract import ContractForm
from .membership import MembershipForm

__all__ = ["ContractForm", "MembershipForm"]
