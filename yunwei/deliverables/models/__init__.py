"""Models of the deliverables app."""

from .acceptance import Acceptance, Finding, Opinion
from .deliverable import Deliverable, Submission
from .doctype import DocumentType

__all__ = ["Acceptance", "Deliverable", "DocumentType", "Finding", "Opinion", "Submission"]
