"""Who may see and do what with work orders and the records under them."""

from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import Scope

DESK_SIDE = frozenset({Role.SERVICE_DESK, Role.AGENCY_ADMIN, Role.AGENCY_LIAISON})
WORKERS = frozenset({Role.SERVICE_DESK, Role.VENDOR_PM, Role.VENDOR_ENGINEER, Role.AGENCY_ADMIN})
REPORTERS = frozenset({Role.SERVICE_DESK, Role.AGENCY_ADMIN, Role.AGENCY_LIAISON, Role.REQUESTER,
                       Role.VENDOR_PM})

#: Requesters see only their own work orders; everyone on the contract sees all of them.
WORK_ORDER = Scope(
    contract_field="contract",
    roles={"view": ALL_ROLES, "add": REPORTERS, "change": WORKERS | {Role.REQUESTER}},
    owner_field="requester", owner_roles=frozenset({Role.REQUESTER}),
)
UNDER_WORK_ORDER = Scope(
    contract_field="work_order__contract",
    roles={"view": ALL_ROLES, "add": WORKERS | {Role.REQUESTER}},
    owner_field="work_order__requester", owner_roles=frozenset({Role.REQUESTER}),
)
MAILBOX = Scope(
    contract_field="contract",
    roles={"view": frozenset({Role.AGENCY_ADMIN, Role.SERVICE_DESK, Role.VENDOR_PM}),
           "add": frozenset({Role.AGENCY_ADMIN, Role.VENDOR_PM}),
           "change": frozenset({Role.AGENCY_ADMIN, Role.VENDOR_PM}),
           "delete": frozenset({Role.AGENCY_ADMIN, Role.VENDOR_PM})},
)
MAIL_MESSAGE = Scope(
    contract_field="mailbox__contract",
    roles={"view": frozenset({Role.AGENCY_ADMIN, Role.SERVICE_DESK, Role.VENDOR_PM}),
           "change": frozenset({Role.AGENCY_ADMIN, Role.SERVICE_DESK, Role.VENDOR_PM})},
)
DESK_SETTINGS = Scope(
    contract_field="contract",
    roles={"view": ALL_ROLES - {Role.REQUESTER},
           "add": frozenset({Role.AGENCY_ADMIN}), "change": frozenset({Role.AGENCY_ADMIN})},
)
PHONE_NOTICE = Scope(
    contract_field="contract",
    roles={"view": WORKERS | DESK_SIDE | {Role.SUPERVISOR, Role.EXPERT},
           "add": frozenset({Role.SERVICE_DESK, Role.AGENCY_ADMIN}),
           "change": WORKERS},
)
NOTIFICATION = Scope(
    contract_field="work_order__contract",
    roles={"view": ALL_ROLES, "change": ALL_ROLES - {Role.EXPERT}},
    owner_field="user", owner_roles=ALL_ROLES,
)
