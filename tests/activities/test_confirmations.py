"""Nothing destroyed on one tap: a removal, a deletion or a closing without confirm=1 shows
what will happen, naming the thing, and changes nothing; with confirm=1 it acts."""

import datetime

import pytest
from django.utils import timezone

from activities.models import Activity, Attachment
from communities.models import Community
from tests.activities.test_attachments import attach
from tests.factories import ActivityFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_removing_a_file_asks_first_naming_it(client, member_a, community, organization_a):
    activity = ActivityFactory(community=community, lead_organization=organization_a)
    client.force_login(member_a)
    attach(client, activity, name="រូបថតវេទិកា.png")
    attachment = Attachment.objects.get()
    remove = f"/km/activities/{activity.pk}/attachments/{attachment.pk}/remove/"
    page = client.post(remove)
    assert page.status_code == 200
    html = page.content.decode()
    assert "ដក រូបថតវេទិកា.png ចេញពី" in html  # "Remove … from …?", in Khmer
    assert 'name="confirm" value="1"' in html and "button danger" in html
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert client.get(remove).status_code == 200  # a GET asks too
    assert client.post(remove, {"confirm": "1"}).status_code == 302
    assert not Attachment.objects.exists()


def test_deleting_an_activity_acts_only_when_confirmed(client, member_a, community, organization_a):
    activity = ActivityFactory(community=community, lead_organization=organization_a)
    client.force_login(member_a)
    page = client.post(f"/km/activities/{activity.pk}/delete/")
    assert page.status_code == 200 and "កិច្ចប្រជុំពិភាក្សាអំពីសិទ្ធិស្ត្រី" in page.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()
    client.post(f"/km/activities/{activity.pk}/delete/", {"confirm": "1"})
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_removing_the_calendar_link_asks_first(client, member_a):
    client.force_login(member_a)
    client.post("/km/activities/calendar/link/", {"action": "renew"})  # no link yet: no question
    member_a.refresh_from_db()
    token = member_a.calendar_token
    assert token
    page = client.post("/km/activities/calendar/link/", {"action": "revoke"})
    assert "កម្មវិធីប្រតិទិនរបស់អ្នក នឹងលែងទទួលបានសកម្មភាពទៀតហើយ" in page.content.decode()
    member_a.refresh_from_db()
    assert member_a.calendar_token == token
    client.post("/km/activities/calendar/link/", {"action": "revoke", "confirm": "1"})
    member_a.refresh_from_db()
    assert member_a.calendar_token is None


def test_the_close_page_names_the_planned_activities_and_the_open_objectives(
    client, facilitator, community, organization_a
):
    today = timezone.localdate()
    ActivityFactory(
        community=community,
        lead_organization=organization_a,
        title_km="វេទិកាយុវជននៅខេត្តកំពត",
        status=Activity.Status.PLANNED,
        start_date=today + datetime.timedelta(days=10),
    )
    ActivityFactory(
        community=community,
        lead_organization=organization_a,
        title_km="ទស្សនកិច្ចដែលបានធ្វើរួច",
        status=Activity.Status.DONE,
        start_date=today - datetime.timedelta(days=10),
    )
    ObjectiveFactory(community=community, title_km="បង្កើតបណ្ណាល័យឯកសាររួម", progress=0)
    ObjectiveFactory(
        community=community, title_km="គោលបំណងដែលបានសម្រេច", progress=100, achieved_on=today
    )
    client.force_login(facilitator)
    html = client.get(f"/km/communities/{community.slug}/close/").content.decode()
    assert "សកម្មភាពគ្រោងទុកចំនួន ១ មិនទាន់ដល់ពេលនៅឡើយ" in html
    assert "វេទិកាយុវជននៅខេត្តកំពត" in html and "ទស្សនកិច្ចដែលបានធ្វើរួច" not in html
    assert "គោលបំណងចំនួន ១ មិនទាន់សម្រេច" in html
    assert "បង្កើតបណ្ណាល័យឯកសាររួម" in html and "គោលបំណងដែលបានសម្រេច" not in html

    # Sent without confirm=1 (no JavaScript): asked again, with the same warnings.
    report = {"closing_summary_km": "យើងបានសម្រេចគោលដៅ"}
    page = client.post(f"/km/communities/{community.slug}/close/", report)
    html = page.content.decode()
    assert page.status_code == 200 and "បាទ/ចាស បិទសហគមន៍" in html
    assert "វេទិកាយុវជននៅខេត្តកំពត" in html and 'value="យើងបានសម្រេចគោលដៅ"' in html
    community.refresh_from_db()
    assert community.status != Community.Status.CLOSED
    page = client.post(f"/km/communities/{community.slug}/close/", {**report, "confirm": "1"})
    assert page.status_code == 302
    community.refresh_from_db()
    assert community.status == Community.Status.CLOSED
