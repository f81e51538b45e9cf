"""Models of the organizations app."""

from .organization import Organization

__all__ = ["Organization"]
