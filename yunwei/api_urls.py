"""The REST API: one router for every app, the OpenAPI schema and its docs page."""

from django.conf import settings
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from yunwei.assets.api.views import EquipmentViewSet
from yunwei.contracts.api.views import ContractViewSet, MembershipViewSet
from yunwei.core.api.meta import WhoAmIView
from yunwei.organizations.api.views import OrganizationViewSet

router = DefaultRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("contracts", ContractViewSet, basename="contract")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("equipment", EquipmentViewSet, basename="equipment")

urlpatterns = [
    path("", include(router.urls)),
    path("me/", WhoAmIView.as_view(), name="api-me"),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]),
         name="api-schema"),
    # Swagger UI (vendored by drf-spectacular-sidecar) sets inline styles; allow them here only.
    path("docs/", csp_override({**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]})(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema",
                                            permission_classes=[IsAuthenticated])
    ), name="api-docs"),
]
