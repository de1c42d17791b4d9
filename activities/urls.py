from django.urls import path

from . import views

urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("new/", views.activity_create, name="activity_create"),
    path("calendar/", views.activity_calendar, name="activity_calendar"),
    path("calendar/link/", views.activity_calendar_link, name="activity_calendar_link"),
    path("calendar.ics", views.activity_calendar_feed, name="activity_calendar_feed"),
    path("export.csv", views.activity_export_csv, name="activity_export_csv"),
    path("export.xlsx", views.activity_export_xlsx, name="activity_export_xlsx"),
    path("<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
]
