"""The old equipment ledger's URLs (namespace `assets`), now redirects to the items."""

from django.urls import path

from . import ledger

app_name = "assets"
urlpatterns = [
    path("", ledger.EquipmentListRedirectView.as_view(), name="equipment_list"),
    path("<int:pk>/", ledger.EquipmentDetailRedirectView.as_view(), name="equipment_detail"),
]
