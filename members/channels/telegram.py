"""Telegram: where most people of the Voice programme already talk.

A person connects their chat from My account: a one-time link
`https://t.me/<bot>?start=<token>` opens the bot, which receives `/start <token>` (by long
polling, `manage.py telegram_bot`, or on the webhook) and links that chat to the person;
`/stop` in the chat, or "Disconnect" in My account, unlinks it. The chat's id is stored to
send, never shown. A message is short: its subject, a blank line, its link, as plain
text.

Everything sent, news and the bot's replies alike, is a `Delivery` sent by the job queue
(`cop_portal.core.mail`), never from a request: the webhook's answer waits on nothing, the
same attempts and the same handling of a chat that blocked the bot apply to all.
"""

import hashlib
import logging
import re
import threading
from urllib.parse import urljoin

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cop_portal.core import telegram
from cop_portal.core.mail import queue_delivery

from ..models import MessengerLink, NotificationSetting, User
from ..selectors import messenger_connected
from ..services import link_messenger, start_messenger_link, unlink_address
from . import Message

logger = logging.getLogger(__name__)

NAME = "telegram"


class TelegramChannel:
    name = NAME
    label = gettext_lazy("Telegram")
    default_when = NotificationSetting.When.NOW

    def available(self) -> bool:
        return bool(settings.TELEGRAM_BOT_TOKEN)

    def reaches(self, person) -> bool:
        return messenger_connected(person, NAME)

    def send(self, *, person, message: Message) -> None:
        link = MessengerLink.objects.filter(person=person, channel=NAME).first()
        if link is None or not person.is_active:
            return
        text = f"{message.subject}\n\n{message.url}" if message.url else message.subject
        _queue(address=link.address, text=text, person=person, subject=message.subject)


channel = TelegramChannel()


def _queue(*, address: str, text: str, person: User | None = None, subject: str = "") -> None:
    queue_delivery(
        channel=NAME,
        person=person,
        # What admins see in the list of deliveries: the person, never the chat.
        recipient=person.get_short_name() if person is not None else "Telegram",
        subject=subject or text.splitlines()[0],
        message={"address": str(address), "text": text},
    )


# --- The bot's name, for the links that open it -----------------------------------

USERNAME_SECONDS = 24 * 3600


def _username_key() -> str:
    # Of this very bot: another token is another bot.
    digest = hashlib.sha256(settings.TELEGRAM_BOT_TOKEN.encode()).hexdigest()[:16]
    return f"telegram:bot-username:{digest}"


def remember_bot_username() -> str:
    """Ask Telegram the bot's name (getMe) and keep it (the bot process does, at its start)."""
    username = (telegram.get_me() or {}).get("username")
    if not username:
        raise telegram.TelegramError("getMe", "the bot has no username")
    cache.set(_username_key(), username, USERNAME_SECONDS)
    return username


def bot_username() -> str | None:
    """The bot's name, as the bot process keeps it; where it has not yet, asked of Telegram
    now, within a few seconds. None when Telegram cannot be reached."""
    username = cache.get(_username_key())
    if username:
        return username
    try:
        return remember_bot_username()
    except telegram.TelegramError as error:
        logger.warning("The bot's name is unknown: %s", error)
        return None


def connect_link(*, person: User) -> str | None:
    """A link that opens the bot and connects the chat to `person` (once, within
    MESSENGER_LINK_MINUTES); None when Telegram cannot be reached to learn the bot's name."""
    username = bot_username()
    if username is None:
        return None
    token = start_messenger_link(person=person, channel=NAME)
    return f"https://t.me/{username}?start={token}"


# --- What people write to the bot -------------------------------------------------

# "/start <token>", "/stop"; in a group a command may name the bot ("/stop@the_bot").
COMMAND = re.compile(r"^/(?P<command>[A-Za-z0-9_]+)(?:@\w+)?(?:\s+(?P<argument>\S+))?\s*$")
# What a start parameter may hold (Telegram's deep links): 1 to 64 of these.
TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _my_account() -> str:
    return urljoin(settings.SITE_URL, reverse("preferences"))


def _in_both_languages(text) -> str:
    """`text()` in Khmer, then in English: to a chat whose person the portal does not know."""
    parts = []
    for language in ("km", "en"):
        with translation.override(language):
            parts.append(text())
    return "\n\n".join(parts)


def _connected() -> str:
    return _(
        "Connected: you will hear of your communities here.\n"
        "To stop, send /stop, or disconnect Telegram in My account: %(url)s"
    ) % {"url": _my_account()}


def _link_expired() -> str:
    return _(
        "This link has expired or was already used. Get a new one in My account on the "
        "portal: %(url)s"
    ) % {"url": _my_account()}


def _how_to_connect() -> str:
    return _(
        "To hear of your communities here, tap “Connect Telegram” in My account on the "
        "portal: %(url)s"
    ) % {"url": _my_account()}


def _disconnected() -> str:
    return _(
        "Disconnected: the portal will send nothing more here. To connect again, use My "
        "account: %(url)s"
    ) % {"url": _my_account()}


