from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from activities import views as activity_views
from communities import views as community_views
from members import views as member_views

from . import views

admin.site.site_header = _("Voice CoP Portal: administration")
admin.site.site_title = _("Voice CoP Portal administration")
admin.site.index_title = _("Administration")
# The admin signs in on the portal's own page, in the person's language: the same limits
# on wrong passwords, and the same second step.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("search/", views.search_view, name="search"),
    # Before allauth's own patterns: the same sign-in, answering 429 when rate-limited.
    path("accounts/login/", member_views.LoginView.as_view(), name="account_login"),
    # The same reset, saying so when the e-mail cannot leave.
    path(
        "accounts/password/reset/",
        member_views.PasswordResetView.as_view(),
        name="account_reset_password",
    ),
    path("accounts/preferences/", member_views.preferences, name="preferences"),
    # The accounts' root: "My account" (allauth would send it to its e-mail page, closed).
    path("accounts/", RedirectView.as_view(pattern_name="preferences"), name="account_root"),
    # Nobody adds an e-mail address or changes their own (it would send mail in their name
    # to any address): an admin changes a person's address in the admin. allauth's e-mail
    # pages, and its confirmation pages with them, answer 404 to everyone.
    path("accounts/email/", views.not_offered, name="account_email"),
    path("accounts/confirm-email/", views.not_offered, name="account_email_verification_sent"),
    re_path(
        r"^accounts/confirm-email/(?P<key>[-:\w]+)/$",
        views.not_offered,
        name="account_confirm_email",
    ),
    path("accounts/", include("allauth.urls")),
    path("activities/", include("activities.urls")),
    path(
        "communities/<str:slug>/activities/",
        activity_views.activity_list,
        name="community_activities",
    ),
    path(
        "communities/<str:slug>/report/",
        activity_views.community_report,
        name="community_report",
    ),
    path("communities/", include("communities.urls")),
    path("reports/", activity_views.programme_report, name="programme_report"),
    path(
        "reports/export.xlsx",
        activity_views.programme_report_export,
        name="programme_report_export",
    ),
    path("resources/", community_views.library, name="library"),
    path(
        "resources/<int:pk>/download/", community_views.resource_download, name="resource_download"
    ),
    path(
        "organizations/<str:slug>/communities/",
        community_views.organization_communities,
        name="organization_communities",
    ),
    path("organizations/", include("members.urls")),
    path("n/<str:token>/", member_views.notice_open, name="notice_open"),
    path("knowledge/", member_views.knowledge_map, name="knowledge_map"),
    path("invitations/", member_views.invitation_list, name="invitation_list"),
    path("invitations/new/", member_views.invitation_create, name="invitation_create"),
    path(
        "invitations/accept/<str:token>/",
        member_views.invitation_accept,
        name="invitation_accept",
    ),
    prefix_default_language=True,
)

# Uploaded files are never served as plain static files, not even in development: they
# belong to communities, and a view that checks who asks will serve them.
