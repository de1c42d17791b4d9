"""Telegram, against a fake Bot API on the loopback (tests/fake_telegram.py): a person
connects their chat from My account with a one-time link, the bot links the chat on
`/start <token>`, messages reach the chat by the job queue, `/stop` or "Disconnect" or a
blocked bot unlinks it, and the chat's id is on no page. Each test asserts the exact
requests the portal made to Telegram."""

import hashlib
import logging
import os
import re
import signal
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from cop_portal.core import telegram
from cop_portal.core.mail import send_delivery
from cop_portal.core.models import Delivery
from members.channels import Message
from members.channels.telegram import Poller, channel
from members.models import MessengerLink, MessengerLinkToken
from tests.fake_telegram import TOKEN, USERNAME, FakeTelegram

pytestmark = pytest.mark.django_db

CHAT = 555_000_111
OTHER_CHAT = 555_000_222
PLAIN = {"link_preview_options": {"is_disabled": True}}
MY_ACCOUNT_KM = "http://127.0.0.1:8000/km/accounts/preferences/"
MY_ACCOUNT_EN = "http://127.0.0.1:8000/en/accounts/preferences/"

CONNECTED_KM = (
    "បានភ្ជាប់ហើយ៖ អ្នកនឹងទទួលដំណឹងពីសហគមន៍របស់អ្នកនៅទីនេះ។\n"
    f"ដើម្បីឈប់ សូមផ្ញើ /stop ឬផ្តាច់ Telegram នៅក្នុង «គណនីរបស់ខ្ញុំ»៖ {MY_ACCOUNT_KM}"
)
CONNECTED_EN = (
    "Connected: you will hear of your communities here.\n"
    f"To stop, send /stop, or disconnect Telegram in My account: {MY_ACCOUNT_EN}"
)
EXPIRED = (
    "តំណនេះផុតកំណត់ ឬត្រូវបានប្រើរួចហើយ។ សូមយកតំណថ្មីនៅក្នុង «គណនីរបស់ខ្ញុំ» "
    f"លើវិបផតថល៖ {MY_ACCOUNT_KM}\n\n"
    "This link has expired or was already used. Get a new one in My account on the "
    f"portal: {MY_ACCOUNT_EN}"
)
DISCONNECTED_KM = (
    f"បានផ្តាច់ហើយ៖ វិបផតថលនឹងមិនផ្ញើអ្វីមកទីនេះទៀតទេ។ ដើម្បីភ្ជាប់ម្តងទៀត សូមប្រើ «គណនីរបស់ខ្ញុំ»៖ {MY_ACCOUNT_KM}"
)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"


def connect(client, person) -> str:
    """The person taps "Connect Telegram" in My account: the token of the link shown."""
    client.force_login(person)
    page = client.post("/km/accounts/telegram/connect/")
    assert page.status_code == 200
    found = re.search(rf'href="https://t\.me/{USERNAME}\?start=([^"]+)"', page.content.decode())
    assert found, "the page shows the link that opens the bot"
    return found.group(1)


def poll(django_capture_on_commit_callbacks, poller=None) -> Poller:
    poller = poller or Poller()
    with django_capture_on_commit_callbacks(execute=True):
        poller.poll_once()
    return poller


def linked(person) -> MessengerLink | None:
    return MessengerLink.objects.filter(person=person, channel="telegram").first()


def test_connecting_links_the_chat_that_sends_the_token_back(
    client, member_a, fake_telegram, django_capture_on_commit_callbacks
):
    token = connect(client, member_a)
    # A link Telegram takes: at most 64 of A-Z a-z 0-9 _ -; only its digest is kept.
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", token)
    stored = MessengerLinkToken.objects.get(person=member_a)
    assert stored.token_digest == hashlib.sha256(token.encode()).hexdigest()
    assert timedelta(minutes=14) < stored.expires_at - timezone.now() <= timedelta(minutes=15)
    # The bot's name was asked once; the page itself asks nothing more of Telegram.
    assert [r.method for r in fake_telegram.calls()] == ["getMe"]
    connect(client, member_a)
    assert [r.method for r in fake_telegram.calls()] == ["getMe"]

    update_id = fake_telegram.add_update(f"/start {token}", chat_id=CHAT)
    poller = poll(django_capture_on_commit_callbacks)

    assert linked(member_a).address == str(CHAT)
    get_updates, reply = fake_telegram.calls()[1:]
    assert get_updates.body == {"timeout": 25, "allowed_updates": ["message"]}
    assert reply.path == f"/bot{TOKEN}/sendMessage"
    assert reply.body == {"chat_id": str(CHAT), "text": CONNECTED_KM, **PLAIN}
    # The next poll confirms the update: Telegram never sends it again.
    poll(django_capture_on_commit_callbacks, poller)
    assert fake_telegram.calls("getUpdates")[-1].body["offset"] == update_id + 1
    assert fake_telegram.pending() == []
    # The token works once.
    assert MessengerLinkToken.objects.get(token_digest=stored.token_digest).used_at is not None


