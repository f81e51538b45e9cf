"""Admin pages of the deliverables app (system administrators)."""

from django.contrib import admin

from .models import Acceptance, Deliverable, DocumentType, Finding, Opinion, Submission

admin.site.register([Acceptance, Deliverable, DocumentType, Finding, Opinion, Submission])
