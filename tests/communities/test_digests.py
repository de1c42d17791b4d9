"""Digests, with a fixed clock: `send_digests` sends each person who chose a digest what
happened in their communities the day before (or the week before), grouped by community,
in their language and digits, by e-mail in HTML and plain text with a one-click way out;
discreet for members-only communities; once, however often it runs."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from communities import digests
from communities.services import (
    propose_idea,
    propose_organization,
    remove_organization,
    reply,
    start_discussion,
)
from cop_portal.core.models import Delivery
from members.models import DigestSent, MessengerLink, NotificationSetting
from members.notifications import save_notification_settings
from tests import messenger, personas

pytestmark = pytest.mark.django_db

# Thursday 3 December 2026, 08:00 in Phnom Penh: the daily digest is of Wednesday the 2nd.
THURSDAY = "2026-12-03T08:00:00+07:00"
MONDAY = "2026-12-07T08:00:00+07:00"  # the weekly digest: 30 November to 6 December
SITE = "http://127.0.0.1:8000"


@pytest.fixture
def clock(monkeypatch):
    """Things happen when the test says: timezone.now() is the time set last."""

    def at(text):
        moment = datetime.datetime.fromisoformat(text)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return at


@pytest.fixture
def public(organization_a, facilitator):
    """A public community with full notifications, in which organisation A takes part."""
    community = personas.community_of(
        organization_a, visibility="public", full_notifications=True, name_en="Open forum"
    )
    community.facilitators.add(facilitator)
    return community


@pytest.fixture
def second(organization_a):
    return personas.community_of(
        organization_a, visibility="public", full_notifications=True, name_en="Second forum"
    )


def send(capture, *options, now=THURSDAY):
    with capture(execute=True):
        call_command("send_digests", "--now", now, *options)


def digest_of(person):
    [message] = [message for message in mail.outbox if message.to == [person.email]]
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    return message, html


@pytest.fixture
def wednesday(clock, public, second, community, member_a, focal_point_a, facilitator):
    """Wednesday's news (and some of the days around it) in member A's three communities:
    two public ones and the members-only `community`."""
    clock("2026-12-01T23:59:00+07:00")  # Tuesday: not in Thursday's digest
    start_discussion(by=focal_point_a, community=public, title="ប្រធានបទចាស់", text="ចាស់")
    clock("2026-12-02T09:15:00+07:00")
    discussion = start_discussion(
        by=focal_point_a, community=public, title="ផែនការវេទិកា", text="សូមអាន"
    )
    clock("2026-12-02T12:00:00+07:00")
    propose_idea(by=member_a, community=public, title="គំនិតរបស់ខ្ញុំ")  # their own
    clock("2026-12-02T14:00:00+07:00")
    secret = start_discussion(
        by=facilitator, community=community, title="ប្រធានបទសម្ងាត់", text="ឯកជន"
    )
    reply(by=focal_point_a, discussion=secret, text="ចម្លើយ")  # member A does not follow it
    clock("2026-12-02T23:30:00+07:00")
    propose_idea(by=focal_point_a, community=second, title="ទិវាបើកចំហ")
    clock("2026-12-03T00:30:00+07:00")  # Thursday: tomorrow's digest
    start_discussion(by=focal_point_a, community=public, title="ថ្ងៃនេះ", text="ថ្មី")
    mail.outbox.clear()
    return discussion


def test_the_daily_digest_holds_yesterdays_news_grouped_by_community(
    wednesday, public, second, community, member_a, focal_point_a,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    send(django_capture_on_commit_callbacks)
    message, html = digest_of(member_a)
    assert message.subject == "ព័ត៌មានថ្មីៗក្នុងសហគមន៍របស់អ្នក៖ ២ ធ្នូ ២០២៦"
    who = f"{focal_point_a.full_name} ({focal_point_a.organization.name_km})"
    text = message.body
    assert text.startswith("អ្វីដែលបានកើតឡើងក្នុងសហគមន៍របស់អ្នក នៅថ្ងៃទី ២ ធ្នូ ២០២៦៖\n")
    # One group per community: the named ones by name, with each card, its time and link.
    first = text.index(f"== {public.name_km} ==")
    assert (
        f"* ០៩:១៥ · {who} បានចាប់ផ្តើមការពិភាក្សា៖ ផែនការវេទិកា\n"
        f"  {SITE}/km/communities/{public.slug}/discussions/{wednesday.pk}/\n"
    ) in text[first:]
    then = text.index(f"== {second.name_km} ==")
    assert f"* ២៣:៣០ · {who} បានស្នើគំនិតមួយ៖ ទិវាបើកចំហ" in text[then:]
    # The members-only one: a count and an opaque link, no name.
    assert "== សហគមន៍មួយរបស់អ្នក ==\nមានព័ត៌មានថ្មី ១ ក្នុងសហគមន៍មួយរបស់អ្នក។" in text
    for absent in ("ប្រធានបទចាស់", "ថ្ងៃនេះ", "គំនិតរបស់ខ្ញុំ", "ប្រធានបទសម្ងាត់", "ចម្លើយ"):
        assert absent not in text + html, absent
    assert community.name_km not in text + html + message.subject
    # The HTML part says the same, with links.
    assert '<html lang="km">' in html
    assert f'<a href="{SITE}/km/communities/{public.slug}/discussions/{wednesday.pk}/"' in html
    assert f"{who} បានចាប់ផ្តើមការពិភាក្សា៖ ផែនការវេទិកា" in html
    assert "មានព័ត៌មានថ្មី ១ ក្នុងសហគមន៍មួយរបស់អ្នក។" in html
    # The settings and a one-click way out, in the text, the HTML and the headers.
    assert f"{SITE}/km/accounts/notifications/\n" in text
    stop = re.search(r"<(\S+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert stop.startswith(f"{SITE}/km/accounts/notifications/unsubscribe/")
    assert stop in text and f'href="{stop}"' in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    delivery = Delivery.objects.get(recipient=member_a.email)
    assert delivery.person == member_a
    sent = DigestSent.objects.get(person=member_a)
    assert (sent.channel, sent.frequency, sent.period, sent.events) == (
        "email",
        "daily",
        "2026-12-02",
        3,
    )


def test_the_digest_in_english_and_in_latin_digits(
    wednesday, public, member_a, focal_point_a, django_capture_on_commit_callbacks
):
    member_a.preferred_language = "en"
    member_a.save()
    focal_point_a.khmer_digits = False  # reads Khmer with Latin digits
    focal_point_a.save()
    send(django_capture_on_commit_callbacks)
    english, html = digest_of(member_a)
    assert english.subject == "What is new in your communities: 2 December 2026"
    assert english.body.startswith("What happened in your communities on 2 December 2026:\n")
    assert f"== {public.name_en} ==" in english.body
    organization = focal_point_a.organization.name_en
    assert (
        f"* 09:15 · {focal_point_a.full_name} ({organization}) started a discussion: "
        "ផែនការវេទិកា\n"
        f"  {SITE}/en/communities/{public.slug}/discussions/{wednesday.pk}/"
    ) in english.body
    assert "1 new thing in one of your communities." in english.body
    assert '<html lang="en">' in html and "Stop the daily digest" in html
    # The focal point's own card is not in theirs; the idea of member A is, in Latin digits.
    khmer, _html = digest_of(focal_point_a)
    assert "ព័ត៌មានថ្មីៗក្នុងសហគមន៍របស់អ្នក៖ 2 ធ្នូ 2026" == khmer.subject
    assert "* 12:00 · " in khmer.body and "គំនិតរបស់ខ្ញុំ" in khmer.body
    assert not re.search("[០-៩]", khmer.body)


def test_a_discreet_community_shows_a_count_and_an_opaque_link_only(
    client, wednesday, community, member_a, facilitator, focal_point_a,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    send(django_capture_on_commit_callbacks)
    message, html = digest_of(member_a)
    everything = message.subject + message.body + html
    for secret in (community.name_km, community.name_en, community.slug, facilitator.full_name):
        assert secret not in everything
    link = re.search(r"== សហគមន៍មួយរបស់អ្នក ==\n.*\n.*\n(\S+)\n", message.body).group(1)
    assert re.fullmatch(rf"{SITE}/km/n/\S+/", link)
    client.force_login(focal_point_a)  # somebody else: nothing
    assert client.get(link.removeprefix(SITE)).status_code == 404
    client.force_login(member_a)
    page = client.get(link.removeprefix(SITE))
    assert page.url == f"/km/communities/{community.slug}/"


def test_sending_twice_sends_once(wednesday, member_a, django_capture_on_commit_callbacks):
    send(django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    assert sent >= 1
    send(django_capture_on_commit_callbacks)
    send(django_capture_on_commit_callbacks, now="2026-12-03T21:00:00+07:00")  # later that day
    assert len(mail.outbox) == sent
    assert DigestSent.objects.filter(person=member_a).count() == 1


def test_two_runs_at_the_same_time_send_once(
    wednesday, member_a, monkeypatch, django_capture_on_commit_callbacks
):
    """A second run that looked before the first recorded its digests finds the record
    there when it writes its own (the unique constraint), and sends nothing."""
    send(django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    monkeypatch.setattr(digests, "_already_sent", lambda period: set())
    send(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == sent
    assert Delivery.objects.filter(recipient=member_a.email).count() == 1


def test_nothing_is_sent_without_news(
    clock, public, member_a, focal_point_a, facilitator, django_capture_on_commit_callbacks
):
    clock("2026-12-02T10:00:00+07:00")
    start_discussion(by=member_a, community=public, title="របស់ខ្ញុំ", text="ខ្ញុំ")
    send(django_capture_on_commit_callbacks, now="2026-12-04T08:00:00+07:00")  # of the 3rd
    assert mail.outbox == [] and not DigestSent.objects.exists()
    send(django_capture_on_commit_callbacks)  # of the 2nd: the others hear of it
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [focal_point_a.email, facilitator.email]
    )


def test_a_person_who_left_gets_nothing_of_that_community(
    wednesday, public, second, community, member_a, facilitator,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    guest = personas.guest_of(second, invited_by=facilitator)
    remove_organization(by=facilitator, participation=public.participations.get())
    second.guests.filter(person=guest).update(left_on=datetime.date(2026, 12, 2))
    send(django_capture_on_commit_callbacks)
    message, html = digest_of(member_a)
    assert public.name_km not in message.body + html
    assert second.name_km in message.body
    assert guest.email not in [address for m in mail.outbox for address in m.to]


def test_replies_are_in_the_digest_of_the_followers_only(
    clock, public, member_a, focal_point_a, facilitator, django_capture_on_commit_callbacks
):
    clock("2026-12-01T09:00:00+07:00")
    discussion = start_discussion(by=member_a, community=public, title="សំណួរ", text="?")
    clock("2026-12-02T10:00:00+07:00")
    reply(by=focal_point_a, discussion=discussion, text="ចម្លើយ")
    send(django_capture_on_commit_callbacks)
    message, _html = digest_of(member_a)
    assert "បានឆ្លើយតបក្នុងការពិភាក្សា៖ សំណួរ" in message.body
    assert f"/discussions/{discussion.pk}/#post-" in message.body
    assert facilitator.email not in [address for m in mail.outbox for address in m.to]


def test_the_weekly_digest_goes_on_mondays_with_last_weeks_news(
    clock, public, member_a, focal_point_a, django_capture_on_commit_callbacks
):
    save_notification_settings(
        person=member_a,
        choices={("email", kind): "weekly" for kind in NotificationSetting.Kind.values},
    )
    clock("2026-11-29T22:00:00+07:00")  # Sunday of the week before: not in it
    start_discussion(by=focal_point_a, community=public, title="មុន", text="មុន")
    clock("2026-11-30T08:00:00+07:00")  # Monday
    start_discussion(by=focal_point_a, community=public, title="ច័ន្ទ", text="ច័ន្ទ")
    clock("2026-12-06T23:00:00+07:00")  # Sunday
    start_discussion(by=focal_point_a, community=public, title="អាទិត្យ", text="អាទិត្យ")
    for day in ("2026-12-01", "2026-12-04", "2026-12-06"):  # dailies only on other days
        send(django_capture_on_commit_callbacks, now=f"{day}T08:00:00+07:00")
    assert member_a.email not in [address for m in mail.outbox for address in m.to]
    send(django_capture_on_commit_callbacks, now=MONDAY)
    message, html = digest_of(member_a)
    assert message.subject == "ព័ត៌មានថ្មីៗក្នុងសហគមន៍របស់អ្នក៖ ៣០ វិច្ឆិកា ដល់ ៦ ធ្នូ ២០២៦"
    assert "ច័ន្ទ" in message.body and "អាទិត្យ" in message.body and "មុន" not in message.body
    assert "* ៣០ វិច្ឆិកា, ០៨:០០ · " in message.body  # a week: the day and the time
    assert "បញ្ឈប់សេចក្តីសង្ខេបប្រចាំសប្តាហ៍" in html
    assert DigestSent.objects.get(person=member_a).period == "2026-W49"


def test_an_unsubscribe_link_of_a_digest_stops_the_next_ones(
    wednesday, clock, public, member_a, focal_point_a, django_capture_on_commit_callbacks
):
    send(django_capture_on_commit_callbacks)
    message, _html = digest_of(member_a)
    stop = re.search(r"<(\S+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    # The mail client's one-click POST (RFC 8058): no cookie, no CSRF token.
    answer = Client(enforce_csrf_checks=True).post(
        stop.removeprefix(SITE),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 200
    assert "សេចក្តីសង្ខេបប្រចាំថ្ងៃតាម អ៊ីមែល" in answer.content.decode()
    clock("2026-12-03T10:00:00+07:00")
    start_discussion(by=focal_point_a, community=public, title="ថ្មីទៀត", text="ថ្មី")
    mail.outbox.clear()
    send(django_capture_on_commit_callbacks, now="2026-12-04T08:00:00+07:00")
    assert member_a.email not in [address for m in mail.outbox for address in m.to]


def test_an_invitation_to_the_organisation_is_in_its_focal_points_digest(
    clock, community, facilitator, organization_b, focal_point_b, member_b,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    clock("2026-12-02T11:00:00+07:00")
    with django_capture_on_commit_callbacks(execute=True):
        propose_organization(by=facilitator, community=community, organization=organization_b)
    assert mail.outbox == []  # the daily digest, by default
    send(django_capture_on_commit_callbacks)
    message, html = digest_of(focal_point_b)
    assert "អង្គការរបស់អ្នកត្រូវបានអញ្ជើញឱ្យចូលរួមក្នុងសហគមន៍មួយ។" in message.body
    assert community.name_km not in message.body + html  # members-only: unnamed
    assert re.search(rf"យល់ព្រម ឬបដិសេធនៅទីនេះ៖ {SITE}/km/n/\S+/", message.body)
    assert [m.to for m in mail.outbox] == [[focal_point_b.email]]  # not its other member


def test_a_messenger_gets_a_short_digest(
    settings, wednesday, public, second, member_a, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_CHANNELS = ["members.channels.email", "tests.messenger"]
    messenger.sent.clear()
    MessengerLink.objects.create(person=member_a, channel="telegram", address="1")
    save_notification_settings(
        person=member_a,
        choices={("telegram", kind): "daily" for kind in NotificationSetting.Kind.values},
    )
    send(django_capture_on_commit_callbacks)
    [(person, message)] = messenger.sent
    messenger.sent.clear()
    assert person == member_a
    assert message.html == ""
    assert message.text == (
        "ព័ត៌មានថ្មីៗក្នុងសហគមន៍របស់អ្នក៖ ២ ធ្នូ ២០២៦\n"
        f"• {public.name_km}៖ ព័ត៌មានថ្មី ១\n"
        f"• {second.name_km}៖ ព័ត៌មានថ្មី ១\n"
        "• មានព័ត៌មានថ្មី ១ ក្នុងសហគមន៍មួយរបស់អ្នក។\n"
        f"បើកវិបផតថល៖ {SITE}/km/dashboard/\n"
    )
    assert DigestSent.objects.filter(person=member_a).count() == 2  # e-mail and messenger


def test_the_periods_are_days_and_iso_weeks_in_phnom_penh(settings):
    assert settings.TIME_ZONE == "Asia/Phnom_Penh"
    # 23:30 UTC on the 2nd is already the 3rd in Phnom Penh: the day before is the 2nd.
    late = datetime.datetime(2026, 12, 2, 23, 30, tzinfo=datetime.UTC)
    daily = digests.period_before("daily", late)
    assert daily.label == "2026-12-02"
    assert daily.start.isoformat() == "2026-12-02T00:00:00+07:00"
    assert daily.end.isoformat() == "2026-12-03T00:00:00+07:00"
    weekly = digests.period_before("weekly", late)
    assert (weekly.label, weekly.first_day, weekly.last_day) == (
        "2026-W48",
        datetime.date(2026, 11, 23),
        datetime.date(2026, 11, 29),
    )
    assert digests.period_before("weekly", datetime.datetime.fromisoformat(MONDAY)).label == (
        "2026-W49"
    )
    assert digests.frequencies_due(datetime.datetime.fromisoformat(MONDAY)) == ["daily", "weekly"]
    assert digests.frequencies_due(datetime.datetime.fromisoformat(THURSDAY)) == ["daily"]


def test_the_command_says_what_it_sent_and_refuses_a_bad_clock(wednesday, member_a, capsys):
    save_notification_settings(
        person=member_a,
        choices={("email", kind): "weekly" for kind in NotificationSetting.Kind.values},
    )
    call_command("send_digests", "--now", MONDAY, "--frequency", "both")
    assert capsys.readouterr().out == "daily: 0 digest(s) sent\nweekly: 1 digest(s) sent\n"
    with pytest.raises(CommandError):
        call_command("send_digests", "--now", "not a time")


def test_the_hourly_loop_sleeps_until_the_next_hour():
    from communities.management.commands.send_digests import _seconds_to_next_hour

    now = datetime.datetime(2026, 12, 3, 8, 59, 30, tzinfo=datetime.UTC)
    assert _seconds_to_next_hour(now) == 30
