"""API root, schema and docs views, open to any logged-in user (they reveal no data)."""

from __future__ import annotations

from django.conf import settings
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import APIRootView


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema."""

    access = "authenticated"
    permission_classes = [IsAuthenticated]


# Swagger UI (vendored by drf-spectacular-sidecar) sets inline styles: allowed on this page only.
@method_decorator(
    csp_override({**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}),
    name="dispatch",
)
class DocsView(SpectacularSwaggerSplitView):
    """The interactive API documentation."""

    access = "authenticated"
    permission_classes = [IsAuthenticated]


class RootView(APIRootView):
    """The API root: links to every collection."""

    access = "authenticated"
    permission_classes = [IsAuthenticated]
