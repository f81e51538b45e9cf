"""Domain events between sibling apps: one app announces, others listen; core names the event.

Sibling domain apps (operations, inventory, ...) do not import each other's internals. When a
fact recorded in one app matters to another, core defines the event and its payload here; the
recording app sends it **after its transaction commits** (`announce`), and a listening app
connects a receiver from its AppConfig.ready(). Neither app knows the other exists: an app that
is not installed simply does not listen.

Events
------
`incident_recorded`: an incident with evidence (an accident of the operations app) was recorded
or corrected on a contract. Payload: one `Incident` (keyword `incident`). The inventory app
listens and creates or links the outage of each affected configuration item, so availability is
computed from the accident (the record with the evidence) and is never typed twice.

`work_order_resolved`: a work order was resolved. Payload: one `Resolved` (keyword
`resolved`). The operations app listens and announces again the accidents opened from it, so
that their outages end when the last of their work orders is resolved.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.dispatch import Signal

log = logging.getLogger(__name__)

#: sent with `incident=Incident(...)`, on commit, by the app that recorded it
incident_recorded = Signal()


@dataclass(frozen=True)
class Incident:
    """What a listener needs of an incident, without importing the app that recorded it.

    `ref` is the platform's reference of the record (`"operations.accident:12"`), `url` its
    page, `label` how it is named on other pages. `equipment_ids` are ledger lines
    (`assets.Equipment`) it names, `work_order_ids` the work orders it was opened from; the
    listener maps both to its own records (an item of a ledger line, the items a work order
    names), `item_ids` configuration items it names directly (core.lookups.CONFIG_ITEMS).
    `ended_at` is None while the incident is not known to be over.
    """

    contract_id: int
    ref: str
    url: str
    label: str
    started_at: dt.datetime
    ended_at: dt.datetime | None = None
    cause: str = ""
    equipment_ids: tuple[int, ...] = field(default_factory=tuple)
    work_order_ids: tuple[int, ...] = field(default_factory=tuple)
    item_ids: tuple[int, ...] = field(default_factory=tuple)  # configuration items it names


#: sent with `resolved=Resolved(...)`, on commit, when a work order is resolved
work_order_resolved = Signal()


@dataclass(frozen=True)
class Resolved:
    """A work order resolved: which, on which contract, when."""

    contract_id: int
    work_order_id: int
    resolved_at: dt.datetime


def announce(signal: Signal, sender: object, **payload: object) -> None:
    """Send `signal` once the current transaction commits (at once outside a transaction).
    A listener's failure is the listener's: it does not undo what was recorded."""
    def send() -> None:
        for receiver, response in signal.send_robust(sender=sender, **payload):
            if isinstance(response, Exception):
                log.error("event receiver %r failed", receiver, exc_info=response)

    transaction.on_commit(send)
