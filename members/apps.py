from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members and organisations")

    def ready(self):
        # Infrastructure, not business logic: saves renew the versions of the derived data.
        from cop_portal.core.mail import on_unreachable

        from . import second_factor, signals
        from .channels.telegram import forget_unreachable

        signals.connect()
        second_factor.connect()
        # A chat that blocked the bot is forgotten when a message to it comes back.
        on_unreachable(forget_unreachable)
