import datetime

import pytest

from activities.models import Activity
from communities.models import Community
from communities.services import unique_slug
from tests.factories import (
    ActivityFactory,
    CommunityFactory,
    ObjectiveFactory,
    OrganizationFactory,
    ParticipationFactory,
)
from tests.page_forms import edit

pytestmark = pytest.mark.django_db

NEW = "/km/communities/new/"


def form_data(**overrides):
    data = {
        "name_km": "សហគមន៍យុវជនដើម្បីការផ្លាស់ប្តូរ",
        "name_en": "",
        "domain_km": "តើយុវជនអាចចូលរួមក្នុងការសម្រេចចិត្តដោយរបៀបណា?",
        "target_group": "elderly_youth",
        "status": "forming",
        "visibility": "members",
        "mode": "hybrid",
        "meeting_cadence": "monthly",
        "start_date": "2026-12-01",
        "planned_end_date": "2027-12-01",
    }
    data.update(overrides)
    return data


def test_a_facilitator_creates_a_community_in_khmer_only(client, facilitator):
    client.force_login(facilitator)
    page = client.post(NEW, form_data())
    community = Community.objects.get(name_km="សហគមន៍យុវជនដើម្បីការផ្លាស់ប្តូរ")
    assert page.status_code == 302
    assert page.url == f"/km/communities/{community.slug}/"
    assert community.slug  # never empty, even from a Khmer-only name
    assert community.visibility == "members"
    assert facilitator in community.facilitators.all()
    assert community.created_by == facilitator


def test_the_english_page_marks_the_khmer_name_as_not_yet_translated(client, facilitator):
    client.force_login(facilitator)
    client.post(NEW, form_data())
    community = Community.objects.get(name_km="សហគមន៍យុវជនដើម្បីការផ្លាស់ប្តូរ")
    html = client.get(f"/en/communities/{community.slug}/").content.decode()
    assert '<span lang="km">សហគមន៍យុវជនដើម្បីការផ្លាស់ប្តូរ</span>' in html
    assert "not yet translated" in html


def test_a_form_without_any_name_keeps_what_was_typed(client, facilitator):
    client.force_login(facilitator)
    page = client.post(NEW, form_data(name_km="", name_en=""))
    html = page.content.decode()
    assert page.status_code == 200
    assert "តើយុវជនអាចចូលរួមក្នុងការសម្រេចចិត្តដោយរបៀបណា?" in html
    assert page.context["form"].has_error("name_km")
    assert not Community.objects.filter(target_group="elderly_youth").exists()


def test_an_end_before_the_start_is_refused_on_its_field(client, facilitator):
    client.force_login(facilitator)
    page = client.post(NEW, form_data(planned_end_date="2026-11-01"))
    assert page.status_code == 200
    assert page.context["form"].has_error("planned_end_date")


@pytest.mark.parametrize("persona", ["member_a", "focal_point_a"])
def test_members_cannot_create_communities(request, client, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form_data()).status_code == 403


def test_slugs_never_collide_and_never_are_empty():
    CommunityFactory(slug="youth-voices")
    assert unique_slug("Youth voices") == "youth-voices-2"
    assert unique_slug("", "ក្រុមថ្មី") == "kromthmei"
    CommunityFactory(slug="kromthmei")
    assert unique_slug("", "ក្រុមថ្មី") == "kromthmei-2"
    assert unique_slug("", "🙂") == "community"
    CommunityFactory(slug="community")
    assert unique_slug("", "🙂") == "community-2"


def test_the_facilitator_edits_their_community(client, facilitator, community):
    client.force_login(facilitator)
    page = edit(
        client, f"/km/communities/{community.slug}/edit/", name_km="ឈ្មោះថ្មី", name_en="New name"
    )
    assert page.status_code == 302
    community.refresh_from_db()
    assert (community.name_km, community.name_en) == ("ឈ្មោះថ្មី", "New name")
    assert community.history.count() == 2


def test_a_member_inside_cannot_edit(client, member_a, community):
    client.force_login(member_a)
    assert client.get(f"/km/communities/{community.slug}/edit/").status_code == 403