@transaction.atomic
def handle_update(update: dict) -> None:
    """One update from Telegram (polled or posted to the webhook). Only private chats are
    heard: a group's chat is never linked to a person."""
    message = update.get("message") or {}
    chat = message.get("chat") or {}
    if chat.get("type") != "private" or chat.get("id") is None:
        return
    address = str(chat["id"])
    command = COMMAND.match((message.get("text") or "").strip())
    name = command["command"].lower() if command else ""
    if name == "start" and command["argument"]:
        _start(address=address, token=command["argument"])
    elif name == "stop":
        _stop(address=address)
    else:
        _queue(address=address, text=_in_both_languages(_how_to_connect))


def _start(*, address: str, token: str) -> None:
    person = None
    if TOKEN.match(token):
        person = link_messenger(channel=NAME, token=token, address=address)
    if person is None:
        _queue(address=address, text=_in_both_languages(_link_expired))
        return
    with translation.override(person.preferred_language):
        _queue(address=address, text=_connected(), person=person)


def _stop(*, address: str) -> None:
    people = unlink_address(channel=NAME, address=address)
    if people:
        with translation.override(people[0].preferred_language):
            _queue(address=address, text=_disconnected(), person=people[0])
    else:
        _queue(address=address, text=_in_both_languages(_disconnected))


def forget_unreachable(*, channel: str, address: str | None) -> None:
    """A chat that blocked the bot: every person connected through it is disconnected
    (connected to cop_portal.core.mail.on_unreachable in MembersConfig.ready)."""
    if channel == NAME and address:
        unlink_address(channel=NAME, address=address)


# --- Long polling (manage.py telegram_bot) ----------------------------------------


class Stopped(BaseException):
    """Raised out of a long poll by SIGTERM: nothing was handled yet, nothing is lost."""


def _renew_connections() -> None:
    """A long-running process: a connection the database dropped, or one past
    CONN_MAX_AGE, is opened again, as Django does around each request (never one inside a
    transaction, such as a test's)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


class Poller:
    """Asks Telegram for updates (getUpdates, waiting up to `timeout` seconds each time),
    handles each once and moves the offset past it, so that the next call confirms it.
    When Telegram cannot be reached, waits longer and longer (up to a minute) and asks
    again. `stop()` (on SIGTERM) ends the loop: at once while waiting for Telegram (the
    updates of that call were not handled and come again), else after the update in
    hand; the offset is confirmed before leaving."""

    BACKOFF = (1, 2, 5, 10, 30, 60)
    # An update whose handling keeps failing (the database is down) is tried this many
    # times, then left, so that one bad update does not hold up all the others.
    ATTEMPTS = 3

    def __init__(self, *, timeout: int = 25, backoff: tuple[float, ...] | None = None):
        self.timeout = timeout
        self.backoff = backoff or self.BACKOFF
        self.offset: int | None = None
        self.failures = 0
        self.stopping = threading.Event()
        self._waiting = False
        self._ready = False
        self._update_failures: dict[int, int] = {}

    def stop(self) -> None:
        """Leave the loop after what is in hand (from any thread)."""
        self.stopping.set()

    def on_signal(self, _signum, _frame) -> None:
        """SIGTERM, SIGINT: stop; a long poll in progress is broken off (in the main
        thread, where signal handlers run)."""
        self.stop()
        if self._waiting:
            raise Stopped

    def prepare(self) -> None:
        """Once: the bot's name for the connect links; no webhook, since this polls."""
        remember_bot_username()
        telegram.delete_webhook()
        self._ready = True

    def poll_once(self) -> int:
        """One getUpdates, and each update it brought handled: how many. Raises
        TelegramError when Telegram cannot be reached."""
        self._waiting = True
        try:
            if self.stopping.is_set():
                raise Stopped
            updates = telegram.get_updates(offset=self.offset, timeout=self.timeout)
        finally:
            self._waiting = False
        for update in updates:
            if self.stopping.is_set():
                break
            self._handle(update)
            self.offset = update["update_id"] + 1
        return len(updates)

    def _handle(self, update: dict) -> None:
        update_id = update["update_id"]
        try:
            handle_update(update)
        except Exception:
            failures = self._update_failures.get(update_id, 0) + 1
            self._update_failures[update_id] = failures
            if failures < self.ATTEMPTS:
                raise
            logger.exception("Telegram update %s left after %s attempts", update_id, failures)
        self._update_failures.pop(update_id, None)

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                if not self._ready:
                    self.prepare()
                _renew_connections()
                self.poll_once()
            except Stopped:
                break
            except Exception as error:  # Telegram or the database away: wait, ask again
                self.failures += 1
                delay = self.backoff[min(self.failures, len(self.backoff)) - 1]
                if isinstance(error, telegram.TelegramError) and error.retry_after:
                    delay = max(delay, error.retry_after)
                logger.warning(
                    "Telegram updates not received (%s: %s); asking again in %s s",
                    type(error).__name__,
                    error,
                    delay,
                )
                self.stopping.wait(delay)
            else:
                self.failures = 0
        self.confirm()

    def confirm(self) -> None:
        """Tell Telegram the updates handled are done with (a call with the offset)."""
        if self.offset is None:
            return
        try:
            telegram.get_updates(offset=self.offset, timeout=0)
        except telegram.TelegramError as error:
            logger.warning("Telegram updates not confirmed on leaving: %s", error)