def test_the_reply_is_in_the_persons_language(
    client, member_a, fake_telegram, django_capture_on_commit_callbacks
):
    member_a.preferred_language = "en"
    member_a.save()
    fake_telegram.add_update(f"/start {connect(client, member_a)}", chat_id=CHAT)
    poll(django_capture_on_commit_callbacks)
    assert fake_telegram.sent() == [{"chat_id": str(CHAT), "text": CONNECTED_EN, **PLAIN}]


def test_a_new_chat_replaces_the_old_one(
    client, member_a, fake_telegram, django_capture_on_commit_callbacks
):
    fake_telegram.add_update(f"/start {connect(client, member_a)}", chat_id=CHAT)
    fake_telegram.add_update(f"/start {connect(client, member_a)}", chat_id=OTHER_CHAT)
    poll(django_capture_on_commit_callbacks)
    assert list(MessengerLink.objects.values_list("address", flat=True)) == [str(OTHER_CHAT)]


def test_an_expired_or_used_token_is_refused_in_khmer_and_english(
    client, member_a, member_b, fake_telegram, django_capture_on_commit_callbacks
):
    expired = connect(client, member_a)
    MessengerLinkToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    used = connect(client, member_b)
    fake_telegram.add_update(f"/start {used}", chat_id=OTHER_CHAT)
    fake_telegram.add_update(f"/start {expired}", chat_id=CHAT)
    fake_telegram.add_update(f"/start {used}", chat_id=CHAT)  # another chat, the same link
    fake_telegram.add_update("/start not*a*token", chat_id=CHAT)
    poll(django_capture_on_commit_callbacks)
    assert linked(member_a) is None
    assert linked(member_b).address == str(OTHER_CHAT)
    refusals = fake_telegram.sent()[1:]
    assert refusals == [{"chat_id": str(CHAT), "text": EXPIRED, **PLAIN}] * 3


def test_a_group_chat_is_never_linked(
    client, member_a, fake_telegram, django_capture_on_commit_callbacks
):
    fake_telegram.add_update(
        f"/start {connect(client, member_a)}", chat_id=-100_777, chat_type="group"
    )
    poll(django_capture_on_commit_callbacks)
    assert linked(member_a) is None
    assert fake_telegram.sent() == []


def test_stop_unlinks_everyone_of_the_chat(
    client, member_a, member_b, fake_telegram, django_capture_on_commit_callbacks
):
    # Two people of one office, one phone.
    fake_telegram.add_update(f"/start {connect(client, member_a)}", chat_id=CHAT)
    fake_telegram.add_update(f"/start {connect(client, member_b)}", chat_id=CHAT)
    poll(django_capture_on_commit_callbacks)
    assert MessengerLink.objects.count() == 2
    fake_telegram.add_update("/stop", chat_id=CHAT)
    poll(django_capture_on_commit_callbacks)
    assert not MessengerLink.objects.exists()
    assert fake_telegram.sent()[-1] == {"chat_id": str(CHAT), "text": DISCONNECTED_KM, **PLAIN}


def test_a_message_reaches_the_linked_chat_short_and_in_khmer(
    client, member_a, fake_telegram, django_capture_on_commit_callbacks
):
    fake_telegram.add_update(f"/start {connect(client, member_a)}", chat_id=CHAT)
    poll(django_capture_on_commit_callbacks)
    assert channel.reaches(member_a)
    message = Message(
        subject="មានអ្វីថ្មីកំពុងរង់ចាំអ្នកនៅលើវិបផតថលសហគមន៍អនុវត្តន៍ Voice",
        text="អត្ថបទវែងនៃអ៊ីមែល <b>មិនត្រូវផ្ញើទេ</b>",
        html="<p>HTML</p>",
        url="http://127.0.0.1:8000/km/n/opaque-token/",
    )
    with django_capture_on_commit_callbacks(execute=True):
        channel.send(person=member_a, message=message)
    assert fake_telegram.sent()[-1] == {
        "chat_id": str(CHAT),
        "text": (
            "មានអ្វីថ្មីកំពុងរង់ចាំអ្នកនៅលើវិបផតថលសហគមន៍អនុវត្តន៍ Voice\n\n"
            "http://127.0.0.1:8000/km/n/opaque-token/"
        ),
        **PLAIN,
    }
    delivery = Delivery.objects.filter(channel="telegram").order_by("pk").last()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 1)
    assert delivery.person == member_a
    assert delivery.recipient == member_a.full_name
    assert delivery.message == {}  # the chat and the text are not kept once sent


