"""Who hears of what at once: each new card of a community's stream goes, by the job queue
once its change is committed, to the people inside the community who chose to hear of that
kind of news at once (e-mail's default is the daily digest; a connected messenger's is at
once), in each person's language and digits, discreetly for a members-only community,
never to the one who did it; replies only to the discussion's followers."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command

from activities.services import log_activity
from communities.models import Discussion, Follow
from communities.services import (
    accept_proposal,
    add_objective,
    add_resource,
    propose_idea,
    propose_organization,
    remove_organization,
    reply,
    start_discussion,
)
from members.models import MessengerLink, Notice
from tests import messenger, personas
from tests.factories import ActivityTypeFactory
from tests.notifications import hears_at_once

pytestmark = pytest.mark.django_db

TITLE = "ផែនការវេទិកាសាធារណៈ"
TEXT = "សូមអានផែនការមុនថ្ងៃច័ន្ទ"


@pytest.fixture
def public(community):
    """The community made public, its facilitator having chosen full notifications."""
    community.visibility, community.full_notifications = "public", True
    community.save()
    return community


@pytest.fixture
def with_messenger(settings):
    settings.NOTIFICATION_CHANNELS = ["members.channels.email", "tests.messenger"]
    messenger.sent.clear()
    yield messenger.sent
    messenger.sent.clear()


def connect(person):
    MessengerLink.objects.create(person=person, channel="telegram", address=f"chat-{person.pk}")


def everything(message) -> str:
    html = "".join(content for content, _type in getattr(message, "alternatives", []))
    return message.subject + message.body + html + str(message.extra_headers)


def test_a_new_discussion_reaches_at_once_those_who_chose_so_and_not_its_author(
    member_a, focal_point_a, facilitator, guest, public, django_capture_on_commit_callbacks
):
    member_a.preferred_language = "en"
    member_a.save()
    hears_at_once(member_a, "discussion")
    hears_at_once(focal_point_a, "discussion")  # the author: never told of their own post
    with django_capture_on_commit_callbacks(execute=True):
        discussion = start_discussion(by=focal_point_a, community=public, title=TITLE, text=TEXT)
    [message] = mail.outbox  # the facilitator and the guest: the daily digest, by default
    assert message.to == [member_a.email]
    organization = focal_point_a.organization
    assert message.subject == (
        f"{focal_point_a.full_name} ({organization.name_en}) started a discussion in "
        f"{public.name_en}: {TITLE}"
    )
    assert TEXT in message.body
    assert (
        f"http://127.0.0.1:8000/en/communities/{public.slug}/discussions/{discussion.pk}/"
        in message.body
    )
    # Every message leads to the settings, and can be stopped in one click.
    assert "http://127.0.0.1:8000/en/accounts/notifications/" in message.body
    stop = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(
        r"<http://127\.0\.0\.1:8000/en/accounts/notifications/unsubscribe/\S+/>", stop
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_by_default_nothing_is_sent_at_once_by_email(
    member_a, focal_point_a, facilitator, guest, public, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        start_discussion(by=focal_point_a, community=public, title=TITLE, text=TEXT)
        propose_idea(by=member_a, community=public, title="គំនិតថ្មី")
    assert mail.outbox == []


def test_a_members_only_community_is_discreet(
    client, member_a, focal_point_a, community, django_capture_on_commit_callbacks
):
    hears_at_once(member_a)
    with django_capture_on_commit_callbacks(execute=True):
        discussion = start_discussion(by=focal_point_a, community=community, title=TITLE, text=TEXT)
    [message] = mail.outbox
    said = everything(message)
    for secret in (
        TITLE,
        TEXT,
        focal_point_a.full_name,
        focal_point_a.organization.name_km,
        community.name_km,
        community.name_en,
        community.slug,
    ):
        assert secret not in said
    assert message.subject == "មានអ្វីថ្មីកំពុងរង់ចាំអ្នកនៅលើវិបផតថលសហគមន៍អនុវត្តន៍ Voice"
    link = re.search(r"http://127\.0\.0\.1:8000(/km/n/\S+/)", message.body).group(1)
    client.force_login(member_a)
    page = client.get(link, follow=True)
    assert page.redirect_chain[-1][0] == (
        f"/km/communities/{community.slug}/discussions/{discussion.pk}/"
    )


def test_a_public_community_without_full_notifications_is_discreet_too(
    member_a, focal_point_a, community, django_capture_on_commit_callbacks
):
    community.visibility = "public"
    community.save()
    hears_at_once(member_a, "discussion")
    with django_capture_on_commit_callbacks(execute=True):
        start_discussion(by=focal_point_a, community=community, title=TITLE, text=TEXT)
    [message] = mail.outbox
    assert TITLE not in everything(message) and "/km/n/" in message.body


def test_replies_reach_the_followers_only_until_they_unfollow(
    client, member_a, focal_point_a, facilitator, public, django_capture_on_commit_callbacks
):
    for person in (member_a, focal_point_a, facilitator):
        hears_at_once(person, "reply")
    discussion = start_discussion(by=member_a, community=public, title=TITLE, text=TEXT)
    with django_capture_on_commit_callbacks(execute=True):
        reply(by=focal_point_a, discussion=discussion, text="យល់ព្រម")
    # The starter follows it; the facilitator, who never wrote there, does not.
    [message] = mail.outbox
    assert message.to == [member_a.email]
    assert "យល់ព្រម" in message.body
    assert f"{focal_point_a.full_name} (" in message.subject

    # Now both have written there: each hears of the other's reply, not of their own.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply(by=member_a, discussion=discussion, text="អរគុណ")
    assert [m.to for m in mail.outbox] == [[focal_point_a.email]]

    # The starter unfollows on the discussion's page: no more replies reach them.
    client.force_login(member_a)
    page = f"/km/communities/{public.slug}/discussions/{discussion.pk}/"
    client.post(f"{page}follow/", {"follow": "0"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply(by=focal_point_a, discussion=discussion, text="ចុងក្រោយ")
    assert mail.outbox == []


def test_the_discussion_page_says_whether_you_follow_it_and_switches(
    client, member_a, focal_point_a, community
):
    discussion = start_discussion(by=member_a, community=community, title=TITLE, text=TEXT)
    page = f"/km/communities/{community.slug}/discussions/{discussion.pk}/"
    client.force_login(member_a)
    html = client.get(page).content.decode()
    assert "អ្នកកំពុងតាមដានការពិភាក្សានេះ" in html  # "You follow this discussion"
    assert f'action="{page}follow/"' in html and 'name="follow" value="0"' in html

    answer = client.post(f"{page}follow/", {"follow": "0"}, follow=True)
    assert answer.redirect_chain == [(page, 302)]
    html = answer.content.decode()
    assert "អ្នកលែងតាមដានការពិភាក្សានេះហើយ" in html  # "You no longer follow it"
    assert 'name="follow" value="1"' in html
    assert not Follow.objects.get(person=member_a, discussion=discussion).following

    client.force_login(focal_point_a)  # who never wrote there
    assert 'name="follow" value="1"' in client.get(page).content.decode()
    client.post(f"{page}follow/", {"follow": "1"})
    assert Follow.objects.get(person=focal_point_a, discussion=discussion).following
    # Writing again follows again.
    reply(by=member_a, discussion=discussion, text="ខ្ញុំត្រឡប់មកវិញ")
    assert Follow.objects.get(person=member_a, discussion=discussion).following


def test_an_outsider_cannot_follow(client, member_b, member_a, community):
    discussion = start_discussion(by=member_a, community=community, title=TITLE, text=TEXT)
    client.force_login(member_b)
    page = f"/km/communities/{community.slug}/discussions/{discussion.pk}/follow/"
    assert client.post(page).status_code == 404
    assert not Follow.objects.filter(person=member_b).exists()


def test_each_kind_of_news_in_the_readers_language(
    member_a, focal_point_a, facilitator, public, organization_b, focal_point_b,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """Ideas, activities, resources, arrivals: each under its setting; an objective
    reached is on the stream and in the digests, never at once."""
    member_a.preferred_language = "en"
    member_a.save()
    hears_at_once(member_a)
    name = f"{focal_point_a.full_name} ({focal_point_a.organization.name_en})"
    with django_capture_on_commit_callbacks(execute=True):
        propose_idea(by=focal_point_a, community=public, title="ទិវាបើកចំហ")
        add_resource(
            by=focal_point_a, community=public, title="មគ្គុទ្ទេសក៍", url="https://example.org/"
        )
        log_activity(
            by=focal_point_a,
            community=public,
            activity_type=ActivityTypeFactory(),
            lead_organization=focal_point_a.organization,
            start_date=datetime.date(2026, 12, 20),
            title_km="វេទិកាយុវជន",
            title_en="Youth forum",
        )
        add_objective(by=facilitator, community=public, title_km="គោលដៅ", achieved=True)
        proposal = propose_organization(
            by=facilitator, community=public, organization=organization_b
        )
        accept_proposal(by=focal_point_b, proposal=proposal)
    assert [m.subject for m in mail.outbox if m.to == [member_a.email]] == [
        f"{name} proposed an idea in {public.name_en}: ទិវាបើកចំហ",
        f"{name} shared a resource in {public.name_en}: មគ្គុទ្ទេសក៍",
        f"{name} planned an activity in {public.name_en}: Youth forum",
        f"{organization_b.name_en} joined {public.name_en}",
    ]


def test_khmer_readers_read_khmer(
    member_a, focal_point_a, public, django_capture_on_commit_callbacks
):
    hears_at_once(member_a, "discussion")
    with django_capture_on_commit_callbacks(execute=True):
        start_discussion(by=focal_point_a, community=public, title=TITLE, text=TEXT)
    [message] = mail.outbox
    assert message.subject == (
        f"{focal_point_a.full_name} ({focal_point_a.organization.name_km}) "
        f"បានចាប់ផ្តើមការពិភាក្សាក្នុង {public.name_km}៖ {TITLE}"
    )
    assert "http://127.0.0.1:8000/km/communities/" in message.body


def test_a_guest_is_named_a_guest(member_a, guest, public, django_capture_on_commit_callbacks):
    member_a.preferred_language = "en"
    member_a.save()
    hears_at_once(member_a, "discussion")
    with django_capture_on_commit_callbacks(execute=True):
        start_discussion(by=guest, community=public, title=TITLE, text=TEXT)
    [message] = mail.outbox
    assert message.subject.startswith(f"{guest.full_name} (guest) started a discussion")


def test_nobody_outside_the_community_hears_of_it(
    member_a, member_b, focal_point_a, admin, community, organization_a,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    for person in (member_b, admin):
        hears_at_once(person)
    gone = personas.member(organization_a)
    hears_at_once(gone)
    gone.is_active = False
    gone.save()
    with django_capture_on_commit_callbacks(execute=True):
        start_discussion(by=focal_point_a, community=community, title=TITLE, text=TEXT)
    assert mail.outbox == []


def test_an_organisation_that_left_hears_nothing_more(
    member_a, focal_point_a, facilitator, community, django_capture_on_commit_callbacks
):
    hears_at_once(member_a)
    remove_organization(by=facilitator, participation=community.participations.get())
    with django_capture_on_commit_callbacks(execute=True):
        # The facilitator is still inside; member A no longer is.
        start_discussion(by=facilitator, community=community, title=TITLE, text=TEXT)
    assert mail.outbox == []


def test_a_connected_messenger_hears_at_once_by_default(
    member_a, focal_point_a, guest, public, with_messenger, django_capture_on_commit_callbacks
):
    connect(member_a)  # the guest is not connected: nothing reaches them there
    with django_capture_on_commit_callbacks(execute=True):
        discussion = start_discussion(by=focal_point_a, community=public, title=TITLE, text=TEXT)
    [(person, message)] = with_messenger
    assert person == member_a
    assert TITLE in message.subject and public.name_km in message.subject
    assert message.url == (
        f"http://127.0.0.1:8000/km/communities/{public.slug}/discussions/{discussion.pk}/"
    )
    assert mail.outbox == []  # e-mail: the daily digest


def test_a_messenger_is_discreet_for_a_members_only_community(
    member_a, focal_point_a, community, with_messenger, django_capture_on_commit_callbacks
):
    connect(member_a)
    with django_capture_on_commit_callbacks(execute=True):
        start_discussion(by=focal_point_a, community=community, title=TITLE, text=TEXT)
    [(_person, message)] = with_messenger
    for secret in (TITLE, TEXT, focal_point_a.full_name, community.name_km):
        assert secret not in message.subject + message.text + message.url
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/km/n/\S+/", message.url)
    assert Notice.objects.get(recipient=member_a).path.endswith(
        f"/discussions/{Discussion.objects.get().pk}/"
    )


def test_a_proposal_follows_the_focal_points_settings(
    facilitator, community, organization_b, focal_point_b, django_capture_on_commit_callbacks
):
    """By default, the invitation waits for the daily digest; at once if chosen; never."""
    other = personas.focal_point(organization_b)
    hears_at_once(other, "invited")
    with django_capture_on_commit_callbacks(execute=True):
        propose_organization(by=facilitator, community=community, organization=organization_b)
    [message] = mail.outbox
    assert message.to == [other.email]
    assert community.name_km not in everything(message)  # members-only: discreet


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_what_the_request_only_enqueued(settings, member_a, focal_point_a, public):
    """As in production: the request writes the card and hands a job to the queue; the
    worker (db_worker) finds who hears of it and keeps their e-mails; then sends them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    hears_at_once(member_a, "discussion")
    start_discussion(by=focal_point_a, community=public, title=TITLE, text=TEXT)
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    [message] = mail.outbox
    assert TITLE in message.subject
