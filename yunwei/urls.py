"""The root URL configuration."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from yunwei.core.views import account, audit, jobs, pages

admin.site.site_header = "运维 Yunwei"
admin.site.site_title = "运维 Yunwei"
# The admin site is for system administrators (superusers) only.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

urlpatterns = [
    path("api/", include("yunwei.api_urls")),  # first: the busiest prefix, resolved soonest
    path("", pages.HomeView.as_view(), name="home"),
    path("login/", pages.LoginView.as_view(), name="login"),
    path("logout/", pages.LogoutView.as_view(), name="logout"),
    path("language/", pages.set_language, name="set_language"),
    path("healthz", pages.healthz, name="healthz"),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("audit/", audit.AuditLogView.as_view(), name="audit_log"),
    path("jobs/", jobs.JobsView.as_view(), name="jobs"),
    path("account/", account.AccountView.as_view(), name="account"),
    path("account/token/", account.TokenCreateView.as_view(), name="account_token"),
    path("account/notifications/", account.PreferencesView.as_view(),
         name="account_notifications"),
    path("account/token/revoke/", account.TokenRevokeView.as_view(),
         name="account_token_revoke"),
    path("account/password/", account.PasswordChangeView.as_view(), name="password_change"),
    path("organizations/", include("yunwei.organizations.urls")),
    path("contracts/", include("yunwei.contracts.urls")),
    # the old equipment ledger: redirects to the configuration items (docs/domains/inventory.md)
    path("equipment/", include("yunwei.inventory.ledger_urls")),
    path("deliverables/", include("yunwei.deliverables.urls")),
    path("calendars/", include("yunwei.calendars.urls")),
    path("workorders/", include("yunwei.workorders.urls")),
    path("operations/", include("yunwei.operations.urls")),
    path("assessment/", include("yunwei.assessment.urls")),
    path("staffing/", include("yunwei.staffing.urls")),
    path("inventory/", include("yunwei.inventory.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:  # pragma: no cover - development only
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