def test_nothing_is_sent_to_a_person_with_no_chat(member_a, fake_telegram):
    assert not channel.reaches(member_a)
    channel.send(person=member_a, message=Message(subject="ប្រធានបទ", text="សារ"))
    assert not Delivery.objects.exists()


def link_directly(person, chat=CHAT) -> None:
    MessengerLink.objects.create(person=person, channel="telegram", address=str(chat))


def test_a_blocked_bot_unlinks_the_person_without_trying_again(
    member_a, fake_telegram, django_capture_on_commit_callbacks, settings
):
    settings.MAIL_RETRY_DELAYS = [0, 0, 0]
    link_directly(member_a)
    fake_telegram.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
    with django_capture_on_commit_callbacks(execute=True):
        channel.send(person=member_a, message=Message(subject="ប្រធានបទ", text="សារ"))
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 1)
    assert "bot was blocked by the user" in delivery.last_error
    assert delivery.message == {}  # the chat's id is forgotten
    assert linked(member_a) is None
    send_delivery.call(delivery_id=delivery.pk)  # the job run again sends nothing
    assert len(fake_telegram.sent()) == 1


def test_telegram_down_is_tried_again_as_email_is(
    member_a, fake_telegram, django_capture_on_commit_callbacks
):
    link_directly(member_a)
    fake_telegram.fail("sendMessage", 502, "Bad Gateway")
    with django_capture_on_commit_callbacks(execute=True):
        channel.send(person=member_a, message=Message(subject="ប្រធានបទ", text="សារ"))
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.WAITING, 1)
    assert delivery.next_attempt_at is not None
    assert delivery.message["text"] == "ប្រធានបទ"
    send_delivery.call(delivery_id=delivery.pk)  # the next attempt, Telegram back
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 2)
    assert [body["text"] for body in fake_telegram.sent()] == ["ប្រធានបទ"] * 2
    assert linked(member_a) is not None


def test_an_unreachable_server_is_tried_again_and_the_token_is_kept_out_of_the_error(
    member_a, fake_telegram, django_capture_on_commit_callbacks, settings, caplog
):
    caplog.set_level(logging.DEBUG)
    link_directly(member_a)
    fake_telegram.stop()  # nothing answers on its port any more
    with django_capture_on_commit_callbacks(execute=True):
        channel.send(person=member_a, message=Message(subject="ប្រធានបទ", text="សារ"))
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.WAITING, 1)
    assert "ConnectError" in delivery.last_error
    assert TOKEN not in delivery.last_error
    assert TOKEN not in caplog.text


def test_the_token_is_never_logged(
    client, member_a, fake_telegram, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.DEBUG)
    fake_telegram.add_update(f"/start {connect(client, member_a)}", chat_id=CHAT)
    poll(django_capture_on_commit_callbacks)
    assert fake_telegram.sent()  # something was sent
    assert TOKEN not in caplog.text


def test_disconnect_unlinks_and_cancels_what_was_waiting(client, member_a, fake_telegram):
    link_directly(member_a)
    client.force_login(member_a)
    page = client.get("/km/accounts/preferences/")
    assert "Telegram បានភ្ជាប់ហើយ" in page.content.decode()
    # A message written but not yet sent (the worker has not run) ...
    channel.send(person=member_a, message=Message(subject="ប្រធានបទ", text="សារ"))
    page = client.post("/km/accounts/telegram/disconnect/", follow=True)
    assert page.redirect_chain == [("/km/accounts/preferences/", 302)]
    html = page.content.decode()
    assert "Telegram ត្រូវបានផ្តាច់" in html
    assert 'action="/km/accounts/telegram/connect/"' in html  # connect again
    assert linked(member_a) is None
    # ... is never sent.
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED and delivery.message == {}
    send_delivery.call(delivery_id=delivery.pk)
    assert fake_telegram.sent() == []


