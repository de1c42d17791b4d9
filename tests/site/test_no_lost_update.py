"""No lost update on any edit form: two people (or one person in two browsers) open the
same edit page and both save. The second is answered 409, told what the first changed,
and finds what they typed still in the form; nothing of the first's change is lost, and
saving the 409 page's form keeps both. Every edit form of the portal is in CASES."""

import re
from dataclasses import dataclass

import pytest

from activities.forms import ActivityForm
from communities.forms import CommunityForm, ObjectiveForm, PostForm
from communities.services import close_community, start_discussion
from cop_portal.core.forms import VersionedFormMixin
from members.forms import OrganizationForm, PreferencesForm
from tests import personas
from tests.factories import ActivityFactory, ObjectiveFactory
from tests.page_forms import browser, edit, form_values, send, typed

pytestmark = pytest.mark.django_db

EXPLAINED = "មានអ្នកផ្សេងបានរក្សាទុកព័ត៌មាននេះ ខណៈពេលអ្នកកំពុងកែប្រែ។"


@dataclass
class Case:
    url: str
    first: object  # who saves first
    second: object  # who saves second: another person, or the same in another browser
    first_types: dict
    second_types: dict
    row: object  # the row edited, read again with refresh_from_db

    def stored(self, names) -> dict:
        self.row.refresh_from_db()
        return {name: str(getattr(self.row, name)) for name in names}


def activity_case(get):
    organization = get("organization_a")
    activity = ActivityFactory(community=get("community"), lead_organization=organization)
    return Case(
        url=f"/km/activities/{activity.pk}/edit/",
        first=get("focal_point_a"),
        second=get("member_a"),
        first_types={"place": "ភ្នំពេញ"},
        second_types={"follow_up": "ជួបគ្នាម្តងទៀតនៅខែក្រោយ"},
        row=activity,
    )


def community_case(get):
    community = get("community")
    return Case(
        url=f"/km/communities/{community.slug}/edit/",
        first=get("facilitator"),
        second=personas.facilitator_of(community, email="co-facilitator@example.org"),
        first_types={"goal_km": "ការពារសិទ្ធិស្ត្រីនៅថ្នាក់ឃុំ"},
        second_types={"charter_km": "គោរពគ្នាទៅវិញទៅមក"},
        row=community,
    )


def objective_case(get):
    community = get("community")
    objective = ObjectiveFactory(community=community)
    return Case(
        url=f"/km/communities/{community.slug}/objectives/{objective.pk}/",
        first=get("facilitator"),
        second=personas.facilitator_of(community, email="co-facilitator@example.org"),
        first_types={"description_km": "វគ្គបណ្តុះបណ្តាលចំនួនបីនៅឆ្នាំនេះ"},
        second_types={"title_km": "ចងក្រងការអនុវត្តល្អរបស់សមាជិក"},
        row=objective,
    )


def organization_case(get):
    organization = get("organization_a")
    return Case(
        url=f"/km/organizations/{organization.slug}/edit/",
        first=get("focal_point_a"),
        second=personas.focal_point(organization, email="second.focal@example.org"),
        first_types={"address": "ផ្ទះលេខ ១២ ផ្លូវ ២៧១ ភ្នំពេញ"},
        second_types={"description_km": "យើងធ្វើការជាមួយស្ត្រីនៅតាមជនបទ"},
        row=organization,
    )


def post_case(get):
    """A post is corrected by its author only: the same person, on a phone and a laptop."""
    community, author = get("community"), get("member_a")
    discussion = start_discussion(
        by=author, community=community, title="វេទិកាសាធារណៈ", text="សូមមកចូលរួម"
    )
    post = discussion.posts.get()
    return Case(
        url=f"/km/communities/{community.slug}/discussions/{discussion.pk}/posts/{post.pk}/edit/",
        first=author,
        second=author,
        first_types={"text": "សូមមកចូលរួមនៅថ្ងៃសៅរ៍"},
        second_types={"text": "សូមមកចូលរួមនៅថ្ងៃអាទិត្យ"},
        row=post,
    )


def preferences_case(get):
    """A person's own account, open in two browsers."""
    person = get("member_a")
    return Case(
        url="/km/accounts/preferences/",
        first=person,
        second=person,
        first_types={"phone": "012 345 678"},
        second_types={"full_name": "សុខ សុភា"},
        row=person,
    )


CASES = {
    "activity": (activity_case, ActivityForm),
    "community": (community_case, CommunityForm),
    "objective": (objective_case, ObjectiveForm),
    "organisation": (organization_case, OrganizationForm),
    "post": (post_case, PostForm),
    "preferences": (preferences_case, PreferencesForm),
}


def conflict_box(page) -> str:
    html = page.content.decode()
    found = re.search(r'<div class="form-errors conflict".*?</div>', html, re.DOTALL)
    assert found, "no explanation of the conflict on the page"
    return found.group(0)


