"""A fake Telegram Bot API on the loopback, for tests and browser journeys.

A threaded http.server that records every request (HTTP method, path, Bot API method,
JSON body) and answers as Telegram does: getMe, getUpdates (from a queue the test fills,
honouring `offset`: updates below it are confirmed and forgotten; a long poll waits a
little for an update), sendMessage, setWebhook, deleteWebhook; a wrong token gets 401;
`fail(method, status, description)` makes the next calls of a method fail.

Use the `fake_telegram` fixture: it starts the server and points the portal's settings
(TELEGRAM_BOT_TOKEN, TELEGRAM_API_URL) at it.
"""

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

TOKEN = "123456789:fake-token_of-the-tests"
USERNAME = "voice_cop_test_bot"
BOT_ID = 123456789


@dataclass(frozen=True)
class Request:
    http_method: str
    path: str
    method: str  # the Bot API's: "getMe", "sendMessage", ...
    body: dict


class FakeTelegram:
    # The longest a long poll waits for an update here (Telegram waits `timeout`).
    LONG_POLL_SECONDS = 0.5

    def __init__(self, *, token: str = TOKEN, username: str = USERNAME):
        self.token, self.username = token, username
        self.requests: list[Request] = []
        self._updates: list[dict] = []
        self._failures: dict[str, list[tuple[int, str]]] = {}
        self._next_update_id = 700_000_001
        self._next_message_id = 1
        self._changed = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- What a test does ---------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeTelegram":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add_update(self, text: str, *, chat_id: int, chat_type: str = "private") -> int:
        """A person writes `text` to the bot from the chat `chat_id`: the update's id."""
        with self._changed:
            update_id = self._next_update_id
            self._next_update_id += 1
            self._updates.append(
                {
                    "update_id": update_id,
                    "message": {
                        "message_id": self._next_message_id,
                        "date": 1_800_000_000,
                        "from": {"id": chat_id, "is_bot": False, "first_name": "Dara"},
                        "chat": {"id": chat_id, "type": chat_type, "first_name": "Dara"},
                        "text": text,
                    },
                }
            )
            self._next_message_id += 1
            self._changed.notify_all()
        return update_id

    def fail(self, method: str, status: int, description: str, *, times: int = 1) -> None:
        """The next `times` calls of `method` get this error, as Telegram words it."""
        with self._changed:
            self._failures.setdefault(method, []).extend([(status, description)] * times)

    def calls(self, method: str | None = None) -> list[Request]:
        with self._changed:
            return [r for r in self.requests if method is None or r.method == method]

    def sent(self) -> list[dict]:
        """The bodies of the sendMessage calls that succeeded or not, in order."""
        return [request.body for request in self.calls("sendMessage")]

    def pending(self) -> list[int]:
        """The ids of the updates not yet confirmed."""
        with self._changed:
            return [update["update_id"] for update in self._updates]

    # --- The server -------------------------------------------------------------------

    def _answer(self, method: str, body: dict) -> tuple[int, dict]:
        with self._changed:
            failures = self._failures.get(method)
            if failures:
                status, description = failures.pop(0)
                return status, {"ok": False, "error_code": status, "description": description}
        if method == "getMe":
            return 200, {
                "ok": True,
                "result": {
                    "id": BOT_ID,
                    "is_bot": True,
                    "first_name": "Voice CoP",
                    "username": self.username,
                },
            }
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(body)}
        if method == "sendMessage":
            if "chat_id" not in body or not body.get("text"):
                return 400, {
                    "ok": False,
                    "error_code": 400,
                    "description": "Bad Request: message text is empty",
                }
            with self._changed:
                message_id = self._next_message_id
                self._next_message_id += 1
            return 200, {
                "ok": True,
                "result": {
                    "message_id": message_id,
                    "date": 1_800_000_000,
                    "chat": {"id": body["chat_id"], "type": "private"},
                    "text": body["text"],
                },
            }
        if method in ("setWebhook", "deleteWebhook"):
            return 200, {"ok": True, "result": True, "description": "Webhook was set"}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}

    def _get_updates(self, body: dict) -> list[dict]:
        offset = body.get("offset")
        wait = min(float(body.get("timeout") or 0), self.LONG_POLL_SECONDS)
        with self._changed:
            if offset is not None:
                # Asking with an offset confirms every update below it: never sent again.
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and wait:
                self._changed.wait(wait)
            return list(self._updates)

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else {}
                except ValueError:
                    body = {"_raw": raw.decode(errors="replace")}
                _bot, _slash, method = self.path.lstrip("/").partition("/")
                with fake._changed:
                    fake.requests.append(Request("POST", self.path, method, body))
                if _bot != f"bot{fake.token}":
                    status, answer = (
                        401,
                        {
                            "ok": False,
                            "error_code": 401,
                            "description": "Unauthorized",
                        },
                    )
                else:
                    status, answer = fake._answer(method, body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

            def log_message(self, *args):  # quiet: the test reads `requests`
                pass

        return Handler


@pytest.fixture
def fake_telegram(settings):
    """The fake Bot API, started; the portal's bot is its bot for the test."""
    from django.core.cache import cache

    from members.channels.telegram import _username_key

    fake = FakeTelegram().start()
    settings.TELEGRAM_BOT_TOKEN = fake.token
    settings.TELEGRAM_API_URL = fake.url
    cache.delete(_username_key())
    yield fake
    cache.delete(_username_key())
    fake.stop()
