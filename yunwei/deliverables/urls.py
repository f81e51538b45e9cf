"""URLs of the deliverables app."""

from django.urls import path

from . import views

app_name = "deliverables"
urlpatterns = [
    path("", views.DeliverableListView.as_view(), name="deliverable_list"),
    path("<int:pk>/", views.DeliverableDetailView.as_view(), name="deliverable_detail"),
    path("<int:pk>/submit/", views.DeliverableSubmitView.as_view(), name="deliverable_submit"),
    path("<int:pk>/review/", views.DeliverableReviewView.as_view(), name="deliverable_review"),
    path("<int:pk>/report/", views.DeliverableReportView.as_view(), name="deliverable_report"),
    path("files/<int:pk>/", views.SubmissionDownloadView.as_view(),
         name="submission_download"),
    path("types/", views.DocumentTypeListView.as_view(), name="documenttype_list"),
    path("types/add/", views.DocumentTypeEditView.as_view(scope_action="add"),
         name="documenttype_add"),
    path("types/<int:pk>/", views.DocumentTypeDetailView.as_view(),
         name="documenttype_detail"),
    path("types/<int:pk>/edit/", views.DocumentTypeEditView.as_view(),
         name="documenttype_edit"),
    path("types/<int:pk>/delete/", views.DocumentTypeDeleteView.as_view(),
         name="documenttype_delete"),
    path("acceptance/", views.AcceptanceListView.as_view(), name="acceptance_list"),
    path("acceptance/add/", views.AcceptanceEditView.as_view(scope_action="add"),
         name="acceptance_add"),
    path("acceptance/<int:pk>/", views.AcceptanceDetailView.as_view(),
         name="acceptance_detail"),
    path("acceptance/<int:pk>/edit/", views.AcceptanceEditView.as_view(),
         name="acceptance_edit"),
    path("acceptance/<int:pk>/delete/", views.AcceptanceDeleteView.as_view(),
         name="acceptance_delete"),
    path("acceptance/<int:pk>/package/", views.AcceptancePackageView.as_view(),
         name="acceptance_package"),
    *[path(f"acceptance/<int:pk>/{step}/", views.AcceptanceActView.as_view(step=step),
           name=f"acceptance_{step}") for step in ("request", "opinion", "finding", "sign")],
    path("findings/<int:pk>/rectify/", views.FindingRectifyView.as_view(),
         name="finding_rectify"),
]
