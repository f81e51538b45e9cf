"""My account: the logged-in user's own API token and password (no administrator needed)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from rest_framework.authtoken.models import Token

from ..accounts import (
    do_change_password,
    do_create_api_token,
    do_revoke_api_token,
    do_set_preferences,
    preferences_of,
)
from ..choices import NotifyChannel
from ..errors import Refused


class PreferencesForm(forms.Form):
    """How the user is told of what concerns them, and the language of their mails."""

    notify_channel = forms.ChoiceField(label=_lazy("Notify me"), choices=NotifyChannel.choices,
                                       widget=forms.RadioSelect)
    language = forms.ChoiceField(label=_lazy("Language of my e-mails"),
                                 choices=[("zh-hans", "简体中文"), ("en", "English")])


def _page(request: HttpRequest, new_key: str = "", form: Any = None,
          status: int = 200) -> HttpResponse:
    token = Token.objects.filter(user=request.user).only("created").first()
    if form is None:
        channel, language = preferences_of([request.user.pk])[request.user.pk]
        form = PreferencesForm(initial={"notify_channel": channel, "language": language})
    return render(request, "core/account.html",
                  {"token": token, "new_key": new_key, "preferences": form}, status=status)


class AccountView(View):
    """The user's own account: name, roles' page link, API token, password."""

    access = "authenticated"  # the logged-in user's own data only

    def get(self, request: HttpRequest) -> HttpResponse:
        return _page(request)


class PreferencesView(View):
    """Save the user's own notification channel and mail language."""

    access = "authenticated"  # the logged-in user's own settings only

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PreferencesForm(request.POST)
        if form.is_valid():
            try:
                do_set_preferences(request.user, form.cleaned_data["notify_channel"],
                                   form.cleaned_data["language"])
            except Refused as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(request, _("Your notification settings were saved."))
                return HttpResponseRedirect(reverse("account"))
        return _page(request, form=form)


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
