from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activities")

    def ready(self):
        # Infrastructure, not business logic: saves renew the versions of the derived data.
        from . import signals

        signals.connect()
