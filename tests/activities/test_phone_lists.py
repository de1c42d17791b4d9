"""Lists and the calendar as a person on a phone meets them (issue 19, point 5): after a
save the activity opens with a way back, "Mine" starts with what was just saved, an
adopted idea leads to its activity, the calendar is an agenda of days."""

import datetime
import re

import pytest
from django.utils import timezone

from activities.charts import label_lines
from activities.models import Activity
from activities.services import adopt_idea, delete_activity
from communities.services import propose_idea
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    CommunityFactory,
    OrganizationFactory,
    ParticipationFactory,
)
from tests.page_forms import edit, form_values, send, typed

pytestmark = pytest.mark.django_db

NEW = "/km/activities/new/"


def _logged(client, community, organization, **values):
    """An activity logged through the form, as a person sends it; the response."""
    address = f"{NEW}?{values.pop('query', '')}"
    chosen = {
        "community": community.pk,
        "activity_type": ActivityTypeFactory().pk,
        "title_km": "វេទិកាយុវជនស្តីពីការងារ",
        "lead_organization": organization.pk,
        "status": "done",
        "start_date": (timezone.localdate() - datetime.timedelta(days=7)).isoformat(),
        "mode": "in_person",
        "participants_total": "12",
        **values,
    }
    return send(
        client, address, typed(form_values(client.get(address), holding="title_km"), **chosen)
    )


def test_a_saved_activity_opens_with_a_way_back_to_the_persons_own_activities(
    client, member_a, community, organization_a
):
    client.force_login(member_a)
    saved = _logged(client, community, organization_a)
    activity = Activity.objects.get()
    assert saved.status_code == 302
    assert saved.url == f"/km/activities/{activity.pk}/?next=%2Fkm%2Factivities%2F%3Fmine%3D1"
    page = client.get(saved.url).content.decode()
    assert "សកម្មភាពត្រូវបានរក្សាទុក។" in page
    assert '<a href="/km/activities/?mine=1">ត្រឡប់ទៅសកម្មភាពវិញ</a>' in page


def test_a_saved_activity_leads_back_to_the_list_it_was_logged_from(
    client, member_a, community, organization_a
):
    client.force_login(member_a)
    came_from = f"/km/communities/{community.slug}/activities/?page=2"
    saved = _logged(client, community, organization_a, query=f"next={came_from}")
    page = client.get(saved.url).content.decode()
    assert f'<a href="{came_from}">ត្រឡប់ទៅសកម្មភាពវិញ</a>' in page


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_a_way_back_to_another_site_is_not_offered(
    client, member_a, community, organization_a, elsewhere
):
    activity = ActivityFactory(community=community, lead_organization=organization_a)
    client.force_login(member_a)
    page = client.get(f"/km/activities/{activity.pk}/", {"next": elsewhere}).content.decode()
    page = page.split("<main", 1)[1]
    assert "evil.example" not in page and "javascript:x" not in page
    # instead, the community's activities
    assert f'href="/km/communities/{community.slug}/activities/">សកម្មភាពរបស់សហគមន៍' in page


def test_an_edited_activity_opens_with_the_way_back_it_was_opened_with(
    client, member_a, community, organization_a
):
    activity = ActivityFactory(community=community, lead_organization=organization_a)
    client.force_login(member_a)
    came_from = "/km/activities/?status=done"
    address = f"/km/activities/{activity.pk}/edit/?next=/km/activities/%3Fstatus%3Ddone"
    detail = client.get(f"/km/activities/{activity.pk}/", {"next": came_from}).content.decode()
    assert f'href="{address}"' in detail  # the edit button keeps it
    saved = edit(client, address, place="ភូមិថ្មី")
    assert saved.status_code == 302
    assert saved.url == f"/km/activities/{activity.pk}/?next=%2Fkm%2Factivities%2F%3Fstatus%3Ddone"


