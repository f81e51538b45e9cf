"""Forms of the work orders app."""

from .intake import DeskIntakeForm, PhoneNoticeForm, SelfServiceForm
from .lifecycle import TRANSITION_FORMS, ResolutionForm, transition_form
from .settings import DeskSettingsForm, MailboxForm

__all__ = [
    "TRANSITION_FORMS",
    "DeskIntakeForm",
    "DeskSettingsForm",
    "MailboxForm",
    "PhoneNoticeForm",
    "ResolutionForm",
    "SelfServiceForm",
    "transition_form",
]
