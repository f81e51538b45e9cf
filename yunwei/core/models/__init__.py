"""Core models: the audit chain and the base class of every audited domain model."""

from .audit import AuditChainHead, AuditEvent
from .base import AuditedModel, AuditedQuerySet

__all__ = ["AuditChainHead", "AuditEvent", "AuditedModel", "AuditedQuerySet"]
