"""Who may do what in the inventory app (the same table is in docs/domains/inventory.md)."""

from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import Scope

_READERS = ALL_ROLES - {Role.REQUESTER}
_KEEPERS = frozenset({Role.AGENCY_ADMIN, Role.VENDOR_PM, Role.VENDOR_ENGINEER})
_PLANNERS = frozenset({Role.AGENCY_ADMIN, Role.VENDOR_PM})

#: Item types and their field schemas, inspection templates and plans, maintenance windows.
PLANNING = Scope(contract_field="contract", roles={
    "view": _READERS, "add": _PLANNERS, "change": _PLANNERS, "delete": _PLANNERS})
#: Configuration items, their relations and work order links: the ledger keepers.
LEDGER = Scope(contract_field="contract", roles={
    "view": _READERS, "add": _KEEPERS, "change": _KEEPERS, "delete": _PLANNERS})
#: Rounds: the vendor executes, the supervisor and the agency review (rules in actions.py);
#: rounds are created by the job system only.
ROUND = Scope(contract_field="contract", roles={
    "view": _READERS,
    "change": frozenset({Role.VENDOR_PM, Role.VENDOR_ENGINEER, Role.SUPERVISOR,
                         Role.AGENCY_ADMIN, Role.AGENCY_LIAISON})})
#: Results of a round: written by the vendor's engineers.
RESULT = Scope(contract_field="contract", roles={
    "view": _READERS, "add": frozenset({Role.VENDOR_PM, Role.VENDOR_ENGINEER}),
    "change": frozenset({Role.VENDOR_PM, Role.VENDOR_ENGINEER})})
#: Outages: entered by the desk and the vendor, corrected by the agency.
OUTAGE = Scope(contract_field="contract", roles={
    "view": _READERS,
    "add": _KEEPERS | {Role.SERVICE_DESK},
    "change": _KEEPERS | {Role.SERVICE_DESK},
    "delete": _PLANNERS})
#: Availability targets are contract terms: the agency sets them.
TERMS = Scope(contract_field="contract", roles={
    "view": _READERS, "add": frozenset({Role.AGENCY_ADMIN}),
    "change": frozenset({Role.AGENCY_ADMIN}), "delete": frozenset({Role.AGENCY_ADMIN})})
