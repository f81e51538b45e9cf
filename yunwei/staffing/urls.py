"""URLs of the staffing app."""

from django.urls import path

from . import views

app_name = "staffing"


def _crud_urls(key: str, prefix: str, with_list: bool = True) -> list:
    v = views.CRUD[key]
    out = [
        path(f"{prefix}/add/", v["edit"].as_view(scope_action="add"), name=f"{key}_add"),
        path(f"{prefix}/<int:pk>/", v["detail"].as_view(), name=f"{key}_detail"),
        path(f"{prefix}/<int:pk>/edit/", v["edit"].as_view(), name=f"{key}_edit"),
        path(f"{prefix}/<int:pk>/delete/", v["delete"].as_view(), name=f"{key}_delete"),
    ]
    if with_list:
        out.append(path(f"{prefix}/", v["list"].as_view(), name=f"{key}_list"))
    return out


urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("people/add/", views.PersonEditView.as_view(scope_action="add"), name="person_add"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<int:pk>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path("people/<int:pk>/delete/", views.PersonDeleteView.as_view(), name="person_delete"),
    path("people/<int:pk>/entry/", views.PersonEntryView.as_view(), name="person_entry"),
    path("people/<int:pk>/qualifications/", views.QualificationAddView.as_view(),
         name="person_qualification"),
    path("people/<int:pk>/shifts.ics", views.PersonCalendarView.as_view(), name="person_ical"),
    path("leave/", views.LeaveListView.as_view(), name="leaverequest_list"),
    path("leave/add/", views.LeaveAddView.as_view(), name="leaverequest_add"),
    path("leave/<int:pk>/", views.LeaveDetailView.as_view(), name="leaverequest_detail"),
    path("leave/<int:pk>/decide/", views.LeaveDecideView.as_view(), name="leaverequest_decide"),
    path("leave/<int:pk>/evidence/", views.LeaveEvidenceView.as_view(),
         name="leaverequest_evidence"),
    path("replacements/", views.ReplacementListView.as_view(), name="replacementrequest_list"),
    path("replacements/add/", views.ReplacementAddView.as_view(),
         name="replacementrequest_add"),
    path("replacements/<int:pk>/", views.ReplacementDetailView.as_view(),
         name="replacementrequest_detail"),
    path("roster/", views.RosterMonthView.as_view(), name="roster"),
    path("roster/generate/", views.RosterGenerateView.as_view(), name="roster_generate"),
    path("roster/swap/", views.RosterSwapView.as_view(), name="roster_swap"),
    path("roster/publish/", views.RosterPublishView.as_view(), name="roster_publish"),
    path("roster/unpublish/", views.RosterUnpublishView.as_view(), name="roster_unpublish"),
    path("swaps/", views.SwapListView.as_view(), name="swaprequest_list"),
    path("swaps/add/", views.SwapAddView.as_view(), name="swaprequest_add"),
    path("swaps/<int:pk>/", views.SwapDetailView.as_view(), name="swaprequest_detail"),
    path("swaps/<int:pk>/answer/", views.SwapAnswerView.as_view(), name="swaprequest_answer"),
    path("swaps/<int:pk>/decide/", views.SwapDecideView.as_view(), name="swaprequest_decide"),
    path("swaps/<int:pk>/withdraw/", views.SwapWithdrawView.as_view(),
         name="swaprequest_withdraw"),
    path("people/<int:pk>/feed/", views.PersonFeedView.as_view(), name="person_feed"),
    path("feed/<str:token>.ics", views.FeedView.as_view(), name="feed"),
    path("roster/add/", views.RosterShiftAddView.as_view(), name="rostershift_add"),
    path("roster/<int:pk>/", views.RosterShiftDetailView.as_view(), name="rostershift_detail"),
    path("roster/<int:pk>/delete/", views.RosterShiftDeleteView.as_view(),
         name="rostershift_delete"),
    path("on-duty/", views.OnDutyView.as_view(), name="on_duty"),
    path("on-duty/panel/", views.DeskPanelView.as_view(), name="desk_panel"),
    path("my-shifts/", views.MyShiftsView.as_view(), name="my_shifts"),
    path("import/", views.ImportView.as_view(), name="importbatch_add"),
    path("imports/", views.ImportBatchListView.as_view(), name="importbatch_list"),
    path("imports/<int:pk>/", views.ImportBatchDetailView.as_view(), name="importbatch_detail"),
    path("attendance/derive/", views.DeriveView.as_view(), name="derive"),
    *_crud_urls("attendancerecord", "attendance"),
    *_crud_urls("post", "posts"),
    *_crud_urls("leaverule", "leave-rules"),
    *_crud_urls("shiftpattern", "shifts"),
    *_crud_urls("specialperiod", "special"),
    *_crud_urls("staffingterms", "terms", with_list=False),
]
