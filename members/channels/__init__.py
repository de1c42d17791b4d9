"""The ways a person hears of news: e-mail, and messengers (Telegram). Each channel is one
module of this package holding a `channel` object that follows `Channel`; the site's
channels are `settings.NOTIFICATION_CHANNELS` (module paths), so that another messenger is
one more module and one more line there.

A channel never talks to another server in a request: `send` keeps the message in the
current transaction (a `cop_portal.core.models.Delivery`), and the job queue sends it once
that transaction has committed.
"""

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Protocol

from django.conf import settings


@dataclass(frozen=True)
class Message:
    """What a person is told, already in their language and digits. `subject` is an
    e-mail's subject (a messenger's first line); `text` the plain text; `html` an e-mail's
    HTML part (none for a messenger); `url` the page it leads to (an opaque one for a
    discreet notification); `unsubscribe_url` a one-click way to stop such messages."""

    subject: str
    text: str
    html: str = ""
    url: str = ""
    unsubscribe_url: str = ""


class Channel(Protocol):
    name: str  # stored in NotificationSetting.channel: "email", "telegram"
    label: str  # shown to people (lazily translated)
    default_when: str  # NotificationSetting.When for a kind the person has not set

    def available(self) -> bool:
        """Whether this site offers the channel at all (Telegram: a bot token is set)."""

    def reaches(self, person) -> bool:
        """Whether a message would reach `person` (Telegram: their chat is connected)."""

    def send(self, *, person, message: Message) -> None:
        """Keep `message` for `person`, sent by the job queue after the commit."""

    # Optional: `sends_html = True` for a channel that shows a digest in full (e-mail); a
    # messenger gets a short digest, counts per community and one link.


@cache
def _loaded(paths: tuple[str, ...]) -> tuple:
    return tuple(import_module(path).channel for path in paths)


def all_channels() -> tuple:
    """Every channel this site offers, in the order of the settings."""
    channels = _loaded(tuple(settings.NOTIFICATION_CHANNELS))
    return tuple(channel for channel in channels if channel.available())


def get_channel(name: str):
    return next((channel for channel in all_channels() if channel.name == name), None)
