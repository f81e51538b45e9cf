"""Models of the work orders app."""

from .attachment import Attachment
from .evaluation import Evaluation
from .event import WorkOrderEvent
from .mail import Mailbox, MailMessage
from .notification import Notification
from .phone import PhoneNotice
from .settings import DeskSettings
from .workorder import WorkOrder, WorkOrderCounter

__all__ = [
    "Attachment",
    "DeskSettings",
    "Evaluation",
    "MailMessage",
    "Mailbox",
    "Notification",
    "PhoneNotice",
    "WorkOrder",
    "WorkOrderCounter",
    "WorkOrderEvent",
]
