"""URLs of the contracts app."""

from django.urls import path

from . import views

app_name = "contracts"
urlpatterns = [
    path("", views.ContractListView.as_view(), name="contract_list"),
    path("add/", views.ContractEditView.as_view(scope_action="add"), name="contract_add"),
    path("<int:pk>/", views.ContractDetailView.as_view(), name="contract_detail"),
    path("<int:pk>/edit/", views.ContractEditView.as_view(), name="contract_edit"),
    path("<int:pk>/delete/", views.ContractDeleteView.as_view(), name="contract_delete"),
    path("members/", views.MembershipListView.as_view(), name="membership_list"),
    path("members/add/", views.MembershipEditView.as_view(scope_action="add"),
         name="membership_add"),
    path("members/<int:pk>/", views.MembershipDetailView.as_view(), name="membership_detail"),
    path("members/<int:pk>/edit/", views.MembershipEditView.as_view(), name="membership_edit"),
    path("members/<int:pk>/delete/", views.MembershipDeleteView.as_view(),
         name="membership_delete"),
]
