from django.urls import include, path, re_path
from django.views.generic import RedirectView

from . import views

urlpatterns = [
    # Before allauth's own patterns: the same sign-in, answering 429 when rate-limited.
    path("accounts/login/", views.LoginView.as_view(), name="account_login"),
    path("accounts/preferences/", views.preferences, name="preferences"),
    path("accounts/telegram/connect/", views.telegram_connect, name="telegram_connect"),
    path("accounts/telegram/disconnect/", views.telegram_disconnect, name="telegram_disconnect"),
    path("accounts/notifications/", views.notification_settings, name="notification_settings"),
    path(
        "accounts/notifications/unsubscribe/<str:token>/",
        views.notification_unsubscribe,
        name="notification_unsubscribe",
    ),
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
    path("organizations/<str:slug>/edit/", views.organization_edit, name="organization_edit"),
    path("organizations/<str:slug>/log/", views.organization_log, name="organization_log"),
    path("n/<str:token>/", views.notice_open, name="notice_open"),
]

# Outside the language prefix: the address Telegram posts updates to (a webhook).
unprefixed_urlpatterns = [
    path("telegram/webhook/", views.telegram_webhook, name="telegram_webhook"),
]
