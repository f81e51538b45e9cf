"""URLs of the assets app."""

from django.urls import path

from . import views

app_name = "assets"
urlpatterns = [
    path("", views.EquipmentListView.as_view(), name="equipment_list"),
    path("add/", views.EquipmentEditView.as_view(scope_action="add"), name="equipment_add"),
    path("<int:pk>/", views.EquipmentDetailView.as_view(), name="equipment_detail"),
    path("<int:pk>/edit/", views.EquipmentEditView.as_view(), name="equipment_edit"),
    path("<int:pk>/delete/", views.EquipmentDeleteView.as_view(), name="equipment_delete"),
]
