from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("search/", views.search_view, name="search"),
    path("communities/", views.directory, name="community_directory"),
    path("communities/<str:slug>/", views.community_detail, name="community_detail"),
    path("communities/<str:slug>/about/", views.community_about, name="community_about"),
    path("communities/<str:slug>/ideas/<int:pk>/", views.idea_detail, name="idea_detail"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/<str:slug>/", views.organization_detail, name="organization_detail"),
    path("knowledge/", views.knowledge_map, name="knowledge_map"),
]
