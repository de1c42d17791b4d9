"""The portal's URLs and a "telegram_connect" page (the Telegram channel's, on its own
branch), for the settings page's "Connect Telegram" link."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path

from cop_portal.urls import urlpatterns as portal


def connect(request):
    return HttpResponse("connect")


urlpatterns = [
    *portal,
    *i18n_patterns(
        path("accounts/telegram/connect/", connect, name="telegram_connect"),
        prefix_default_language=True,
    ),
]
