"""The activity form opens as most activities are logged: done when the day has come,
planned when it is still to come; the participants empty (empty is 0), in Khmer digits or
Latin ones; every list opening on a prompt; each objective named with its community."""

import datetime
import re

import pytest
from django.utils import timezone

from activities.forms import ActivityForm
from activities.models import Activity
from tests.activities.test_activity_pages import NEW, data
from tests.factories import ActivityTypeFactory, ObjectiveFactory, ParticipationFactory
from tests.site.test_field_aria import Elements

pytestmark = pytest.mark.django_db

COUNTS = (
    "participants_total",
    "participants_women",
    "participants_men",
    "participants_disability",
    "participants_youth",
    "participants_elderly",
    "participants_indigenous",
)


def checked_status(html: str) -> list[str]:
    return [
        attrs["value"]
        for attrs in Elements(html).find("input", type="radio", name="status")
        if "checked" in attrs
    ]


def test_a_new_activity_opens_done_with_its_participants_empty(client, member_a, community):
    client.force_login(member_a)
    html = client.get(NEW).content.decode()
    assert checked_status(html) == ["done"]
    elements = Elements(html)
    for name in COUNTS:
        (box,) = elements.find("input", name=name)
        assert "value" not in box, name  # empty, not 0
        # A text box for the phone's number keyboard, taking Khmer digits too.
        assert (box["type"], box["inputmode"]) == ("text", "numeric")
        assert re.fullmatch(box["pattern"], "២០") and re.fullmatch(box["pattern"], "20")
    # The script that keeps the status in step with the date until the person chooses.
    assert "data-status-follows-date" in html and "js/activity_form.js" in html


@pytest.mark.parametrize(
    "days,status", [(-3, "done"), (0, "done"), (10, "planned")], ids=["past", "today", "future"]
)
def test_the_status_follows_the_date_the_form_opens_on(member_a, community, days, status):
    day = timezone.localdate() + datetime.timedelta(days=days)
    form = ActivityForm(user=member_a, initial={"start_date": day})
    assert form["status"].value() == status


@pytest.mark.parametrize("days,status", [(-30, "done"), (30, "planned")])
def test_a_new_activity_sent_without_a_status_takes_it_from_its_date(
    client, member_a, community, organization_a, days, status
):
    day = timezone.localdate() + datetime.timedelta(days=days)
    sent = data(community, organization_a, ActivityTypeFactory(), start_date=day.isoformat())
    del sent["status"]
    client.force_login(member_a)
    assert client.post(NEW, sent).status_code == 302
    assert Activity.objects.get().status == status


def test_khmer_digits_are_saved_as_numbers(client, member_a, community, organization_a):
    client.force_login(member_a)
    sent = data(
        community,
        organization_a,
        ActivityTypeFactory(),
        participants_total="២០",
        participants_women="១២",
        participants_men="៨",
    )
    assert client.post(NEW, sent).status_code == 302
    activity = Activity.objects.get()
    assert (activity.participants_total, activity.participants_women) == (20, 12)
    assert activity.participants_men == 8


def test_empty_participants_are_saved_as_0(client, member_a, community, organization_a):
    client.force_login(member_a)
    sent = data(community, organization_a, ActivityTypeFactory(), **dict.fromkeys(COUNTS, ""))
    page = client.post(NEW, sent)
    assert page.status_code == 302, page.context["form"].errors
    activity = Activity.objects.get()
    assert [getattr(activity, name) for name in COUNTS] == [0] * len(COUNTS)


def test_a_count_that_is_no_number_is_refused_and_kept(client, member_a, community, organization_a):
    client.force_login(member_a)
    sent = data(community, organization_a, ActivityTypeFactory(), participants_total="ម្ភៃ")
    page = client.post(NEW, sent)
    assert page.status_code == 200 and page.context["form"].has_error("participants_total")
    assert (
        Elements(page.content.decode()).find("input", name="participants_total")[0]["value"]
        == "ម្ភៃ"
    )


def options(html: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_every_list_opens_on_a_prompt(client, member_a, community, organization_a):
    ParticipationFactory(organization=organization_a)  # two communities: none chosen
    ActivityTypeFactory()
    client.force_login(member_a)
    html = client.get("/en/activities/new/").content.decode()
    assert "---------" not in html
    assert options(html, "community")[0] == ("", "Choose a community")
    assert options(html, "activity_type")[0] == ("", "Choose a type of activity")
    assert options(html, "province")[0] == ("", "Choose a province")
    khmer = client.get(NEW).content.decode()
    assert options(khmer, "community")[0] == ("", "ជ្រើសរើសសហគមន៍")


def test_other_portal_forms_open_on_a_prompt_too(client, facilitator, community):
    client.force_login(facilitator)
    html = client.get(f"/en/communities/{community.slug}/members/").content.decode()
    assert "---------" not in html
    assert ("", "Choose an organisation") in options(html, "organization")


def test_objectives_are_named_with_their_community(client, facilitator, community, organization_a):
    other = ParticipationFactory(organization=organization_a).community
    other.facilitators.add(facilitator)
    ObjectiveFactory(community=community, title_en="Train leaders")
    ObjectiveFactory(community=other, title_en="Train leaders")
    client.force_login(facilitator)
    html = client.get("/en/activities/new/").content.decode()
    assert f"Train leaders — {community.name_en or community.name_km}" in html
    assert f"Train leaders — {other.name_en or other.name_km}" in html
