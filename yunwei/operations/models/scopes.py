"""Who may view, add, change and delete each operations record (see docs/domains/operations.md)."""

from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import Scope

_SEE = ALL_ROLES - {Role.REQUESTER}
_AGENCY = frozenset({Role.AGENCY_ADMIN})

#: Levels, counting terms, deadlines: contract terms set by the agency, read by the others.
TERMS = Scope(contract_field="contract",
              roles={"view": _SEE, "add": _AGENCY, "change": _AGENCY, "delete": _AGENCY})

#: Parties to an accident: they open it and take the steps their role allows (actions check).
ACCIDENT_PARTIES = frozenset({Role.AGENCY_ADMIN, Role.AGENCY_LIAISON, Role.VENDOR_PM,
                              Role.VENDOR_ENGINEER, Role.SUPERVISOR})
ACCIDENT = Scope(contract_field="contract",
                 roles={"view": _SEE, "add": ACCIDENT_PARTIES, "change": ACCIDENT_PARTIES,
                        "delete": _AGENCY})
#: Steps and evidence hang from an accident; written only through the accident's actions.
UNDER_ACCIDENT = Scope(contract_field="accident__contract",
                       roles={"view": _SEE, "add": ACCIDENT_PARTIES})

#: Operations records are kept by the vendor; the agency may correct them.
_KEEPERS = frozenset({Role.AGENCY_ADMIN, Role.VENDOR_PM, Role.VENDOR_ENGINEER})
RECORDS = Scope(contract_field="contract",
                roles={"view": _SEE, "add": _KEEPERS, "change": _KEEPERS | {Role.AGENCY_LIAISON},
                       "delete": frozenset({Role.AGENCY_ADMIN, Role.VENDOR_PM})})
