"""URLs of the operations app."""

from django.urls import path

from . import views

app_name = "operations"


def _crud(prefix: str, key: str, group: dict, edit=None, detail=None) -> list:
    edit = edit or group["edit"]
    detail = detail or group["detail"]
    return [
        path(f"{prefix}", group["list"].as_view(), name=f"{key}_list"),
        path(f"{prefix}add/", edit.as_view(scope_action="add"), name=f"{key}_add"),
        path(f"{prefix}<int:pk>/", detail.as_view(), name=f"{key}_detail"),
        path(f"{prefix}<int:pk>/edit/", edit.as_view(), name=f"{key}_edit"),
        path(f"{prefix}<int:pk>/delete/", group["delete"].as_view(), name=f"{key}_delete"),
    ]


urlpatterns = [
    *_crud("", "accident", views.ACCIDENTS, edit=views.AccidentEditView,
           detail=views.AccidentDetailView),
    path("<int:pk>/act/", views.AccidentActView.as_view(), name="accident_act"),
    path("<int:pk>/report/", views.AccidentReportView.as_view(), name="accident_report"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(),
         name="accidentevidence_download"),
    *_crud("levels/", "accidentlevel", views.LEVELS),
    *_crud("terms/", "operationsterm", views.TERMS),
    *_crud("vulnerability-deadlines/", "vulnerabilitydeadline", views.DEADLINES),
    *_crud("policies/", "operationspolicy", views.POLICIES),
    *_crud("records/", "operationsrecord", views.RECORDS),
    path("records/<int:pk>/file/", views.RecordFileView.as_view(),
         name="operationsrecord_file"),
    *_crud("changes/", "change", views.CHANGES),
    path("changes/<int:pk>/approve/", views.ChangeApproveView.as_view(),
         name="change_approve"),
    *_crud("vulnerabilities/", "vulnerability", views.VULNERABILITIES),
]
