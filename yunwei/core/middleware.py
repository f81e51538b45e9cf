"""Request id, audit context, language and private-cache middleware."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import context, scoping

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id (or keep a sane X-Request-ID from the proxy) and echo it; the
    request reads each user's memberships once (scoping.request_memo)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _VALID_ID.match(incoming) else context.new_request_id()
        with scoping.request_memo():
            response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class AuditContextMiddleware:
    """Make the authenticated user and request id the actor of changes made in this request.

    API token users are authenticated later, inside DRF; the API base view re-enters the
    context with the token's user (see yunwei.core.api.views).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        with context.acting(actor, request_id=getattr(request, "request_id", None), source="web"):
            return self.get_response(request)


class LanguageMiddleware:
    """Chinese first: pages are in zh-hans unless the user chose English (the language
    cookie set by the switch), whatever the browser's Accept-Language says. The API, used by
    integrations, also honours Accept-Language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        known = dict(settings.LANGUAGES)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        api = request.path.startswith("/api/")
        if chosen in known:
            code = chosen
        elif api:
            code = translation.get_language_from_request(request)
        else:
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie", "Accept-Language") if api else ("Cookie",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class PrivateNoStoreMiddleware:
    """Nothing shown to a logged-in user (a page, an export, an API answer to a session or a
    token) may be kept by the browser's cache or a proxy: `Cache-Control: private, no-store`,
    unless the view set a Cache-Control of its own. Static files (served by whitenoise before
    this runs) and anonymous pages are left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from django.conf import settings

        self.get_response = get_response
        self.public_prefixes = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" in response or request.path.startswith(self.public_prefixes):
            return response
        user = getattr(request, "user", None)  # the token's user too, once DRF set it
        if "HTTP_AUTHORIZATION" in request.META or (user is not None and user.is_authenticated):
            response["Cache-Control"] = "private, no-store"
        return response
