from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members and organisations")

    def ready(self):
        # Infrastructure, not business logic: saves renew the versions of the derived data.
        from . import second_factor, signals

        signals.connect()
        second_factor.connect()
