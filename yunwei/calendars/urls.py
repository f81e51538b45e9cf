"""URLs of the calendars app."""

from django.urls import path

from . import views as v

app_name = "calendars"


def crud(prefix: str, key: str, list_view, detail, edit, delete) -> list:
    """The four routes of a model: list, add, detail, edit, delete."""
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{key}_list"),
        path(f"{prefix}/add/", edit.as_view(scope_action="add"), name=f"{key}_add"),
        path(f"{prefix}/<int:pk>/", detail.as_view(), name=f"{key}_detail"),
        path(f"{prefix}/<int:pk>/edit/", edit.as_view(), name=f"{key}_edit"),
        path(f"{prefix}/<int:pk>/delete/", delete.as_view(), name=f"{key}_delete"),
    ]


urlpatterns = [
    path("holidays/", v.HolidayYearListView.as_view(), name="holidayyear_list"),
    path("holidays/add/", v.HolidayYearImportView.as_view(), name="holidayyear_add"),
    path("holidays/submit/", v.HolidaySubmitView.as_view(), name="holidaysubmission_add"),
    path("holidays/submissions/<int:pk>/", v.HolidaySubmissionDetailView.as_view(),
         name="holidaysubmission_detail"),
    path("holidays/submissions/<int:pk>/confirm/",
         v.HolidaySubmissionReviewView.as_view(decision="confirm"),
         name="holidaysubmission_confirm"),
    path("holidays/submissions/<int:pk>/reject/",
         v.HolidaySubmissionReviewView.as_view(decision="reject"),
         name="holidaysubmission_reject"),
    path("holidays/<int:pk>/", v.HolidayYearDetailView.as_view(), name="holidayyear_detail"),
    path("holidays/<int:pk>/delete/", v.HolidayYearDeleteView.as_view(),
         name="holidayyear_delete"),
    path("holidays/days/add/", v.HolidayDayEditView.as_view(scope_action="add"),
         name="holidayday_add"),
    path("holidays/days/<int:pk>/edit/", v.HolidayDayEditView.as_view(), name="holidayday_edit"),
    path("holidays/days/<int:pk>/delete/", v.HolidayDayDeleteView.as_view(),
         name="holidayday_delete"),
    path("sla/<int:pk>/calculate/", v.SlaPolicyCalculateView.as_view(),
         name="slapolicy_calculate"),
    *crud("calendars", "workingcalendar", v.WorkingCalendarListView, v.WorkingCalendarDetailView,
          v.WorkingCalendarEditView, v.WorkingCalendarDeleteView),
    *crud("sla", "slapolicy", v.SlaPolicyListView, v.SlaPolicyDetailView, v.SlaPolicyEditView,
          v.SlaPolicyDeleteView),
    *crud("sla-targets", "slatarget", v.SlaTargetListView, v.SlaTargetDetailView,
          v.SlaTargetEditView, v.SlaTargetDeleteView),
    *crud("pause-reasons", "pausereason", v.PauseReasonListView, v.PauseReasonDetailView,
          v.PauseReasonEditView, v.PauseReasonDeleteView),
]
