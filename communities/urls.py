from django.urls import path

from . import views

urlpatterns = [
    path("", views.directory, name="community_directory"),
    path("new/", views.community_create, name="community_create"),
    path("<str:slug>/", views.community_detail, name="community_detail"),
    path("<str:slug>/edit/", views.community_edit, name="community_edit"),
]
urlpatterns += [
    path("<str:slug>/members/", views.community_members, name="community_members"),
    path("<str:slug>/log/", views.community_log, name="community_log"),
    path("<str:slug>/close/", views.community_close, name="community_close"),
    path("<str:slug>/ideas/", views.community_ideas, name="community_ideas"),
    path("<str:slug>/resources/", views.community_resources, name="community_resources"),
    path("<str:slug>/discussions/", views.community_discussions, name="community_discussions"),
    path("<str:slug>/discussions/<int:pk>/", views.discussion_detail, name="discussion_detail"),
    path(
        "<str:slug>/discussions/<int:pk>/posts/<int:post_pk>/edit/",
        views.post_edit,
        name="post_edit",
    ),
    path("<str:slug>/ideas/<int:pk>/", views.idea_detail, name="idea_detail"),
    path("<str:slug>/objectives/", views.community_objectives, name="community_objectives"),
    path(
        "<str:slug>/objectives/<int:pk>/",
        views.community_objectives,
        name="community_objective_edit",
    ),
]
