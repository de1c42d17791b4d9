from django.urls import path

from . import views

urlpatterns = [
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/new/sent/", views.activity_sent, name="activity_sent"),
    path("activities/waiting/", views.outbox, name="outbox"),
    path("activities/calendar/", views.activity_calendar, name="activity_calendar"),
    path("activities/calendar/link/", views.activity_calendar_link, name="activity_calendar_link"),
    path("activities/calendar.ics", views.activity_calendar_feed, name="activity_calendar_feed"),
    path("activities/export.csv", views.activity_export_csv, name="activity_export_csv"),
    path("activities/export.xlsx", views.activity_export_xlsx, name="activity_export_xlsx"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("activities/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "activities/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "activities/<int:pk>/attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("communities/<str:slug>/activities/", views.activity_list, name="community_activities"),
    path("communities/<str:slug>/report/", views.community_report, name="community_report"),
    # Closing a community warns of its planned activities, so it lives here, above both.
    path("communities/<str:slug>/close/", views.community_close, name="community_close"),
    path("reports/", views.programme_report, name="programme_report"),
    path("reports/export.xlsx", views.programme_report_export, name="programme_report_export"),
]
