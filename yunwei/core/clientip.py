"""The client's address behind the platform's own reverse proxies (nginx, a load balancer).

Behind nginx every request arrives from nginx's address; the client's is the one nginx appends
to X-Forwarded-For. With `YUNWEI_TRUSTED_PROXIES` = N proxies in front of the app servers, the
client is the N-th address from the right of that header (each trusted proxy appends the
address it was reached from; what the client itself sent stays further left and is ignored).
With 0 (the default) the header is ignored and REMOTE_ADDR is the client. Used by django-axes
(login lockouts) and the API's rate limits.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: from X-Forwarded-For past the trusted proxies, else REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "YUNWEI_TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                 if part.strip()]
    if not forwarded:
        return remote
    # Fewer addresses than proxies: the request passed fewer proxies, and the leftmost address
    # was still appended by one of them (as Django REST framework's NUM_PROXIES reads it).
    candidate = forwarded[-min(proxies, len(forwarded))]
    return candidate if _valid(candidate) else remote
