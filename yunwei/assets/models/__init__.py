"""Models of the assets app."""

from .equipment import Equipment

__all__ = ["Equipment"]
