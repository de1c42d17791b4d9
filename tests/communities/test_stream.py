"""A community's home is its stream: what its members do, newest first, one card each,
with what is new since the person's last visit; the dashboard gathers the person's
communities' streams, and the navigation counts what is new."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from activities.models import Activity
from activities.services import attach_file, delete_activity, log_activity, update_activity
from communities.models import StreamEvent
from communities.services import (
    accept_proposal,
    add_objective,
    add_resource,
    propose_idea,
    propose_organization,
    reply,
    start_discussion,
)
from tests import personas
from tests.factories import ActivityTypeFactory, CommunityFactory, ParticipationFactory
from tests.files import image

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def home(client, community, query=""):
    return client.get(f"/km/communities/{community.slug}/{query}").content.decode()


def cards(html: str) -> list[str]:
    """The stream's cards, top first, as text (as a screen reader reads it: without the
    organisation's avatar, which is hidden from it)."""
    stream = html.split('<ol class="stream">', 1)[1].split("</ol>", 1)[0]
    stream = re.sub(r'<span class="avatar[^"]*" aria-hidden="true">[^<]*</span>', "", stream)
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item.split(">", 1)[1])).strip()
        for item in stream.split("<li")[1:]
    ]


def test_a_new_discussion_is_the_first_card_of_the_home_with_who_and_when(
    client, community, member_a, organization_a
):
    colleague = personas.member(organization_a, email="colleague@example.org")
    propose_idea(by=member_a, community=community, title="ដំណើរទស្សនកិច្ចរួមគ្នា")
    discussion = start_discussion(
        by=colleague, community=community, title="ការរៀបចំវេទិកា", text="តើយើងជួបនៅពេលណា?"
    )
    client.force_login(member_a)
    html = home(client, community)
    first = cards(html)[0]
    assert "ការរៀបចំវេទិកា" in first
    assert f"{colleague.full_name} បានចាប់ផ្តើមការពិភាក្សា" in first
    assert organization_a.name_km in first
    assert "អម្បាញ់មិញ" in first  # "just now"
    assert f'href="/km/communities/{community.slug}/discussions/{discussion.pk}/"' in html
    assert "គំនិត" in cards(html)[1]  # the idea before it, below
    # The four things people do here, at the top; the description one tap away.
    for action in ("ចាប់ផ្តើមការពិភាក្សា", "ស្នើគំនិត", "កត់ត្រាសកម្មភាព", "ចែករំលែកឯកសារ"):
        assert action in html.split('<ol class="stream">')[0]
    assert f'href="/km/communities/{community.slug}/about/"' in html


def test_what_is_new_since_the_last_visit_is_marked_then_seen(
    client, community, member_a, organization_a
):
    colleague = personas.member(organization_a, email="colleague@example.org")
    client.force_login(member_a)
    home(client, community)  # the first visit
    start_discussion(by=colleague, community=community, title="សំណួរថ្មី", text="សួស្តី")
    start_discussion(by=member_a, community=community, title="សំណួររបស់ខ្ញុំ", text="សួស្តី")
    html = home(client, community)
    new = [card for card in cards(html) if card.startswith("ថ្មី ")]
    assert len(new) == 1 and "សំណួរថ្មី" in new[0]  # my own post is not news to me
    assert not [card for card in cards(home(client, community)) if card.startswith("ថ្មី ")]


