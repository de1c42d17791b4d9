from axes import apps as axes_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CopPortalConfig(AppConfig):
    name = "cop_portal"
    verbose_name = _("Voice CoP Portal")


class AxesConfig(axes_apps.AppConfig):
    """django-axes, with a translated name for its section of the admin: the record of
    sign-in attempts on the portal (whose sign-in page is also the admin's)."""

    verbose_name = _("Sign-in attempts")
