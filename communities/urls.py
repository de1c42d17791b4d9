from django.urls import path

from . import views

COMMUNITY = "communities/<str:slug>/"

urlpatterns = [
    path("communities/new/", views.community_create, name="community_create"),
    path(f"{COMMUNITY}edit/", views.community_edit, name="community_edit"),
    path(f"{COMMUNITY}members/", views.community_members, name="community_members"),
    path(f"{COMMUNITY}log/", views.community_log, name="community_log"),
    path(f"{COMMUNITY}ideas/", views.community_ideas, name="community_ideas"),
    path(f"{COMMUNITY}resources/", views.community_resources, name="community_resources"),
    path(f"{COMMUNITY}people/", views.community_people, name="community_people"),
    # A newcomer's welcome panel: introducing themselves, or closing it.
    path(f"{COMMUNITY}welcome/introduce/", views.community_introduce, name="community_introduce"),
    path(f"{COMMUNITY}welcome/dismiss/", views.welcome_dismiss, name="welcome_dismiss"),
    path(f"{COMMUNITY}discussions/", views.community_discussions, name="community_discussions"),
    path(f"{COMMUNITY}discussions/<int:pk>/", views.discussion_detail, name="discussion_detail"),
    path(
        f"{COMMUNITY}discussions/<int:pk>/follow/",
        views.discussion_follow,
        name="discussion_follow",
    ),
    path(
        f"{COMMUNITY}discussions/<int:pk>/posts/<int:post_pk>/edit/",
        views.post_edit,
        name="post_edit",
    ),
    path(f"{COMMUNITY}objectives/", views.community_objectives, name="community_objectives"),
    path(
        f"{COMMUNITY}objectives/<int:pk>/",
        views.community_objectives,
        name="community_objective_edit",
    ),
    # The shared library: every resource the person may see, across their communities.
    path("resources/", views.library, name="library"),
    path("resources/<int:pk>/download/", views.resource_download, name="resource_download"),
    # A focal point's answers for their organisation: proposals, and taking part.
    path(
        "organizations/<str:slug>/communities/",
        views.organization_communities,
        name="organization_communities",
    ),
    # Invitations: into an organisation (its focal points), as a guest of a community (its
    # facilitators), as a facilitator (admins).
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("invitations/new/", views.invitation_create, name="invitation_create"),
    path("invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("invitations/<int:pk>/link/", views.invitation_link, name="invitation_link"),
    path("invitations/accept/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
