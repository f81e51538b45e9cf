"""URLs of the assessment app."""

from django.urls import path

from . import lpr_views, views

app_name = "assessment"
urlpatterns = [
    path("", views.SchemeListView.as_view(), name="scheme_list"),
    path("add/", views.SchemeAddView.as_view(), name="scheme_add"),
    path("<int:pk>/", views.SchemeDetailView.as_view(), name="scheme_detail"),
    path("<int:pk>/score/", views.ScoreView.as_view(), name="scheme_score"),
    path("<int:pk>/statement.xlsx", views.StatementView.as_view(), name="scheme_statement"),
    path("<int:pk>/statement.pdf", views.StatementPdfView.as_view(), name="scheme_statement_pdf"),
    path("<int:pk>/edit/", views.SchemeEditView.as_view(), name="scheme_edit"),
    path("<int:pk>/rules/", views.SchemeDefinitionView.as_view(), name="scheme_definition"),
    path("<int:pk>/score/decide/", views.DecidePendingView.as_view(), name="scheme_decide"),
    path("lpr/", lpr_views.LprView.as_view(), name="lpr"),
    path("objections/<int:pk>/answer/", views.ObjectionAnswerView.as_view(),
         name="objection_answer"),
]
for prefix, (model, crud) in views.RECORDS.items():
    key = model.__name__.lower()
    urlpatterns += [
        path(f"{prefix}/", crud["list"].as_view(), name=f"{key}_list"),
        path(f"{prefix}/add/", crud["edit"].as_view(scope_action="add"), name=f"{key}_add"),
        path(f"{prefix}/<int:pk>/", crud["detail"].as_view(), name=f"{key}_detail"),
        path(f"{prefix}/<int:pk>/edit/", crud["edit"].as_view(), name=f"{key}_edit"),
        path(f"{prefix}/<int:pk>/delete/", crud["delete"].as_view(), name=f"{key}_delete"),
    ]
