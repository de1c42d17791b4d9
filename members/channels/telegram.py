"""A placeholder until the Telegram channel lands (issue 18, point 5, on its own branch):
the site offers no Telegram yet. The real module replaces this one."""

from django.utils.translation import gettext_lazy as _


class TelegramChannel:
    name = "telegram"
    label = _("Telegram")
    default_when = "now"

    def available(self) -> bool:
        return False

    def reaches(self, person) -> bool:
        return False

    def send(self, *, person, message) -> None:
        raise NotImplementedError("The Telegram channel is not installed.")


channel = TelegramChannel()