def test_telegram_unreachable_when_connecting_says_so_and_keeps_no_token(
    client, member_a, fake_telegram
):
    fake_telegram.stop()
    client.force_login(member_a)
    page = client.post("/km/accounts/telegram/connect/", follow=True)
    assert page.redirect_chain == [("/km/accounts/telegram/connect/", 302)]
    assert "មិនអាចទាក់ទង Telegram បានទេ" in page.content.decode()
    assert not MessengerLinkToken.objects.exists()


def test_without_a_bot_there_is_no_telegram(client, member_a, settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    client.force_login(member_a)
    page = client.get("/km/accounts/preferences/")
    assert "/telegram/" not in page.content.decode()
    assert client.get("/km/accounts/telegram/connect/").status_code == 404
    assert client.post("/km/accounts/telegram/connect/").status_code == 404
    assert client.post("/km/accounts/telegram/disconnect/").status_code == 404
    assert not channel.available()


def test_the_chat_id_appears_on_no_page(
    client, member_a, admin, fake_telegram, django_capture_on_commit_callbacks, settings
):
    fake_telegram.add_update(f"/start {connect(client, member_a)}", chat_id=CHAT)
    poll(django_capture_on_commit_callbacks)
    link_directly(admin, chat=OTHER_CHAT)
    fake_telegram.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
    with django_capture_on_commit_callbacks(execute=True):
        channel.send(person=admin, message=Message(subject="ប្រធានបទ", text="សារ"))
    fake_telegram.fail("sendMessage", 502, "Bad Gateway")
    with django_capture_on_commit_callbacks(execute=True):
        channel.send(person=member_a, message=Message(subject="ប្រធានបទ", text="សារ"))
    pages = ["/km/accounts/preferences/", "/km/accounts/telegram/connect/"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200
        assert str(CHAT) not in response.content.decode(), page
    client.force_login(admin)
    admin_pages = [
        "/admin/cop_portal/delivery/",
        "/admin/cop_portal/delivery/?channel=telegram",
        *(f"/admin/cop_portal/delivery/{d.pk}/change/" for d in Delivery.objects.all()),
        f"/admin/members/user/{member_a.pk}/change/",
        f"/admin/members/user/{admin.pk}/change/",
    ]
    for page in admin_pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert str(CHAT) not in html and str(OTHER_CHAT) not in html, page
    assert member_a.full_name in client.get("/admin/cop_portal/delivery/").content.decode()


def test_sending_again_from_the_admin_skips_what_has_no_chat_left(
    client, admin, member_a, fake_telegram, django_capture_on_commit_callbacks
):
    link_directly(member_a)
    fake_telegram.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
    with django_capture_on_commit_callbacks(execute=True):
        channel.send(person=member_a, message=Message(subject="ប្រធានបទ", text="សារ"))
    delivery = Delivery.objects.get()
    client.force_login(admin)
    client.post(
        "/admin/cop_portal/delivery/",
        {"action": "send_again", "_selected_action": [delivery.pk]},
    )
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert len(fake_telegram.sent()) == 1


# --- The webhook -----------------------------------------------------------------

WEBHOOK = "/telegram/webhook/"
SECRET = "webhook-secret_of-the-tests"


def post_update(client, update, **headers):
    return client.post(WEBHOOK, update, content_type="application/json", headers=headers)


def start_update(token, chat=CHAT):
    return {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 1_800_000_000,
            "chat": {"id": chat, "type": "private"},
            "text": f"/start {token}",
        },
    }


def test_without_a_secret_there_is_no_webhook(client, fake_telegram, settings):
    settings.TELEGRAM_WEBHOOK_SECRET = ""
    assert post_update(client, start_update("x")).status_code == 404
    assert client.get(WEBHOOK).status_code == 404


def test_the_webhook_hears_only_updates_with_the_secret(
    client, member_a, fake_telegram, django_capture_on_commit_callbacks, settings
):
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET
    token = connect(client, member_a)
    client.logout()
    update = start_update(token)
    assert post_update(client, update).status_code == 403
    wrong = {"X-Telegram-Bot-Api-Secret-Token": "not-the-secret"}
    assert post_update(client, update, **wrong).status_code == 403
    assert client.get(WEBHOOK).status_code == 405
    assert linked(member_a) is None
    right = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    with django_capture_on_commit_callbacks(execute=True):
        response = post_update(client, update, **right)
    assert response.status_code == 200
    assert linked(member_a).address == str(CHAT)
    # The same handler as polling: the reply, by the job queue.
    assert fake_telegram.sent() == [{"chat_id": str(CHAT), "text": CONNECTED_KM, **PLAIN}]
    assert [r.method for r in fake_telegram.calls()] == ["getMe", "sendMessage"]
    bad = client.post(WEBHOOK, "{not json", content_type="application/json", headers=right)
    assert bad.status_code == 400


# --- The bot process (manage.py telegram_bot) ----------------------------------------


def wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True)
def test_the_poller_survives_telegram_going_away(client, member_a, fake_telegram):
    token = connect(client, member_a)
    fake_telegram.fail("getUpdates", 502, "Bad Gateway", times=2)
    fake_telegram.add_update(f"/start {token}", chat_id=CHAT)
    poller = Poller(backoff=(0.05, 0.1))

    def run():
        try:
            poller.run()
        finally:
            connections.close_all()  # this thread's own

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        assert wait_for(lambda: len(fake_telegram.sent()) == 1)
    finally:
        poller.stop()
        thread.join(5)
    assert not thread.is_alive()
    methods = [r.method for r in fake_telegram.calls()]
    # The bot's name, polling mode, two failures, then the update and the reply.
    assert methods[:6] == [
        "getMe",
        "getMe",
        "deleteWebhook",
        "getUpdates",
        "getUpdates",
        "getUpdates",
    ]
    assert linked(member_a).address == str(CHAT)
    assert fake_telegram.sent() == [{"chat_id": str(CHAT), "text": CONNECTED_KM, **PLAIN}]
    assert fake_telegram.pending() == []  # confirmed before leaving


