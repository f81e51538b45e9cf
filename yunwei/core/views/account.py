"""My account: the logged-in user's own API token and password (no administrator needed)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views import View
from rest_framework.authtoken.models import Token

from ..accounts import do_change_password, do_create_api_token, do_revoke_api_token


def _page(request: HttpRequest, new_key: str = "") -> HttpResponse:
    token = Token.objects.filter(user=request.user).only("created").first()
    return render(request, "core/account.html", {"token": token, "new_key": new_key})


class AccountView(View):
    """The user's own account: name, roles' page link, API token, password."""

    access = "authenticated"  # the logged-in user's own data only

    def get(self, request: HttpRequest) -> HttpResponse:
        return _page(request)


class TokenCreateView(View):
    """Create (or replace) the user's own API token and show its key this once."""

    access = "authenticated"

    def post(self, request: HttpRequest) -> HttpResponse:
        token = do_create_api_token(request.user)
        return _page(request, new_key=token.key)  # not stored anywhere for showing again


class TokenRevokeView(View):
    """Revoke the user's own API token (never anyone else's: the user comes from the session)."""

    access = "authenticated"

    def post(self, request: HttpRequest) -> HttpResponse:
        if do_revoke_api_token(request.user):
            messages.success(request, _("Your API token was revoked."))
        else:
            messages.info(request, _("You have no API token."))
        return HttpResponseRedirect(reverse("account"))


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (the old one is asked for; the validators apply)."""

    access = "authenticated"
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form: Any) -> HttpResponse:
        do_change_password(form.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, form.user)  # stay logged in here
        messages.success(self.request, _("Your password was changed."))
        return HttpResponseRedirect(self.get_success_url())
