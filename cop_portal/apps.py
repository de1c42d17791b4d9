from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CopPortalConfig(AppConfig):
    name = "cop_portal"
    verbose_name = _("Voice CoP Portal")


class AxesConfig(axes_apps.AppConfig):
    """django-axes, with a translated name for its section of the admin: the record of
    sign-in attempts on the portal (whose sign-in page is also the admin's)."""

    verbose_name = _("Sign-in attempts")


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the portal's site (cop_portal/core/admin_site.py)."""

    default = False  # "cop_portal" in INSTALLED_APPS stays CopPortalConfig
    default_site = "cop_portal.core.admin_site.PortalAdminSite"
