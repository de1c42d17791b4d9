import datetime

import pytest

from communities.models import Community
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def close_url(community):
    return f"/km/communities/{community.slug}/close/"


def test_closing_asks_for_a_summary_and_keeps_what_was_typed(client, facilitator, community):
    client.force_login(facilitator)
    page = client.post(close_url(community), {"lessons_km": "មេរៀនសំខាន់"})
    assert page.status_code == 200
    assert "មេរៀនសំខាន់" in page.content.decode()
    community.refresh_from_db()
    assert community.status == Community.Status.ACTIVE


def test_a_closed_community_is_read_only_and_still_visible_to_its_members(
    client, facilitator, member_a, community
):
    client.force_login(facilitator)
    page = client.post(
        close_url(community),
        {
            "closing_summary_km": "យើងបានសម្រេចគោលដៅ",
            "lessons_km": "ជួបគ្នាឱ្យបានទៀងទាត់",
            "confirm": "1",
        },
    )
    assert page.status_code == 302
    community.refresh_from_db()
    assert community.status == Community.Status.CLOSED
    for path in ("edit/", "members/", "objectives/", "close/"):
        page = client.get(f"/km/communities/{community.slug}/{path}")
        assert page.status_code == 302, path
        assert page.url == f"/km/communities/{community.slug}/"
    client.force_login(member_a)
    html = client.get(f"/km/communities/{community.slug}/about/").content.decode()
    assert "យើងបានសម្រេចគោលដៅ" in html and "ជួបគ្នាឱ្យបានទៀងទាត់" in html


def test_the_edit_form_cannot_close_a_community(client, facilitator, community):
    client.force_login(facilitator)
    page = client.get(f"/km/communities/{community.slug}/edit/")
    assert "closed" not in [value for value, _ in page.context["form"].fields["status"].choices]


def test_a_community_past_its_planned_end_is_flagged(client, admin):
    late = CommunityFactory(
        start_date=datetime.date(2025, 1, 1), planned_end_date=datetime.date(2025, 12, 31)
    )
    client.force_login(admin)
    html = client.get(f"/km/communities/{late.slug}/").content.decode()
    assert 'class="notice"' in html
    assert late.is_past_planned_end
    late.status = Community.Status.CLOSED
    assert not late.is_past_planned_end
