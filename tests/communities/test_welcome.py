"""A newcomer lands inside their community, where a welcome panel shows the ground rules,
who is here, connecting Telegram and a first post, until they introduce themselves or
close it."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import path

from communities.models import Community, Discussion, Post, StreamEvent, Visit
from communities.services import close_community
from cop_portal.urls import urlpatterns as portal_urls
from members import channels
from members.models import User
from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    OrganizationFactory,
    ParticipationFactory,
    UserFactory,
)
from tests.members.test_invitations import invite, link_in

pytestmark = pytest.mark.django_db

PANEL = 'class="welcome"'


def accept(client, link, *, language="km", name="ដារ៉ា សុខ"):
    client.logout()
    return client.post(
        link,
        {
            "full_name": name,
            "password": PASSWORD,
            "password_again": PASSWORD,
            "preferred_language": language,
        },
    )


def arrive(client, inviter, *, email="dara@example.org", language="km", capture, **invitation):
    """An invitation e-mailed and accepted: the answer to the acceptance."""
    with capture(execute=True):
        invite(inviter, email=email, **invitation)
    return accept(client, link_in(mail.outbox[-1]), language=language)


def messages_of(page) -> list[str]:
    return [str(message) for message in page.context["messages"]]


@pytest.fixture
def charter(community):
    community.charter_km = "យើងគោរពគ្នាទៅវិញទៅមក ហើយរក្សាការសម្ងាត់។"
    community.save()
    return community.charter_km


def test_a_guest_lands_in_their_community_welcomed_by_its_name(
    client, facilitator, community, charter, member_a, django_capture_on_commit_callbacks
):
    answer = arrive(
        client,
        facilitator,
        kind="guest",
        community=community,
        capture=django_capture_on_commit_callbacks,
    )
    assert answer.status_code == 302
    assert answer.url == f"/km/communities/{community.slug}/"
    page = client.get(answer.url)
    assert messages_of(page) == [f"សូមស្វាគមន៍មកកាន់ {community.name_km}!"]
    html = page.content.decode()
    assert html.count(PANEL) == 1
    assert "សូមស្វាគមន៍! នេះជារបៀបចាប់ផ្តើម" in html
    assert charter in html  # the ground rules
    assert community.participations.get().organization.name_km in html  # who is here
    assert facilitator.full_name in html and member_a.full_name in html
    assert f'href="/km/communities/{community.slug}/people/"' in html
    assert f'action="/km/communities/{community.slug}/welcome/introduce/"' in html
    assert f'action="/km/communities/{community.slug}/welcome/dismiss/"' in html
    assert "<details open>" in html  # the first visit: in full
    # It stays until it is done or closed, folded to its title above the stream (the
    # newest cards on the phone's first screen); and it is theirs only.
    again = client.get(answer.url).content.decode()
    assert again.count(PANEL) == 1 and "<details>" in again and "<details open>" not in again
    client.force_login(member_a)
    assert PANEL not in client.get(answer.url).content.decode()


def test_the_welcome_goes_once_closed(
    client, facilitator, community, django_capture_on_commit_callbacks
):
    arrive(
        client,
        facilitator,
        kind="guest",
        community=community,
        capture=django_capture_on_commit_callbacks,
    )
    home = f"/km/communities/{community.slug}/"
    answer = client.post(f"{home}welcome/dismiss/")
    assert (answer.status_code, answer.url) == (302, home)
    assert PANEL not in client.get(home).content.decode()
    assert not Visit.objects.get(person__email="dara@example.org").welcome_pending
    assert not Post.objects.exists()  # closing it posts nothing


def test_a_member_lands_in_the_one_open_community_of_their_organisation(
    client, focal_point_a, community, organization_a, django_capture_on_commit_callbacks
):
    closed = ParticipationFactory(organization=organization_a).community
    closed.status = Community.Status.CLOSED
    closed.save()
    answer = arrive(
        client,
        focal_point_a,
        kind="member",
        organization=organization_a,
        capture=django_capture_on_commit_callbacks,
    )
    assert answer.url == f"/km/communities/{community.slug}/"
    page = client.get(answer.url)
    assert messages_of(page) == [f"សូមស្វាគមន៍មកកាន់ {community.name_km}!"]
    assert PANEL in page.content.decode()


def test_a_member_whose_organisation_takes_part_in_several_communities_sees_them_listed(
    client, focal_point_a, community, organization_a, django_capture_on_commit_callbacks
):
    other = ParticipationFactory(organization=organization_a).community
    answer = arrive(
        client,
        focal_point_a,
        kind="member",
        organization=organization_a,
        language="en",
        capture=django_capture_on_commit_callbacks,
    )
    assert answer.url == "/en/dashboard/"
    page = client.get(answer.url)
    [message] = messages_of(page)
    assert message.startswith("Welcome! Your organisation takes part in the communities listed")
    html = page.content.decode()
    assert community.name_en in html and other.name_en in html
    # Each welcomes them on its home.
    for each in (community, other):
        assert PANEL in client.get(f"/en/communities/{each.slug}/").content.decode()


def test_a_member_whose_organisation_takes_part_nowhere_yet_is_told_so(
    client, focal_point_b, organization_b, django_capture_on_commit_callbacks
):
    answer = arrive(
        client,
        focal_point_b,
        kind="member",
        organization=organization_b,
        language="en",
        capture=django_capture_on_commit_callbacks,
    )
    assert answer.url == "/en/dashboard/"
    [message] = messages_of(client.get(answer.url))
    assert "Your organisation does not take part in a community yet" in message


def test_a_new_facilitator_lands_in_the_community_they_were_invited_to(
    client, admin, community, django_capture_on_commit_callbacks
):
    answer = arrive(
        client,
        admin,
        kind="facilitator",
        community=community,
        language="en",
        capture=django_capture_on_commit_callbacks,
    )
    assert answer.url == f"/en/communities/{community.slug}/"
    # A facilitator first sets up two-step sign-in; then the community welcomes them.
    assert client.get(answer.url).url == "/en/accounts/2fa/totp/activate/"
    TOTP.activate(User.objects.get(email="dara@example.org"), TOTP_SECRET)
    page = client.get(answer.url)
    assert messages_of(page) == [f"Welcome to {community.name_en}!"]
    assert PANEL in page.content.decode()


def test_introducing_oneself_posts_in_the_introductions_and_ends_the_welcome(
    client, facilitator, community, member_a, django_capture_on_commit_callbacks
):
    arrive(
        client,
        facilitator,
        kind="guest",
        community=community,
        capture=django_capture_on_commit_callbacks,
    )
    home = f"/km/communities/{community.slug}/"
    answer = client.post(f"{home}welcome/introduce/", {"text": "  ខ្ញុំឈ្មោះដារ៉ា។\r\nសួស្តី!  "})
    [post] = Post.objects.all()
    discussion = post.discussion
    assert answer.url == f"{home}discussions/{discussion.pk}/#post-{post.pk}"
    assert (discussion.community, discussion.is_introductions) == (community, True)
    assert discussion.title == "ការណែនាំខ្លួន"  # in the language of the one who started it
    assert post.text == "ខ្ញុំឈ្មោះដារ៉ា។\nសួស្តី!"
    assert post.author.email == "dara@example.org"
    page = client.get(answer.url).content.decode()
    assert "ខ្ញុំឈ្មោះដារ៉ា។" in page
    assert PANEL not in client.get(home).content.decode()
    event = StreamEvent.objects.get(kind=StreamEvent.Kind.DISCUSSION_STARTED)
    assert (event.subject_id, event.detail_id) == (discussion.pk, post.pk)
    assert (event.title_km, event.title_en) == ("ការណែនាំខ្លួន", "Introductions")

    # The next newcomer answers in the same discussion.
    arrive(
        client,
        facilitator,
        email="sokha@example.org",
        kind="guest",
        community=community,
        language="en",
        capture=django_capture_on_commit_callbacks,
    )
    client.post(f"/en/communities/{community.slug}/welcome/introduce/", {"text": "Hello, Sokha."})
    assert Discussion.objects.get() == discussion
    assert discussion.posts.count() == 2
    answered = StreamEvent.objects.get(kind=StreamEvent.Kind.DISCUSSION_ANSWERED)
    assert (answered.subject_id, answered.title_en) == (discussion.pk, "Introductions")


def test_an_empty_introduction_is_refused_and_what_was_typed_is_kept(client, guest, community):
    Visit.objects.update_or_create(
        person=guest, community=community, defaults={"welcome_pending": True}
    )
    client.force_login(guest)
    url = f"/en/communities/{community.slug}/welcome/introduce/"
    page = client.post(url, {"text": "   "})
    assert page.status_code == 200
    assert "This field is required." in page.content.decode()
    page = client.post(url, {"text": "Hello\x00 there"})
    assert page.status_code == 200
    assert "Hello" in page.content.decode() and 'class="errorlist"' in page.content.decode()
    assert not Post.objects.exists()
    assert Visit.objects.get(person=guest).welcome_pending


def test_a_closed_community_welcomes_nobody(client, member_a, community, facilitator):
    Visit.objects.update_or_create(
        person=member_a, community=community, defaults={"welcome_pending": True}
    )
    close_community(by=facilitator, community=community, closing_summary_km="បានបញ្ចប់")
    client.force_login(member_a)
    assert PANEL not in client.get(f"/km/communities/{community.slug}/").content.decode()
    assert client.post(f"/km/communities/{community.slug}/welcome/introduce/").status_code == 302
    assert not Post.objects.exists()


def test_who_is_here_names_a_few_then_how_many_more_in_khmer_digits(client, guest, community):
    for number in range(8):
        organization = OrganizationFactory(name_km=f"អង្គការ {number}")
        ParticipationFactory(community=community, organization=organization)
        User.objects.create_user(
            email=f"someone{number}@example.org",
            full_name=f"បុគ្គល {number}",
            organization=organization,
        )
    Visit.objects.update_or_create(
        person=guest, community=community, defaults={"welcome_pending": True}
    )
    client.force_login(guest)
    html = client.get(f"/km/communities/{community.slug}/").content.decode()
    # 9 organisations: 6 named, and 3 more; 9 other people (8 and the facilitator): the
    # same.
    assert "និងអង្គការ ៣ ទៀត" in html
    assert "អ្នកទាំងអស់ក្នុងសហគមន៍ (៣ នាក់ទៀត)" in html
    people = client.get(f"/km/communities/{community.slug}/people/").content.decode()
    assert all(f"បុគ្គល {number}" in people for number in range(8))
    assert guest.full_name in people


def test_the_welcome_costs_the_community_page_two_queries_whatever_the_numbers(
    client, guest, community
):
    """Who is here: the organisations in one query, the first people and their number in
    another; whether to welcome at all is read with the community."""
    client.force_login(guest)
    home = f"/km/communities/{community.slug}/"

    def queries():
        with CaptureQueriesContext(connection) as context:
            page = client.get(home)
        return len(context), PANEL in page.content.decode()

    client.get(home)  # the navigation's count of what is new, counted once a minute
    plain, shown = queries()
    assert not shown
    Visit.objects.update_or_create(
        person=guest, community=community, defaults={"welcome_pending": True}
    )
    assert queries() == (plain + 2, True)
    for _ in range(30):
        organization = OrganizationFactory()
        ParticipationFactory(community=community, organization=organization)
        UserFactory(organization=organization)
    assert queries() == (plain + 2, True)


# --- Telegram: a link to connect it, where the site offers it and it is not connected ---


class FakeTelegram:
    name = "telegram"
    label = "Telegram"
    default_when = "now"
    connected: set = set()

    def available(self):
        return True

    def reaches(self, person):
        return person.pk in self.connected

    def send(self, *, person, message):
        raise AssertionError("nothing is sent from a welcome")


channel = FakeTelegram()
urlpatterns = [
    *portal_urls,
    path("telegram/connect/", lambda request: HttpResponse(), name="telegram_connect"),
]


@pytest.fixture
def telegram_offered(settings):
    settings.NOTIFICATION_CHANNELS = [__name__]
    channels._loaded.cache_clear()
    yield channel
    FakeTelegram.connected = set()
    channels._loaded.cache_clear()


def test_no_telegram_step_where_the_site_has_no_telegram(client, guest, community):
    Visit.objects.update_or_create(
        person=guest, community=community, defaults={"welcome_pending": True}
    )
    client.force_login(guest)
    html = client.get(f"/km/communities/{community.slug}/").content.decode()
    assert PANEL in html and "Telegram" not in html


@pytest.mark.urls(__name__)
def test_the_welcome_offers_to_connect_telegram_until_it_is_connected(
    client, guest, community, telegram_offered
):
    Visit.objects.update_or_create(
        person=guest, community=community, defaults={"welcome_pending": True}
    )
    client.force_login(guest)
    html = client.get(f"/km/communities/{community.slug}/").content.decode()
    assert re.search(r'<a class="button" href="/telegram/connect/">ភ្ជាប់ Telegram</a>', html)
    FakeTelegram.connected = {guest.pk}
    html = client.get(f"/km/communities/{community.slug}/").content.decode()
    assert PANEL in html and "/telegram/connect/" not in html


def test_a_welcome_in_one_community_is_not_shown_in_another(client, member_a, community):
    other = ParticipationFactory(organization=member_a.organization).community
    Visit.objects.update_or_create(
        person=member_a, community=community, defaults={"welcome_pending": True}
    )
    client.force_login(member_a)
    assert PANEL not in client.get(f"/km/communities/{other.slug}/").content.decode()
    assert PANEL in client.get(f"/km/communities/{community.slug}/").content.decode()
