"""A community that lives, in Khmer on a 360-pixel phone and in English on a laptop, axe on
every page: a person invited into a members-only community accepts and lands inside it,
introduces themselves and connects Telegram (the fake Bot API); another member starts a
discussion; the first person's Telegram message arrives, in their language and discreet;
the discussion is the first card of the community's home, on its first screen; and the
next morning's digest reaches a third member by e-mail."""

import datetime
import os
import re
from pathlib import Path

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from communities.models import Community
from communities.services import invite_person
from members.channels.telegram import Poller
from members.models import Invitation, User

from .conftest import Visitor

FACILITATOR = "facilitator.women@example.org"
POSTER = "member.womens-group@example.org"  # of an organisation in the community
READER = "member.women-for-peace@example.org"  # another; e-mail, the daily digest (default)
NEWCOMER = "sreymom.new@example.org"
CHAT = 880_111_222
TEXT = {
    "km": {
        "name": "ស្រីមុំ ចាន់",
        "welcome": "សូមស្វាគមន៍",
        "introduction": "ជំរាបសួរ! ខ្ញុំធ្វើការជាមួយស្ត្រីនៅខេត្តតាកែវ។",
        "post": "បង្ហោះការណែនាំខ្លួនរបស់ខ្ញុំ",
        "connect": "ភ្ជាប់ Telegram",
        "title": "តើយើងរៀបចំវេទិកាស្ត្រីនៅខែមករាបានទេ?",
        "text": "សូមផ្តល់យោបល់អំពីកាលបរិច្ឆេទ និងទីកន្លែង។",
        "start": "ចាប់ផ្តើមការពិភាក្សា",
        "discreet": "មានអ្វីថ្មីកំពុងរង់ចាំអ្នក",
        "started": "បានចាប់ផ្តើមការពិភាក្សា",
    },
    "en": {
        "name": "Sreymom Chan",
        "welcome": "Welcome",
        "introduction": "Hello! I work with women in Takeo.",
        "post": "Post my introduction",
        "connect": "Connect Telegram",
        "title": "Shall we hold a women's forum in January?",
        "text": "Please say which dates and places suit you.",
        "start": "Start the discussion",
        "discreet": "Something new",
        "started": "started a discussion",
    },
}


def shots(tmp_path) -> Path:
    """Where the journey's screenshots go: JOURNEY_SCREENSHOTS if set (to look at), else
    the test's own directory."""
    folder = Path(os.environ.get("JOURNEY_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_an_invited_person_lands_inside_hears_on_telegram_and_a_digest_goes_out(
    visitor, language, browser, fake_telegram, settings, tmp_path
):
    settings.SITE_URL = visitor.base
    text, page, folder = TEXT[language], visitor.page, shots(tmp_path)
    community = Community.objects.get(facilitators__email=FACILITATOR)
    assert not community.is_public  # the seed's women's community: members only

    # The facilitator invites a guest; the guest opens the e-mailed link on their phone.
    invite_person(
        by=User.objects.get(email=FACILITATOR),
        email=NEWCOMER,
        kind=Invitation.Kind.GUEST,
        community=community,
        language=language,
        site_url=visitor.base,
    )
    link = re.search(r"https?://\S+/invitations/accept/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    visitor.check()
    page.fill("#id_full_name", text["name"])
    page.fill("#id_password", "a-long-and-unusual-password")
    page.fill("#id_password_again", "a-long-and-unusual-password")
    page.check(f"#id_preferred_language_{0 if language == 'km' else 1}")
    visitor.submit()
    assert page.url.endswith(f"/{language}/communities/{community.slug}/")
    assert text["welcome"] in page.locator("section.welcome").inner_text()
    page.screenshot(path=folder / f"1-landed-{language}.png")

    # They introduce themselves, then connect Telegram from the welcome panel.
    page.fill("#welcome-introduction", text["introduction"])
    visitor.submit(text["post"])
    visitor.goto(f"/communities/{community.slug}/")
    assert page.locator("section.welcome").count() == 0
    visitor.goto("/accounts/preferences/")
    visitor.submit(text["connect"])
    deep_link = page.get_by_role("link", name=re.compile("Telegram")).get_attribute("href")
    token = re.fullmatch(r"https://t\.me/\w+\?start=([\w-]+)", deep_link).group(1)
    page.screenshot(path=folder / f"2-connect-{language}.png")
    fake_telegram.add_update(f"/start {token}", chat_id=CHAT)
    Poller().poll_once()
    assert [m["chat_id"] for m in fake_telegram.sent()] == [str(CHAT)]  # "Connected"

    # Another member, on their own phone, starts a discussion.
    other = browser.new_context(viewport=page.viewport_size, locale=language)
    poster = Visitor(other.new_page(), visitor.base, language)
    poster.sign_in(POSTER)
    poster.goto(f"/communities/{community.slug}/discussions/")
    poster.page.fill("#id_title", text["title"])
    poster.page.fill("#id_text", text["text"])
    poster.submit(text["start"])
    other.close()

    # The newcomer's Telegram: one short message in their language, discreet (a
    # members-only community): no title, no name, no community; an opaque link.
    message = fake_telegram.sent()[-1]
    assert message["chat_id"] == str(CHAT)
    assert text["discreet"] in message["text"]
    for secret in (text["title"], community.name_km, community.name_en, "Womens"):
        assert secret not in message["text"]
    opaque = re.search(r"https?://\S+/n/[\w-]+/", message["text"]).group(0)

    # The link opens the community's home: the discussion is its first card, on screen.
    page.goto(opaque)
    visitor.check()
    page.goto(visitor.url(f"/communities/{community.slug}/"))
    visitor.check()
    first = page.locator("ol.stream > li").first
    assert text["title"] in first.inner_text() and text["started"] in first.inner_text()
    box = first.bounding_box()
    assert box["y"] + box["height"] <= page.viewport_size["height"], box
    page.screenshot(path=folder / f"3-home-{language}.png")

    # The next morning's digest reaches a third member by e-mail (their language, and
    # discreet too); sent again, it sends nothing more.
    reader = User.objects.get(email=READER)
    reader.preferred_language = language
    reader.save()
    mail.outbox.clear()
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    morning = tomorrow.replace(hour=7, minute=0, second=0, microsecond=0).isoformat()
    call_command("send_digests", now=morning, frequency="daily")
    call_command("send_digests", now=morning, frequency="daily")
    digests = [message for message in mail.outbox if message.to == [READER]]
    assert len(digests) == 1
    body = digests[0].body
    assert text["title"] not in body and community.name_km not in body
    assert re.search(r"/n/[\w-]+/", body)
    assert digests[0].extra_headers["List-Unsubscribe"].startswith("<http")
