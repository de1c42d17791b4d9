import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from tests.factories import ActivityFactory, CommunityFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_the_month_shows_the_persons_activities(client, member_a, community, organization_a):
    ActivityFactory(
        community=community,
        lead_organization=organization_a,
        title_km="វេទិកាខែវិច្ឆិកា",
        start_date=datetime.date(2026, 11, 12),
    )
    ActivityFactory(
        community=CommunityFactory(),
        lead_organization=OrganizationFactory(),
        title_km="សម្ងាត់",
        start_date=datetime.date(2026, 11, 12),
    )
    client.force_login(member_a)
    html = client.get("/km/activities/calendar/", {"month": "2026-11"}).content.decode()
    assert "វេទិកាខែវិច្ឆិកា" in html and "សម្ងាត់" not in html
    assert "វិច្ឆិកា" in html  # the Khmer month name


def test_the_ical_feed_opens_by_secret_link_and_stops_when_revoked(
    client, member_a, community, organization_a
):
    ActivityFactory(
        community=community,
        lead_organization=organization_a,
        title_km="ប្រជុំប្រចាំខែ",
        start_date=timezone.localdate() + datetime.timedelta(days=3),
    )
    client.force_login(member_a)
    client.post("/km/activities/calendar/link/", {"action": "renew"})
    member_a.refresh_from_db()
    token = member_a.calendar_token
    client.logout()
    feed = client.get("/km/activities/calendar.ics", {"token": token})
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["ប្រជុំប្រចាំខែ"]
    client.force_login(member_a)
    client.post("/km/activities/calendar/link/", {"action": "revoke", "confirm": "1"})
    client.logout()
    assert client.get("/km/activities/calendar.ics", {"token": token}).status_code == 404
    assert client.get("/km/activities/calendar.ics").status_code == 404
