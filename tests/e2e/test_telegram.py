"""Connecting Telegram in the browser, against the fake Bot API: a member taps "Connect
Telegram" in My account, opens the link, the bot receives `/start <token>` (one poll),
My account says Telegram is connected, and "Disconnect" unlinks it. In Khmer on a
360-pixel phone, in English on a laptop, with axe-core on every page."""

import re

from members.channels.telegram import Poller
from members.models import MessengerLink

MEMBER = "member.safe-place@example.org"
CHAT = 777_000_333
TEXT = {
    "km": {
        "connect": "ភ្ជាប់ Telegram",
        "connected": "Telegram បានភ្ជាប់ហើយ",
        "disconnect": "ផ្តាច់ Telegram",
        "reply": "បានភ្ជាប់ហើយ៖",
    },
    "en": {
        "connect": "Connect Telegram",
        "connected": "Telegram is connected",
        "disconnect": "Disconnect Telegram",
        "reply": "Connected:",
    },
}


def test_a_member_connects_telegram_and_disconnects_it(
    visitor, language, fake_telegram, settings, tmp_path
):
    settings.SITE_URL = visitor.base
    text = TEXT[language]
    page = visitor.page
    visitor.sign_in(MEMBER)
    visitor.goto("/accounts/preferences/")
    page.screenshot(path=tmp_path / f"my-account-{language}.png", full_page=True)
    visitor.submit(text["connect"])
    assert page.url.endswith(f"/{language}/accounts/telegram/connect/")
    page.screenshot(path=tmp_path / f"connect-{language}.png", full_page=True)
    link = page.get_by_role("link", name=re.compile("Telegram")).get_attribute("href")
    token = re.fullmatch(r"https://t\.me/voice_cop_test_bot\?start=([A-Za-z0-9_-]{43})", link)
    assert token, link

    # In Telegram, the person taps "Start": the bot receives the token.
    fake_telegram.add_update(f"/start {token.group(1)}", chat_id=CHAT)
    Poller().poll_once()
    [reply] = fake_telegram.sent()
    assert reply["chat_id"] == str(CHAT) and reply["text"].startswith(text["reply"])

    visitor.goto("/accounts/preferences/")
    assert text["connected"] in page.locator("main").inner_text()
    assert str(CHAT) not in page.content()
    page.screenshot(path=tmp_path / f"connected-{language}.png", full_page=True)
    visitor.submit(text["disconnect"])
    assert page.url.endswith(f"/{language}/accounts/preferences/")
    assert not MessengerLink.objects.filter(person__email=MEMBER).exists()
    assert page.get_by_role("button", name=text["connect"]).is_visible()