def test_the_community_page_shows_domain_practice_and_community_to_members(
    client, member_a, community, organization_a
):
    ObjectiveFactory(community=community, title_km="ចងក្រងឯកសារ", progress=40)
    ObjectiveFactory(community=community, title_km="បណ្តុះបណ្តាល", progress=60)
    ActivityFactory(
        community=community,
        lead_organization=organization_a,
        status=Activity.Status.DONE,
        title_km="វគ្គបណ្តុះបណ្តាលស្តីពីសិទ្ធិ",
        lessons_learned_km="ត្រូវអញ្ជើញអាជ្ញាធរមូលដ្ឋានឱ្យបានមុន",
        start_date=datetime.date(2026, 10, 1),
    )
    client.force_login(member_a)
    html = client.get(f"/km/communities/{community.slug}/about/").content.decode()
    for text in (
        "ប្រធានបទរួម",  # Domain
        "ការអនុវត្ត",  # Practice
        "វគ្គបណ្តុះបណ្តាលស្តីពីសិទ្ធិ",
        "ត្រូវអញ្ជើញអាជ្ញាធរមូលដ្ឋានឱ្យបានមុន",
        organization_a.name_km,  # names as typed, their digits too
        member_a.full_name,
        'value="40"',
    ):
        assert text in html
    assert "៥០%" in html  # overall progress, in Khmer digits


def test_a_visitor_sees_only_the_summary_of_a_public_community(client, organization_a):
    community = CommunityFactory(visibility="public", domain_km="សំណួររួមសាធារណៈ")
    ParticipationFactory(community=community, organization=organization_a)
    ActivityFactory(community=community, title_km="សកម្មភាពសម្ងាត់")
    html = client.get(f"/km/communities/{community.slug}/").content.decode()
    assert "សំណួររួមសាធារណៈ" in html
    assert "សកម្មភាពសម្ងាត់" not in html
    assert organization_a.name_km not in html


def test_the_directory_lists_what_the_person_may_see(client, member_b, community):
    public = CommunityFactory(visibility="public", name_km="សហគមន៍សាធារណៈ")
    client.force_login(member_b)
    page = client.get("/km/communities/")
    listed = list(page.context["page"].object_list)
    assert listed == [public]
    assert community.name_km not in page.content.decode()


def test_the_directory_filters_and_searches_khmer_substrings(client, admin):
    CommunityFactory(name_km="ក្រុមជនជាតិដើមភាគតិច", target_group="indigenous")
    CommunityFactory(name_km="ក្រុមស្រី", target_group="women")
    client.force_login(admin)
    found = client.get("/km/communities/", {"q": "ជនជាតិ\u200bដើម"}).context["page"]
    assert [c.name_km for c in found.object_list] == ["ក្រុមជនជាតិដើមភាគតិច"]
    found = client.get("/km/communities/", {"target_group": "women"}).context["page"]
    assert [c.name_km for c in found.object_list] == ["ក្រុមស្រី"]


def test_the_directory_runs_a_constant_number_of_queries(
    client, admin, django_assert_max_num_queries
):
    def fill(count):
        for _ in range(count):
            community = CommunityFactory(visibility="public")
            for _ in range(3):
                ParticipationFactory(community=community, organization=OrganizationFactory())

    client.force_login(admin)
    fill(5)
    with django_assert_max_num_queries(10):
        client.get("/km/communities/")
    fill(45)
    with django_assert_max_num_queries(10):
        page = client.get("/km/communities/")
    assert len(page.context["page"].object_list) == 20


def test_the_community_page_runs_a_constant_number_of_queries(
    client, member_a, community, organization_a, django_assert_max_num_queries
):
    def fill(count):
        for _ in range(count):
            organization = OrganizationFactory()
            ParticipationFactory(community=community, organization=organization)
            ObjectiveFactory(community=community)
            ActivityFactory(
                community=community, lead_organization=organization, status=Activity.Status.DONE
            )

    client.force_login(member_a)
    fill(5)
    with django_assert_max_num_queries(10):
        client.get(f"/km/communities/{community.slug}/")
    fill(45)
    with django_assert_max_num_queries(10):
        client.get(f"/km/communities/{community.slug}/")
