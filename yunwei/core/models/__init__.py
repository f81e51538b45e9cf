"""Core models: the audit chain, the base class of every audited domain model, periodic jobs."""

from .account import AccountSettings
from .audit import AuditChainHead, AuditEvent
from .base import AuditedModel, AuditedQuerySet
from .jobs import PeriodicJob
from .notice import Notice

__all__ = ["AccountSettings", "AuditChainHead", "AuditEvent", "AuditedModel", "AuditedQuerySet",
           "Notice", "PeriodicJob"]
