"""How a person hears of news: per channel (e-mail, Telegram) and per kind, at once, in the
daily or the weekly digest, or never; e-mail in the daily digest and Telegram at once by
default; and a one-click way out of each digest."""

import re

import pytest
from django.core import mail

from members.models import MessengerLink, NotificationSetting
from members.notifications import unsubscribe_url, when_for
from tests import messenger

pytestmark = pytest.mark.django_db

PAGE = "/km/accounts/notifications/"
KINDS = NotificationSetting.Kind.values


@pytest.fixture
def with_messenger(settings):
    settings.NOTIFICATION_CHANNELS = ["members.channels.email", "tests.messenger"]
    messenger.sent.clear()


def checked(html: str) -> dict[str, str]:
    """The chosen value of each radio group of the page."""
    return dict(re.findall(r'<input type="radio" name="([\w-]+)" value="(\w+)"[^>]*checked', html))


def everything(when: str, channels=("email",)) -> dict[str, str]:
    return {f"{channel}-{kind}": when for channel in channels for kind in KINDS}


def test_the_defaults_are_the_daily_digest_by_email(client, member_a):
    client.force_login(member_a)
    page = client.get(PAGE)
    html = page.content.decode()
    assert page.status_code == 200
    assert checked(html) == everything("daily")
    # The site offers no Telegram (no bot): only e-mail is shown.
    assert "<legend>អ៊ីមែល</legend>" in html and "Telegram" not in html


def test_telegram_is_at_once_once_connected_and_offers_to_connect_before(
    client, member_a, settings, with_messenger
):
    client.force_login(member_a)
    html = client.get(PAGE).content.decode()
    assert checked(html) == {**everything("daily"), **everything("now", ("telegram",))}
    assert 'href="/km/accounts/telegram/connect/"' in html
    assert "ភ្ជាប់ Telegram" in html  # "Connect Telegram"
    MessengerLink.objects.create(person=member_a, channel="telegram", address="123")
    html = client.get(PAGE).content.decode()
    assert "/accounts/telegram/connect/" not in html
    assert when_for(member_a, "telegram", "reply") == "now"


def test_a_person_saves_their_choices_and_is_told_so(client, member_a, with_messenger):
    client.force_login(member_a)
    choices = {
        **everything("never"),
        **everything("now", ("telegram",)),
        "email-discussion": "weekly",
        "email-reply": "now",
        "telegram-joined": "daily",
    }
    page = client.post(PAGE, choices, follow=True)
    assert page.redirect_chain == [(PAGE, 302)]
    html = page.content.decode()
    assert "ការកំណត់ការជូនដំណឹងរបស់អ្នកត្រូវបានរក្សាទុក" in html  # "... were saved."
    assert checked(html) == choices
    assert when_for(member_a, "email", "discussion") == "weekly"
    assert when_for(member_a, "email", "reply") == "now"
    assert when_for(member_a, "email", "idea") == "never"
    assert when_for(member_a, "telegram", "joined") == "daily"
    # Only this person's settings.
    assert set(NotificationSetting.objects.values_list("person", flat=True)) == {member_a.pk}