def test_every_kind_of_news_has_its_card(
    client, media, community, facilitator, member_a, organization_a, organization_b
):
    kind = ActivityTypeFactory()
    planned = log_activity(
        by=member_a,
        community=community,
        activity_type=kind,
        lead_organization=organization_a,
        start_date=datetime.date(2027, 1, 15),
        title_km="វេទិកាសហគមន៍",
    )
    done = log_activity(
        by=member_a,
        community=community,
        activity_type=kind,
        lead_organization=organization_a,
        start_date=datetime.date(2026, 11, 2),
        status=Activity.Status.DONE,
        title_km="វគ្គបណ្តុះបណ្តាលភាសាសញ្ញា",
        participants_total=12,
    )
    attach_file(
        by=member_a,
        activity=done,
        file=SimpleUploadedFile("រូប.jpg", image(1600, 1200, kind="JPEG")),
    )
    add_resource(
        by=member_a, community=community, title="មគ្គុទ្ទេសក៍", url="https://example.org/guide"
    )
    add_objective(by=facilitator, community=community, title_km="ចងក្រងឯកសារ", achieved=True)
    proposal = propose_organization(
        by=facilitator, community=community, organization=organization_b
    )
    accept_proposal(by=personas.focal_point(organization_b), proposal=proposal)

    client.force_login(member_a)
    html = home(client, community)
    texts = cards(html)
    assert f"{organization_b.name_km} បានចូលរួមក្នុងសហគមន៍" in texts[0]
    assert "គោលបំណងសម្រេចបាន" in texts[1] and "ចងក្រងឯកសារ" in texts[1]
    assert "បានចែករំលែកឯកសារ" in texts[2] and "មគ្គុទ្ទេសក៍" in texts[2]
    assert "បានធ្វើរួច" in texts[3] and "វគ្គបណ្តុះបណ្តាលភាសាសញ្ញា" in texts[3]
    assert "បានគ្រោងសកម្មភាព" in texts[4] and "វេទិកាសហគមន៍" in texts[4]
    # The activity done shows its first photo, small: a thumbnail, not the 1600 px photo.
    photo = re.search(r'<img class="event-photo" src="([^"]+)"', html).group(1)
    assert photo.startswith(f"/km/activities/{done.pk}/attachments/")
    thumbnail = client.get(photo)
    assert thumbnail["Content-Type"] == "image/jpeg"
    from io import BytesIO

    assert max(Image.open(BytesIO(thumbnail.content)).size) <= 128
    assert f'href="/km/activities/{planned.pk}/"' in html

    # Cancelled or deleted, an activity leaves the stream.
    update_activity(
        by=member_a,
        activity=planned,
        version=planned.version,
        data={"status": Activity.Status.CANCELLED},
    )
    delete_activity(by=member_a, activity=Activity.objects.get(pk=done.pk))
    html = home(client, community)
    assert "វេទិកាសហគមន៍" not in html and "វគ្គបណ្តុះបណ្តាលភាសាសញ្ញា" not in html


def test_an_outsider_sees_no_stream_and_not_the_photo(client, media, community, member_b, member_a):
    activity = log_activity(
        by=member_a,
        community=community,
        activity_type=ActivityTypeFactory(),
        lead_organization=member_a.organization,
        start_date=datetime.date(2026, 11, 2),
        status=Activity.Status.DONE,
        title_km="សកម្មភាពឯកជន",
    )
    attachment = attach_file(
        by=member_a, activity=activity, file=SimpleUploadedFile("a.png", image())
    )
    client.force_login(member_b)
    assert client.get(f"/km/communities/{community.slug}/").status_code == 404
    thumb = f"/km/activities/{activity.pk}/attachments/{attachment.pk}/?size=thumb"
    assert client.get(thumb).status_code == 404

    public = CommunityFactory(visibility="public")
    ParticipationFactory(community=public, organization=member_a.organization)
    start_discussion(by=member_a, community=public, title="សំណួរសាធារណៈ", text="សួស្តី")
    html = home(client, public)  # its summary, for everyone: not what its members write
    assert "សំណួរសាធារណៈ" not in html and '<ol class="stream">' not in html


