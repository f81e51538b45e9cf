"""State changes of work orders (Zulip style), by area: intake, lifecycle, record, phone, sla.
Each `do_*` runs in one transaction, writes its timeline event and audit rows, and leaves side
effects (mail) to on_commit.

Two people acting at once: every change locks the row and compares the version the user saw;
the second gets a Conflict with the fresh state instead of overwriting the first.
"""

from .common import (
    CLOCK_LABELS,
    DEADLINE_FIELDS,
    MAX_ATTACHMENT,
    Conflict,
    InputError,
    clocks_of,
    copy_deadlines,
    desk_settings,
    lock_orders,
    rewrite_copies,
)
from .intake import IntakeTerms, do_create_workorder, intake_terms, levels
from .lifecycle import conditions, do_transition, work_order_roles
from .phone import do_log_phone_notice, do_solve_phone_notice, issue_due_phone_notices
from .record import do_add_attachment, do_comment, do_update_workorder
from .sla import watch_sla

__all__ = [
    "CLOCK_LABELS",
    "DEADLINE_FIELDS",
    "MAX_ATTACHMENT",
    "Conflict",
    "InputError",
    "IntakeTerms",
    "clocks_of",
    "conditions",
    "copy_deadlines",
    "desk_settings",
    "do_add_attachment",
    "do_comment",
    "do_create_workorder",
    "do_log_phone_notice",
    "do_solve_phone_notice",
    "do_transition",
    "do_update_workorder",
    "intake_terms",
    "issue_due_phone_notices",
    "levels",
    "lock_orders",
    "rewrite_copies",
    "watch_sla",
    "work_order_roles",
]