def test_a_choice_that_is_not_offered_keeps_the_form_and_saves_nothing(client, member_a):
    client.force_login(member_a)
    page = client.post(PAGE, {**everything("daily"), "email-reply": "hourly"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    assert checked(html)["email-idea"] == "daily"  # what was chosen is still there
    assert not NotificationSetting.objects.exists()


def test_the_page_reads_well_on_a_phone_in_khmer(client, member_a, with_messenger):
    """One column of groups (a fieldset per channel, one per kind of news with its legend),
    each choice a radio with its own label, nothing as wide as a table; Khmer words."""
    client.force_login(member_a)
    html = client.get(PAGE).content.decode()
    assert "<table" not in html
    assert 'class="stack-form notification-settings"' in html
    assert html.count('<fieldset class="section">') == 2
    radios = re.findall(r'<input type="radio" name="[\w-]+" value="\w+"[^>]*id="([\w-]+)"', html)
    assert len(radios) == 2 * len(KINDS) * 4
    for radio in radios:
        assert f'<label for="{radio}">' in html
    for khmer in (
        "ការជូនដំណឹង",  # notifications
        "ការពិភាក្សាថ្មី",  # a new discussion
        "ភ្លាមៗ",  # at once
        "ក្នុងសេចក្តីសង្ខេបប្រចាំថ្ងៃ",  # in the daily digest
        "ក្នុងសេចក្តីសង្ខេបប្រចាំសប្តាហ៍",  # in the weekly digest
        "កុំជូនដំណឹង",  # never
    ):
        assert khmer in html
    css = open("static/css/site.css", encoding="utf-8").read()
    assert ".notification-settings .field-choices > div { display: flex; flex-wrap: wrap;" in css


def test_my_account_links_to_the_settings(client, member_a):
    client.force_login(member_a)
    assert f'href="{PAGE}"' in client.get("/km/accounts/preferences/").content.decode()


def test_the_page_is_for_people_signed_in(client):
    page = client.get(PAGE)
    assert page.status_code == 302 and page.url.startswith("/km/accounts/login/")


# --- One-click unsubscribe ------------------------------------------------------------------


def test_an_unsubscribe_link_asks_then_stops_that_digest_only(client, member_a):
    from tests.notifications import hears_at_once

    hears_at_once(member_a, "reply")
    link = unsubscribe_url(member_a, "email", "daily").removeprefix("http://127.0.0.1:8000")
    page = client.get(link)  # not signed in: from a mail client
    html = page.content.decode()
    assert page.status_code == 200
    assert "សេចក្តីសង្ខេបប្រចាំថ្ងៃ" in html and '<form method="post">' in html
    assert when_for(member_a, "email", "discussion") == "daily"  # a GET changes nothing

    page = client.post(link)
    assert page.status_code == 200
    assert "បានបញ្ឈប់" in page.content.decode()  # "stopped"
    for kind in KINDS:
        expected = "now" if kind == "reply" else "never"
        assert when_for(member_a, "email", kind) == expected, kind


def test_a_mail_client_unsubscribes_with_one_post_without_a_cookie(member_a):
    """RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the link, with no
    CSRF token."""
    from django.test import Client

    link = unsubscribe_url(member_a, "email", "weekly").removeprefix("http://127.0.0.1:8000")
    NotificationSetting.objects.create(person=member_a, channel="email", kind="idea", when="weekly")
    page = Client(enforce_csrf_checks=True).post(
        link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert page.status_code == 200
    assert when_for(member_a, "email", "idea") == "never"
    assert when_for(member_a, "email", "discussion") == "daily"  # another frequency: kept


@pytest.mark.parametrize("language", ["km", "en"])
def test_a_forged_unsubscribe_link_is_refused_and_changes_nothing(client, member_a, language):
    from django.core import signing

    token = unsubscribe_url(member_a, "email", "daily").rstrip("/").rsplit("/", 1)[1]
    _payload, stamp, signature = token.split(":")
    someone_else = signing.dumps([member_a.pk + 1, "email", "daily"], salt="x").split(":")[0]
    forged = (
        f"{someone_else}:{stamp}:{signature}",  # another person's id, this signature
        signing.dumps([member_a.pk, "email", "daily"], salt="another-purpose"),
        signing.dumps([member_a.pk, "email", "daily"], key="not-the-site-key"),
        token[:-3] + "abc",
        "not-a-token",
    )
    for bad in forged:
        link = f"/{language}/accounts/notifications/unsubscribe/{bad}/"
        for method in (client.get, client.post):
            page = method(link)
            assert page.status_code == 400
            expected = "This link does not work" if language == "en" else "តំណនេះមិនដំណើរការទេ"
            assert expected in page.content.decode()
    assert not NotificationSetting.objects.exists()
    assert mail.outbox == []