def test_the_stream_pages_by_cursor_without_showing_a_card_twice(client, community, member_a):
    for number in range(45):
        start_discussion(by=member_a, community=community, title=f"ប្រធានបទ {number}", text="ក")
    client.force_login(member_a)
    html = home(client, community)
    first = cards(html)
    assert len(first) == 20 and "ប្រធានបទ 44" in first[0]
    older = re.search(r'href="(\?before=[^"]+)"', html).group(1).replace("&amp;", "&")
    start_discussion(by=member_a, community=community, title="ប្រធានបទ ថ្មី", text="ក")
    second = cards(home(client, community, older))
    assert len(second) == 20 and "ប្រធានបទ 24" in second[0]  # no card twice, none lost
    html = home(client, community, f"?before={'9' * 400}_x")  # a cursor that names nothing
    assert "ប្រធានបទ ថ្មី" in cards(html)[0]


def test_the_home_runs_at_most_10_queries_however_long_its_stream(
    client, media, community, member_a, organization_a, django_assert_max_num_queries
):
    kind = ActivityTypeFactory()

    def fill(count):
        for number in range(count):
            start_discussion(by=member_a, community=community, title=f"ក {number}", text="ខ")
            activity = log_activity(
                by=member_a,
                community=community,
                activity_type=kind,
                lead_organization=organization_a,
                start_date=datetime.date(2026, 11, 2),
                status=Activity.Status.DONE,
                title_km=f"សកម្មភាព {number}",
            )
            attach_file(by=member_a, activity=activity, file=SimpleUploadedFile("a.png", image()))

    client.force_login(member_a)
    fill(3)
    with django_assert_max_num_queries(10):
        home(client, community)
    fill(30)
    with django_assert_max_num_queries(10):
        html = home(client, community)
    assert html.count('class="event-photo"') == 10


def test_my_stream_on_the_dashboard_counts_what_is_new_per_community(
    client, community, member_a, organization_a, organization_b
):
    other = CommunityFactory(name_km="សហគមន៍ទីពីរ")
    ParticipationFactory(community=other, organization=organization_a)
    not_mine = CommunityFactory(name_km="សហគមន៍គេ")
    ParticipationFactory(community=not_mine, organization=organization_b)
    colleague = personas.member(organization_a, email="colleague@example.org")
    stranger = personas.member(organization_b, email="stranger@example.org")
    member_a.date_joined = timezone.now() - datetime.timedelta(days=3)
    member_a.save()
    start_discussion(by=colleague, community=community, title="ទីមួយ", text="ក")
    start_discussion(by=colleague, community=other, title="ទីពីរ", text="ក")
    discussion = start_discussion(by=colleague, community=other, title="ទីបី", text="ក")
    reply(by=colleague, discussion=discussion, text="ខ")
    start_discussion(by=stranger, community=not_mine, title="សម្ងាត់", text="ក")

    client.force_login(member_a)
    html = client.get("/km/dashboard/").content.decode()
    texts = cards(html)
    assert "ទីបី" in texts[0] and "សហគមន៍ទីពីរ" in texts[0]
    assert "សម្ងាត់" not in html and "សហគមន៍គេ" not in html
    assert re.search(r"សហគមន៍ទីពីរ</a> <span class=\"unread\">ថ្មី ៣</span>", html)
    # The navigation counts the four, in Khmer digits; opening a community clears its own.
    assert re.search(r'<span class="unread">៤<span class="visually-hidden">', html)
    home(client, other)
    html = client.get("/km/dashboard/").content.decode()
    assert re.search(r'<span class="unread">១<span class="visually-hidden">', html)
    marked = [card for card in cards(html) if card.startswith("ថ្មី ")]
    assert len(marked) == 1 and "ទីមួយ" in marked[0]  # seen in its community, not new


def test_a_new_member_arrives_in_the_stream(client, community, member_a, organization_a):
    from communities.services import _arrived

    newcomer = personas.member(organization_a, email="new@example.org")
    _arrived(person=newcomer)
    client.force_login(member_a)
    assert f"{newcomer.full_name} បានចូលរួមក្នុងសហគមន៍" in cards(home(client, community))[0]
    assert StreamEvent.objects.filter(kind="person_joined", actor=newcomer).count() == 1
