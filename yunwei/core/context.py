"""Who is acting and under which request id: carried in a context variable to the audit trail."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class ActorContext:
    """The actor of the current change and the id of the request (or command) behind it."""

    user_id: int | None = None
    username: str = ""
    request_id: str = ""
    source: str = ""


_current: ContextVar[ActorContext] = ContextVar("yunwei_actor", default=ActorContext())  # noqa: B039 - frozen


def current() -> ActorContext:
    """The actor context in force (empty outside any request or command)."""
    return _current.get()


def new_request_id() -> str:
    """A fresh request id (32 hex digits)."""
    return uuid.uuid4().hex


@contextlib.contextmanager
def acting(
    user: object | None = None, *, request_id: str | None = None, source: str = ""
) -> Iterator[ActorContext]:
    """Run a block as `user` (None for the system) under a request id."""
    ctx = ActorContext(
        user_id=getattr(user, "pk", None),
        username=getattr(user, "username", "") or "",
        request_id=request_id or new_request_id(),
        source=source,
    )
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


def set_actor(user: object | None, *, request_id: str | None = None, source: str = "") -> None:
    """Replace the actor inside an enclosing `acting()` block (e.g. after API token auth);
    the enclosing block restores the previous value when it ends."""
    ctx = current()
    _current.set(
        ActorContext(
            user_id=getattr(user, "pk", None),
            username=getattr(user, "username", "") or "",
            request_id=request_id or ctx.request_id or new_request_id(),
            source=source or ctx.source,
        )
    )
