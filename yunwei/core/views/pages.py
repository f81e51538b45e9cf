"""Pages of the core app: home, login/logout, language, health (the audit log: views/audit.py)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import View
from django.views.i18n import set_language as django_set_language

from ..roles import Role
from ..scoping import restrict


class HomeView(View):
    """The start page: the user's contracts and their role on each."""

    access = "authenticated"  # shows only the user's own contracts (through restrict)

    def get(self, request: HttpRequest) -> HttpResponse:
        from yunwei.contracts.models import Contract, Membership

        contracts = restrict(Contract.objects.select_related("agency", "vendor"), request.user)
        roles: dict[int, list[str]] = {}
        for m in Membership.objects.filter(user=request.user).only("contract_id", "role"):
            roles.setdefault(m.contract_id, []).append(Role(m.role).label)
        rows = [(c, roles.get(c.pk, [])) for c in contracts.order_by("-service_start")[:100]]
        return render(request, "core/home.html", {"rows": rows})


@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers (reveals nothing else)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


healthz.access = "public"  # type: ignore[attr-defined]


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon."""
    from django.http import HttpResponseRedirect
    from django.templatetags.static import static

    return HttpResponseRedirect(static("core/favicon.svg"))


favicon.access = "public"  # type: ignore[attr-defined]


@login_not_required
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the UI language (zh-hans or en)."""
    return django_set_language(request)


set_language.access = "public"  # type: ignore[attr-defined]


class LoginView(auth_views.LoginView):
    """Log in (rate-limited by django-axes)."""

    access = "public"
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Log out (POST only)."""

    access = "public"