def _titles(html):
    listing = html.split('<ul class="rows">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<strong>(.*?)</strong>", listing)


def test_mine_starts_with_what_was_just_saved_not_with_next_years_plans(
    client, member_a, community, organization_a
):
    today = timezone.localdate()
    for days, title in ((200, "គម្រោងឆ្នាំក្រោយ"), (30, "គម្រោងខែក្រោយ")):
        ActivityFactory(
            community=community,
            lead_organization=organization_a,
            created_by=member_a,
            title_km=title,
            status=Activity.Status.PLANNED,
            start_date=today + datetime.timedelta(days=days),
        )
    someone_elses = ActivityFactory(
        community=community, lead_organization=organization_a, title_km="របស់អ្នកផ្សេង"
    )
    client.force_login(member_a)
    _logged(client, community, organization_a, title_km="វេទិកាសប្តាហ៍មុន")

    everything = client.get("/km/activities/").content.decode()
    assert _titles(everything)[:2] == ["គម្រោងឆ្នាំក្រោយ", "គម្រោងខែក្រោយ"]  # by date

    mine = client.get("/km/activities/", {"mine": "1"}).content.decode()
    assert _titles(mine) == ["វេទិកាសប្តាហ៍មុន", "គម្រោងខែក្រោយ", "គម្រោងឆ្នាំក្រោយ"]
    assert someone_elses.title_km not in mine
    assert "បានរក្សាទុក អម្បាញ់មិញ" in mine  # when each was saved
    assert '<a href="?mine=1" aria-current="page">របស់ខ្ញុំ</a>' in mine
    # Filtering "Mine" stays in "Mine".
    assert '<input type="hidden" name="mine" value="1"' in mine


def test_an_activity_edited_last_comes_first_in_mine(client, member_a, community, organization_a):
    older = ActivityFactory(
        community=community, lead_organization=organization_a, title_km="ចាស់", created_by=member_a
    )
    ActivityFactory(
        community=community, lead_organization=organization_a, title_km="ថ្មី", created_by=member_a
    )
    client.force_login(member_a)
    edit(client, f"/km/activities/{older.pk}/edit/", place="ភូមិថ្មី")
    mine = client.get("/km/activities/", {"mine": "1"}).content.decode()
    assert _titles(mine) == ["ចាស់", "ថ្មី"]


@pytest.fixture
def adopted(community, facilitator, member_a, organization_a):
    idea = propose_idea(by=member_a, community=community, title="ទស្សនកិច្ចសិក្សានៅខេត្តកំពត")
    adopt_idea(
        by=facilitator,
        idea=idea,
        activity_type=ActivityTypeFactory(),
        lead_organization=organization_a,
        start_date=datetime.date(2027, 1, 15),
    )
    idea.refresh_from_db()
    return idea


def test_an_adopted_idea_links_to_its_activity(client, member_a, community, adopted):
    client.force_login(member_a)
    page = client.get(f"/km/communities/{community.slug}/ideas/{adopted.pk}/").content.decode()
    assert (
        f'បានទទួលយក៖ <a href="/km/activities/{adopted.activity_id}/">'
        "ជាសកម្មភាពគ្រោងទុកនៅថ្ងៃ ១៥ មករា ២០២៧</a>។"
    ) in page


def test_an_adopted_idea_does_not_link_to_an_activity_its_reader_may_not_open(
    client, member_a, community, facilitator, adopted
):
    # The activity moved to a community member A's organisation is not in, then deleted.
    elsewhere = CommunityFactory()
    ParticipationFactory(community=elsewhere, organization=OrganizationFactory())
    Activity.objects.filter(pk=adopted.activity_id).update(community=elsewhere)
    client.force_login(member_a)
    address = f"/km/communities/{community.slug}/ideas/{adopted.pk}/"
    page = client.get(address).content.decode()
    assert "បានទទួលយក៖ ជាសកម្មភាពគ្រោងទុកនៅថ្ងៃ ១៥ មករា ២០២៧។" in page
    assert f"/km/activities/{adopted.activity_id}/" not in page

    Activity.objects.filter(pk=adopted.activity_id).update(community=community)
    delete_activity(by=facilitator, activity=Activity.objects.get(pk=adopted.activity_id))
    page = client.get(address).content.decode()
    assert f"/km/activities/{adopted.activity_id}/" not in page


def test_the_calendar_on_a_phone_is_an_agenda_of_the_days_with_activities(
    client, member_a, community, organization_a
):
    for day, title in ((20, "ប្រជុំថ្ងៃទី២០"), (3, "វេទិកាថ្ងៃទី៣"), (20, "ទស្សនកិច្ចថ្ងៃទី២០")):
        ActivityFactory(
            community=community,
            lead_organization=organization_a,
            title_km=title,
            status=Activity.Status.DONE,
            start_date=datetime.date(2026, 11, day),
        )
    ActivityFactory(
        community=community,
        lead_organization=organization_a,
        title_km="បានលុបចោល",
        status=Activity.Status.CANCELLED,
        start_date=datetime.date(2026, 11, 10),
    )
    client.force_login(member_a)
    html = client.get("/km/activities/calendar/", {"month": "2026-11"}).content.decode()
    agenda = html.split('<div class="calendar-agenda">', 1)[1].split(
        '<div class="calendar-month', 1
    )[0]
    days = re.findall(r'<time datetime="([0-9-]+)">(.*?)</time>', agenda)
    assert days == [
        ("2026-11-03", "ថ្ងៃអង្គារ ៣ វិច្ឆិកា ២០២៦"),
        ("2026-11-20", "ថ្ងៃសុក្រ ២០ វិច្ឆិកា ២០២៦"),
    ]
    titles = re.findall(r'<li class="done"><a href="[^"]+">(.*?)</a>', agenda)
    assert titles == ["វេទិកាថ្ងៃទី៣", "ប្រជុំថ្ងៃទី២០", "ទស្សនកិច្ចថ្ងៃទី២០"]
    assert agenda.count(community.name_km) == 3  # each with its community
    assert "បានលុបចោល" not in agenda
    assert '<table class="calendar">' in html  # the month grid, for a wide screen


def test_a_month_without_activities_says_so_in_the_agenda(client, member_a):
    client.force_login(member_a)
    html = client.get("/km/activities/calendar/", {"month": "2026-02"}).content.decode()
    assert "មិនមានសកម្មភាពក្នុងខែនេះទេ។" in html


def test_the_participants_table_names_each_figure_for_a_phone(
    client, member_a, community, organization_a
):
    activity = ActivityFactory(
        community=community,
        lead_organization=organization_a,
        participants_total=20,
        participants_women=12,
        participants_men=8,
    )
    client.force_login(member_a)
    html = client.get(f"/km/activities/{activity.pk}/").content.decode()
    assert '<table class="figures cards-on-phone" role="table">' in html
    assert '<td role="cell" data-label="ស្ត្រី">១២</td>' in html


def test_a_long_khmer_label_of_a_chart_is_broken_into_lines_never_inside_a_letter():
    label = "ការកំណត់អត្តសញ្ញាណ និងការប្រើប្រាស់សក្តានុពលក្នុងក្រុម និងនៅខាងក្រៅ"
    lines = label_lines(label)
    assert len(lines) >= 2 and "".join(lines).replace(" ", "") == label.replace(" ", "")
    spaceless = label_lines("សមាគមអ្នកប្រើប្រាស់ថ្នាំពន្យាជីវិតនិងអង្គការនារីដើម្បីសន្តិភាព")
    assert len(spaceless) == 2
    # No line starts with a vowel sign or a subscript consonant (its letter is above).
    for line in lines + spaceless:
        assert line[0] not in "\u17b6\u17b7\u17b8\u17b9\u17ba\u17bb\u17bc\u17c1\u17c6\u17cb"
        assert not line.endswith("\u17d2")
    assert label_lines("ស្ត្រី") == ["ស្ត្រី"]
