import datetime

import pytest

from activities.models import Activity
from communities.models import Idea
from tests.factories import ActivityTypeFactory

pytestmark = pytest.mark.django_db


def board(community):
    return f"/km/communities/{community.slug}/ideas/"


@pytest.fixture
def idea(client, member_a, community):
    client.force_login(member_a)
    page = client.post(
        board(community),
        {"title": "ទស្សនកិច្ចសិក្សានៅខេត្តរតនគិរី", "text": "ជួបសហគមន៍ជនជាតិដើមភាគតិច"},
    )
    assert page.status_code == 302
    return Idea.objects.get()


def test_a_member_proposes_an_idea_and_another_comments(client, idea, focal_point_a):
    assert idea.status == Idea.Status.OPEN
    client.force_login(focal_point_a)
    url = f"{board(idea.community)}{idea.pk}/"
    client.post(url, {"action": "comment", "text": "ល្អណាស់ ខ្ញុំចូលរួមផង"})
    html = client.get(url).content.decode()
    assert "ល្អណាស់ ខ្ញុំចូលរួមផង" in html
    assert "ទស្សនកិច្ចសិក្សានៅខេត្តរតនគិរី" in client.get(board(idea.community)).content.decode()


def test_the_facilitator_adopts_an_idea_into_a_planned_activity(
    client, idea, facilitator, organization_a
):
    activity_type = ActivityTypeFactory(code="visit")
    client.force_login(facilitator)
    page = client.post(
        f"{board(idea.community)}{idea.pk}/",
        {
            "action": "adopt",
            "activity_type": activity_type.pk,
            "lead_organization": organization_a.pk,
            "start_date": "2027-02-15",
        },
    )
    assert page.status_code == 302
    idea.refresh_from_db()
    activity = Activity.objects.get()
    assert idea.status == Idea.Status.ADOPTED and idea.activity == activity
    assert activity.status == Activity.Status.PLANNED
    assert activity.title_km == "ទស្សនកិច្ចសិក្សានៅខេត្តរតនគិរី"
    assert activity.summary_km == "ជួបសហគមន៍ជនជាតិដើមភាគតិច"
    assert activity.start_date == datetime.date(2027, 2, 15)
    assert activity.created_by == facilitator


def test_the_facilitator_drops_an_idea_with_a_reason(client, idea, facilitator):
    client.force_login(facilitator)
    url = f"{board(idea.community)}{idea.pk}/"
    page = client.post(url, {"action": "drop", "reason": ""})
    assert page.status_code == 200  # a reason is needed
    client.post(url, {"action": "drop", "reason": "មិនមានថវិកាគ្រប់គ្រាន់"})
    idea.refresh_from_db()
    assert idea.status == Idea.Status.DROPPED
    assert "មិនមានថវិកាគ្រប់គ្រាន់" in client.get(url).content.decode()


def test_a_member_cannot_adopt_or_drop(client, idea, member_a):
    client.force_login(member_a)
    url = f"{board(idea.community)}{idea.pk}/"
    assert client.post(url, {"action": "drop", "reason": "x"}).status_code == 403
    idea.refresh_from_db()
    assert idea.status == Idea.Status.OPEN


def test_an_outsider_cannot_see_the_ideas(client, idea, member_b):
    client.force_login(member_b)
    assert client.get(board(idea.community)).status_code == 404
    assert client.get(f"{board(idea.community)}{idea.pk}/").status_code == 404


def test_an_unknown_action_changes_nothing_and_says_so_in_khmer(client, idea, facilitator):
    client.force_login(facilitator)
    page = client.post(f"{board(idea.community)}{idea.pk}/", {"action": "publish"})
    assert page.status_code == 400
    assert "មិនមានអ្វីត្រូវបានផ្លាស់ប្តូរទេ" in page.content.decode()  # "Nothing was changed"
    idea.refresh_from_db()
    assert idea.status == Idea.Status.OPEN
