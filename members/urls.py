from django.urls import path

from . import views

urlpatterns = [
    path("", views.organization_list, name="organization_list"),
    path("<str:slug>/", views.organization_detail, name="organization_detail"),
    path("<str:slug>/edit/", views.organization_edit, name="organization_edit"),
    path("<str:slug>/log/", views.organization_log, name="organization_log"),
]
