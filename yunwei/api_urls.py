"""The REST API: one router for every app, the OpenAPI schema and its docs page."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from yunwei.assessment.api.views import ObjectionViewSet, SchemeStepsViewSet, record_viewsets
from yunwei.assets.api.views import EquipmentViewSet
from yunwei.calendars.api.views import (
    HolidayYearViewSet,
    PauseReasonViewSet,
    SlaPolicyViewSet,
    SlaTargetViewSet,
    WorkingCalendarViewSet,
)
from yunwei.contracts.api.views import ContractViewSet, MembershipViewSet
from yunwei.core.api.docs import DocsView, RootView, SchemaView
from yunwei.core.api.meta import WhoAmIView
from yunwei.core.api.notices import NoticeListView, NoticeReadView
from yunwei.deliverables.api.views import (
    AcceptanceViewSet,
    DeliverableViewSet,
    DocumentTypeViewSet,
    FindingViewSet,
    SubmissionViewSet,
)
from yunwei.inventory.api.views import (
    AvailabilityTargetViewSet,
    ConfigItemViewSet,
    InspectionPlanViewSet,
    InspectionRoundViewSet,
    InspectionTemplateViewSet,
    ItemTypeViewSet,
    MaintenanceWindowViewSet,
    OutageViewSet,
    TemplateCheckViewSet,
    WorkOrderItemViewSet,
)
from yunwei.operations.api.views import (
    AccidentLevelViewSet,
    AccidentViewSet,
    ChangeViewSet,
    OperationsRecordViewSet,
    OperationsTermViewSet,
    VulnerabilityDeadlineViewSet,
    VulnerabilityViewSet,
)
from yunwei.organizations.api.views import OrganizationViewSet
from yunwei.staffing.api.views import (
    AttendanceRecordViewSet,
    LeaveRequestViewSet,
    PersonViewSet,
    ReplacementRequestViewSet,
    RosterChangeViewSet,
    RosterMonthViewSet,
    RosterShiftViewSet,
    SwapRequestViewSet,
)
from yunwei.workorders.api.views import WorkOrderViewSet


class Router(DefaultRouter):
    """The default router with a login-only root view."""

    APIRootView = RootView


router = Router()
router.register("workorders", WorkOrderViewSet, basename="workorder")  # the busiest: first
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("contracts", ContractViewSet, basename="contract")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("equipment", EquipmentViewSet, basename="equipment")
router.register("calendars", WorkingCalendarViewSet, basename="workingcalendar")
router.register("sla-policies", SlaPolicyViewSet, basename="slapolicy")
router.register("sla-targets", SlaTargetViewSet, basename="slatarget")
router.register("pause-reasons", PauseReasonViewSet, basename="pausereason")
router.register("holiday-years", HolidayYearViewSet, basename="holidayyear")
router.register("accidents", AccidentViewSet, basename="opsaccident")
router.register("accident-levels", AccidentLevelViewSet, basename="accidentlevel")
router.register("operations-terms", OperationsTermViewSet, basename="operationsterm")
router.register("vulnerability-deadlines", VulnerabilityDeadlineViewSet,
                basename="vulnerabilitydeadline")
router.register("operations-records", OperationsRecordViewSet, basename="operationsrecord")
router.register("changes", ChangeViewSet, basename="change")
router.register("vulnerabilities", VulnerabilityViewSet, basename="vulnerability")
router.register("staff", PersonViewSet, basename="staffing-person")
router.register("roster", RosterShiftViewSet, basename="staffing-rostershift")
router.register("attendance", AttendanceRecordViewSet, basename="staffing-attendancerecord")
router.register("roster-months", RosterMonthViewSet, basename="staffing-rostermonth")
router.register("roster-changes", RosterChangeViewSet, basename="staffing-rosterchange")
router.register("swaps", SwapRequestViewSet, basename="staffing-swaprequest")
router.register("leave", LeaveRequestViewSet, basename="staffing-leaverequest")
router.register("replacements", ReplacementRequestViewSet,
                basename="staffing-replacementrequest")
router.register("config-items", ConfigItemViewSet, basename="configitem")
router.register("outages", OutageViewSet, basename="outage")
router.register("inspection-rounds", InspectionRoundViewSet, basename="inspectionround")
router.register("schemes", SchemeStepsViewSet, basename="scheme")
router.register("objections", ObjectionViewSet, basename="objection")
for _prefix, (_basename, _viewset) in record_viewsets().items():
    router.register(_prefix, _viewset, basename=_basename)
router.register("item-types", ItemTypeViewSet, basename="itemtype")
router.register("inspection-templates", InspectionTemplateViewSet,
                basename="inspectiontemplate")
router.register("template-checks", TemplateCheckViewSet, basename="templatecheck")
router.register("inspection-plans", InspectionPlanViewSet, basename="inspectionplan")
router.register("maintenance-windows", MaintenanceWindowViewSet, basename="maintenancewindow")
router.register("availability-targets", AvailabilityTargetViewSet,
                basename="availabilitytarget")
router.register("work-order-items", WorkOrderItemViewSet, basename="workorderitem")
router.register("document-types", DocumentTypeViewSet, basename="documenttype")
router.register("deliverables", DeliverableViewSet, basename="deliverable")
router.register("submissions", SubmissionViewSet, basename="submission")
router.register("acceptances", AcceptanceViewSet, basename="acceptance")
router.register("acceptance-findings", FindingViewSet, basename="finding")

urlpatterns = [
    path("", include(router.urls)),
    path("me/", WhoAmIView.as_view(), name="api-me"),
    path("notices/", NoticeListView.as_view(), name="api-notices"),
    path("notices/read/", NoticeReadView.as_view(), name="api-notices-read"),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
]