@pytest.mark.parametrize("name", CASES)
def test_the_second_of_two_saves_is_told_and_nothing_is_lost(request, name):
    case = CASES[name][0](request.getfixturevalue)
    names = [*case.first_types, *case.second_types]
    first, second = browser(case.first), browser(case.second)
    start = case.stored(names)
    # Both open the page; the first saves.
    opened_first = form_values(first.get(case.url))
    opened_second = form_values(second.get(case.url))
    assert send(first, case.url, typed(opened_first, **case.first_types)).status_code == 302
    after_first = {**start, **case.first_types}
    assert case.stored(names) == after_first

    # The second saves what they typed on the page they opened before.
    page = send(second, case.url, typed(opened_second, **case.second_types))
    assert page.status_code == 409
    box = conflict_box(page)
    assert EXPLAINED in box
    for value in case.first_types.values():
        assert value in box  # what the first person changed it to
    html = page.content.decode()
    for value in case.second_types.values():
        assert value in html.replace(box, "")  # what the second typed, still in the form
    assert case.stored(names) == after_first  # nothing of the first's change is lost

    # Saving the 409 page's form keeps both changes.
    assert send(second, case.url, form_values(page)).status_code == 302
    assert case.stored(names) == {**after_first, **case.second_types}


@pytest.mark.parametrize("name", CASES)
def test_a_save_nobody_overtook_is_saved_and_raises_the_version(request, name):
    case = CASES[name][0](request.getfixturevalue)
    person = browser(case.second)  # signing in saves a person: read their version after
    case.row.refresh_from_db()
    version = case.row.version
    assert edit(person, case.url, **case.second_types).status_code == 302
    assert case.stored(case.second_types) == case.second_types
    assert case.row.version == version + 1


def test_every_edit_form_is_in_the_cases():
    """A new edit form (a VersionedFormMixin of an app) fails here until it has its case."""

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    forms = {
        form
        for form in subclasses(VersionedFormMixin)
        if form.__module__.split(".")[0] in {"activities", "communities", "members"}
    }
    assert forms == {form for _case, form in CASES.values()}


def test_the_409_page_explains_in_english_too(client, community, member_a, organization_a):
    activity = ActivityFactory(community=community, lead_organization=organization_a)
    url = f"/en/activities/{activity.pk}/edit/"
    client.force_login(member_a)
    opened = form_values(client.get(url))
    assert edit(browser(member_a), url, place="Phnom Penh").status_code == 302
    page = send(client, url, typed(opened, follow_up="Meet again next month"))
    assert page.status_code == 409
    box = conflict_box(page)
    assert "Somebody else saved this while you were editing it." in box
    assert "Place: now “Phnom Penh”" in box


def test_a_change_outside_the_form_is_no_conflict(client, organization_a, focal_point_a):
    """An admin renames the organisation (not a field of its profile form) while its focal
    point edits the profile: the profile is saved, and the new name stays."""
    url = f"/km/organizations/{organization_a.slug}/edit/"
    client.force_login(focal_point_a)
    opened = form_values(client.get(url))
    organization_a.name_km = "ឈ្មោះថ្មីរបស់អង្គការ"
    organization_a.save()  # as the admin saves it: the version is raised
    assert send(client, url, typed(opened, address="ផ្លូវ ២៧១")).status_code == 302
    organization_a.refresh_from_db()
    assert (organization_a.name_km, organization_a.address) == ("ឈ្មោះថ្មីរបស់អង្គការ", "ផ្លូវ ២៧១")


def test_the_topics_only_the_other_ticked_stay_after_a_409(
    client, organization_a, focal_point_a, admin
):
    from tests.factories import TopicFactory

    advocacy = TopicFactory(name_km="ការតស៊ូមតិ")
    url = f"/km/organizations/{organization_a.slug}/edit/"
    client.force_login(focal_point_a)
    opened = form_values(client.get(url))
    assert edit(browser(admin), url, offers=[advocacy.pk]).status_code == 302
    page = send(client, url, typed(opened, address="ផ្លូវ ២៧១"))
    assert page.status_code == 409
    assert "ការតស៊ូមតិ" in conflict_box(page)
    assert send(client, url, form_values(page)).status_code == 302
    organization_a.refresh_from_db()
    assert organization_a.address == "ផ្លូវ ២៧១"
    assert list(organization_a.offers.all()) == [advocacy]


def test_a_community_closed_meanwhile_is_not_reopened(client, community, facilitator):
    """Closing raises the version: the edit opened before cannot write its status back."""
    url = f"/km/communities/{community.slug}/edit/"
    client.force_login(facilitator)
    opened = form_values(client.get(url))
    community.refresh_from_db()
    close_community(by=facilitator, community=community, closing_summary_km="សម្រេចគោលដៅ")
    page = send(client, url, typed(opened, goal_km="គោលដៅថ្មី"))
    assert page.status_code == 302
    community.refresh_from_db()
    assert community.is_closed and community.goal_km != "គោលដៅថ្មី"
