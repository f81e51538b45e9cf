"""Forms of the organizations app."""

from .organization import OrganizationForm

__all__ = ["OrganizationForm"]
