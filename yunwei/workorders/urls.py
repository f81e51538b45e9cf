"""URLs of the work orders app."""

from django.urls import path

from .views import admin, detail, intake, queue

app_name = "workorders"
urlpatterns = [
    path("", queue.WorkOrderListView.as_view(), name="workorder_list"),
    path("add/", intake.DeskIntakeView.as_view(), name="workorder_add"),
    path("dashboard/<int:pk>/", queue.DashboardView.as_view(), name="dashboard"),
    path("report/", intake.SelfServiceView.as_view(), name="workorder_report"),
    path("<int:pk>/", detail.WorkOrderDetailView.as_view(), name="workorder_detail"),
    path("<int:pk>/do/<slug:code>/", detail.WorkOrderActView.as_view(), name="workorder_act"),
    path("<int:pk>/print.pdf", detail.WorkOrderPrintView.as_view(), name="workorder_print"),
    path("<int:pk>/record/", detail.WorkOrderRecordView.as_view(), name="workorder_record"),
    path("<int:pk>/comment/", detail.WorkOrderCommentView.as_view(), name="workorder_comment"),
    path("attachments/<int:pk>/", detail.AttachmentDownloadView.as_view(),
         name="attachment_download"),
    path("notifications/", admin.NotificationListView.as_view(), name="notification_list"),
    path("notifications/read/", admin.NotificationReadView.as_view(), name="notification_read"),
    path("phone/", intake.PhoneNoticeListView.as_view(), name="phonenotice_list"),
    path("phone/add/", intake.PhoneNoticeAddView.as_view(), name="phonenotice_add"),
    path("phone/<int:pk>/", intake.PhoneNoticeDetailView.as_view(), name="phonenotice_detail"),
    path("phone/<int:pk>/solve/", intake.PhoneNoticeSolveView.as_view(),
         name="phonenotice_solve"),
    path("settings/add/", admin.DeskSettingsEditView.as_view(scope_action="add"),
         name="desksettings_add"),
    path("settings/<int:pk>/", admin.DeskSettingsDetailView.as_view(),
         name="desksettings_detail"),
    path("settings/<int:pk>/edit/", admin.DeskSettingsEditView.as_view(),
         name="desksettings_edit"),
    path("mailboxes/", admin.MailboxListView.as_view(), name="mailbox_list"),
    path("mailboxes/add/", admin.MailboxEditView.as_view(scope_action="add"), name="mailbox_add"),
    path("mailboxes/<int:pk>/", admin.MailboxDetailView.as_view(), name="mailbox_detail"),
    path("mailboxes/<int:pk>/edit/", admin.MailboxEditView.as_view(), name="mailbox_edit"),
    path("mailboxes/<int:pk>/delete/", admin.MailboxDeleteView.as_view(),
         name="mailbox_delete"),
    path("mailboxes/<int:pk>/poll/", admin.MailboxPollView.as_view(), name="mailbox_poll"),
    path("mail/", admin.MailMessageListView.as_view(), name="mailmessage_list"),
    path("mail/<int:pk>/", admin.MailMessageDetailView.as_view(), name="mailmessage_detail"),
    path("mail/<int:pk>/retry/", admin.MailMessageRetryView.as_view(), name="mailmessage_retry"),
]
