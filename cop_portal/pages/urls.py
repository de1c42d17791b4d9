from django.urls import path

from . import views, webapp

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
    path("offline/", webapp.offline, name="offline"),
]

# Outside the language prefix: the service worker's scope is the whole site, both
# languages, and the manifest says its language itself.
unprefixed_urlpatterns = [
    path("manifest.webmanifest", webapp.manifest, name="manifest"),
    path("service-worker.js", webapp.service_worker, name="service_worker"),
]
