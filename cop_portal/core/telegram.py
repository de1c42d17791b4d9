"""A small client of Telegram's Bot API, on plain httpx: the few methods the portal uses.

Each call is `POST <TELEGRAM_API_URL>/bot<token>/<method>` with a JSON body, within a
timeout; whatever goes wrong (no answer, an answer that is not the API's, an error the
API reports) is raised as one `TelegramError`. The token is a password: it is in the URL
only, never in an error's text or in a log line (httpx's own request log is kept at
WARNING by the settings, since it prints URLs).

Nothing here runs in a request: the job worker sends (`cop_portal.core.mail`), and the
bot process receives (`manage.py telegram_bot`).
"""

import httpx
from django.conf import settings

# Seconds to wait for an answer to a plain call. A long poll waits for its own `timeout`
# on Telegram's side; the connection waits that long and this much more.
TIMEOUT = 10.0
CONNECT_TIMEOUT = 5.0


class TelegramError(Exception):
    """A call to the Bot API that did not succeed. `status` is the API's error code (or the
    HTTP status) when it answered, None when it did not; `description` its words, e.g.
    "Forbidden: bot was blocked by the user"; `retry_after` the seconds it asks to wait."""

    def __init__(
        self,
        method: str,
        description: str,
        *,
        status: int | None = None,
        retry_after: int | None = None,
    ):
        self.method, self.description = method, description
        self.status, self.retry_after = status, retry_after
        where = f"{method}: {status} " if status is not None else f"{method}: "
        super().__init__(_without_token(f"{where}{description}"))

    @property
    def blocked(self) -> bool:
        """The chat is gone for the bot: the person blocked it, or left Telegram."""
        return self.status == 403

    @property
    def refused(self) -> bool:
        """The API refuses this very request (a bad chat, a bad text): never worth trying
        again. (401 and 404 mean a wrong token, which an admin may still put right.)"""
        return self.status in (400, 403)


def _without_token(text: str) -> str:
    token = settings.TELEGRAM_BOT_TOKEN
    return text.replace(token, "<token>") if token else text


def call(method: str, payload: dict | None = None, *, timeout: float = TIMEOUT):
    """One method of the Bot API; its `result`."""
    token = settings.TELEGRAM_BOT_TOKEN
    if not token:
        raise TelegramError(method, "no TELEGRAM_BOT_TOKEN is set")
    url = f"{settings.TELEGRAM_API_URL.rstrip('/')}/bot{token}/{method}"
    try:
        response = httpx.post(
            url,
            json=payload or {},
            timeout=httpx.Timeout(timeout, connect=min(CONNECT_TIMEOUT, timeout)),
        )
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        # The chained error's text may hold the URL, and so the token: not kept.
        raise TelegramError(method, f"{type(error).__name__}: {error}") from None
    try:
        answer = response.json()
    except ValueError:
        raise TelegramError(
            method, "the answer is not the Bot API's", status=response.status_code
        ) from None
    if not isinstance(answer, dict) or not answer.get("ok"):
        answer = answer if isinstance(answer, dict) else {}
        parameters = answer.get("parameters") or {}
        raise TelegramError(
            method,
            str(answer.get("description") or "no description"),
            status=answer.get("error_code") or response.status_code,
            retry_after=parameters.get("retry_after"),
        )
    return answer.get("result")


def get_me() -> dict:
    """The bot itself: its `username` makes the links that open it."""
    return call("getMe", timeout=3.0)


def get_updates(*, offset: int | None = None, timeout: int = 25) -> list[dict]:
    """What people wrote to the bot, waiting up to `timeout` seconds for something
    (long polling). `offset` is one more than the last update handled: asking with it
    confirms every update before it, which Telegram then never sends again."""
    payload = {"timeout": timeout, "allowed_updates": ["message"]}
    if offset is not None:
        payload["offset"] = offset
    return call("getUpdates", payload, timeout=timeout + TIMEOUT)


def send_message(*, chat_id: int | str, text: str) -> dict:
    """Plain text (no parse mode: nothing in it needs escaping), link previews off."""
    return call(
        "sendMessage",
        {"chat_id": chat_id, "text": text, "link_preview_options": {"is_disabled": True}},
    )


def set_webhook(*, url: str, secret_token: str) -> bool:
    """Telegram posts each update to `url`, with `secret_token` in the
    X-Telegram-Bot-Api-Secret-Token header; getUpdates stops working meanwhile."""
    return call(
        "setWebhook", {"url": url, "secret_token": secret_token, "allowed_updates": ["message"]}
    )


def delete_webhook() -> bool:
    """Back to long polling; updates not yet fetched stay waiting."""
    return call("deleteWebhook", {"drop_pending_updates": False})
