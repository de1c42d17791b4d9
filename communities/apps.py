from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities")

    def ready(self):
        # Infrastructure, not business logic: saves renew the versions of the derived data.
        from . import notifications, signals

        signals.connect()
        # Each new card of a stream goes to the job queue, which tells who hears of it.
        notifications.connect()
