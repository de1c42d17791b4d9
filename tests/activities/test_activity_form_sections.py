"""The activity form opens on what most activities need; the rest is folded in parts that
say what they hold and how much of it is filled, and a part with a refused field opens."""

import re

import pytest

from tests.activities.test_activity_pages import NEW, data
from tests.factories import ActivityFactory, ActivityTypeFactory

pytestmark = pytest.mark.django_db

FOLDS = ("when_more", "who_more", "results", "photos")  # photos: new activities only


def folds(html):
    """{key: (opened, the summary's text)} of the form's folded parts."""
    found = {}
    for key, attributes, summary in re.findall(
        r'<details class="section fold" id="fold-([a-z_]+)"([^>]*)>\s*<summary>(.*?)</summary>',
        html,
        re.S,
    ):
        text = " ".join(re.sub(r"<[^>]+>", " ", summary).split())
        found[key] = ("open" in attributes, text)
    return found


def outside_the_folds(html):
    return re.sub(r"<details.*?</details>", "", html, flags=re.S)


def test_a_new_activity_shows_the_common_path_and_folds_the_rest(client, member_a, community):
    client.force_login(member_a)
    html = client.get(f"{NEW}?community={community.slug}").content.decode()
    parts = folds(html)
    assert list(parts) == list(FOLDS)
    assert not any(opened for opened, _ in parts.values())
    assert parts["when_more"][1] == (
        "ព័ត៌មានបន្ថែមអំពីពេលណា និងនៅឯណា កាលបរិច្ឆេទបញ្ចប់ របៀប ខេត្ត "
        "មិនទាន់បានបំពេញអ្វីនៅឡើយទេ"  # the mode the form suggests is not counted
    )
    common = outside_the_folds(html)
    for name in (
        "community",
        "activity_type",
        "title_km",
        "start_date",
        "status",
        "place",
        "lead_organization",
        "participants_total",
        "participants_women",
        "participants_men",
    ):
        assert f'name="{name}"' in common, name
    for name in ("end_date", "province", "partner_organizations", "participants_youth"):
        assert f'name="{name}"' not in common, name


def test_a_folded_part_holding_a_refused_field_opens(client, member_a, community, organization_a):
    client.force_login(member_a)
    page = client.post(
        NEW,
        data(community, organization_a, ActivityTypeFactory(), participants_youth="25"),
    )
    assert page.status_code == 200
    html = page.content.decode()
    parts = folds(html)
    assert parts["who_more"][0] is True
    assert parts["when_more"][0] is False and parts["results"][0] is False
    # What the person had filled in each part, in Khmer digits.
    assert parts["who_more"][1].endswith("បានបំពេញ ៣")  # disability, youth, elderly (not 0)
    assert parts["results"][1].endswith("បានបំពេញ ១")  # the lessons learned
    assert 'href="#id_participants_youth"' in html  # the error summary leads into the part


def test_an_edit_counts_what_the_activity_holds(client, member_a, community, organization_a):
    activity = ActivityFactory(
        community=community,
        lead_organization=organization_a,
        province="07",
        participants_youth=0,
        outcomes_km="ស្ត្រីដឹកនាំកិច្ចប្រជុំ",
    )
    client.force_login(member_a)
    parts = folds(client.get(f"/km/activities/{activity.pk}/edit/").content.decode())
    assert parts["when_more"][1].endswith("បានបំពេញ ២")  # the mode and the province
    assert parts["results"][1].endswith("បានបំពេញ ១")