def test_sigterm_breaks_off_a_long_poll_and_confirms_what_was_handled(
    fake_telegram, django_capture_on_commit_callbacks
):
    fake_telegram.LONG_POLL_SECONDS = 20
    update_id = fake_telegram.add_update("សួស្តី", chat_id=CHAT)
    poller = Poller()

    def terminate_during_the_second_long_poll():
        # The first poll brought the update, handled; the second waits for more.
        if wait_for(lambda: len(fake_telegram.calls("getUpdates")) >= 2):
            time.sleep(0.3)
            os.kill(os.getpid(), signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, poller.on_signal)
    terminator = threading.Thread(target=terminate_during_the_second_long_poll, daemon=True)
    started = time.monotonic()
    try:
        terminator.start()
        with django_capture_on_commit_callbacks(execute=True):
            poller.run()
    finally:
        terminator.join(15)
        signal.signal(signal.SIGTERM, previous)
    assert time.monotonic() - started < 10  # not the 20 s of the long poll
    assert poller.offset == update_id + 1
    assert fake_telegram.calls("getUpdates")[-1].body == {
        "timeout": 0,
        "allowed_updates": ["message"],
        "offset": update_id + 1,
    }
    assert fake_telegram.pending() == []
    # A stranger's hello gets the way to connect, in both languages.
    [hello] = fake_telegram.sent()
    assert hello["text"].startswith("ដើម្បីទទួលដំណឹងពីសហគមន៍របស់អ្នកនៅទីនេះ")
    assert "tap “Connect Telegram” in My account" in hello["text"]


def test_the_command_does_nothing_without_a_bot(settings, capsys):
    settings.TELEGRAM_BOT_TOKEN = ""
    call_command("telegram_bot")
    assert "TELEGRAM_BOT_TOKEN is not set" in capsys.readouterr().out


def test_the_command_sets_the_webhook_and_then_does_not_poll(fake_telegram, settings, capsys):
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET
    call_command("telegram_bot", "--set-webhook", "https://cop.example.org/telegram/webhook/")
    call_command("telegram_bot")  # webhook mode: learns the bot's name, and ends
    assert [(r.method, r.body) for r in fake_telegram.calls()] == [
        (
            "setWebhook",
            {
                "url": "https://cop.example.org/telegram/webhook/",
                "secret_token": SECRET,
                "allowed_updates": ["message"],
            },
        ),
        ("getMe", {}),
        ("getMe", {}),
    ]
    assert f"@{USERNAME}" in capsys.readouterr().out


def test_the_fake_refuses_a_wrong_token(settings):
    fake = FakeTelegram(token="1:another-bot").start()
    settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_API_URL = TOKEN, fake.url
    try:
        with pytest.raises(telegram.TelegramError) as error:
            telegram.get_me()
    finally:
        fake.stop()
    assert (error.value.status, error.value.description) == (401, "Unauthorized")
    assert TOKEN not in str(error.value)
