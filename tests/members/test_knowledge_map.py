"""The knowledge map: who offers and who needs each topic, the gaps, and the synergies."""

import re

import pytest

from communities.models import Community
from members.services import update_organization
from tests.factories import (
    CommunityFactory,
    OrganizationFactory,
    ParticipationFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MAP = "/km/knowledge/"


def html(client, url=MAP):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def section(page, title_id):
    """The text of one section of the page, by the id of its heading."""
    match = re.search(rf'<section aria-labelledby="{title_id}".*?</section>', page, re.S)
    return match.group(0) if match else ""


@pytest.fixture
def land_rights(db):
    return TopicFactory(name_km="សិទ្ធិលើដីធ្លី", name_en="Land rights", slug="land-rights")


def test_a_gap_shows_until_someone_offers_the_topic(
    client, member_a, organization_a, land_rights, django_capture_on_commit_callbacks
):
    organization_a.needs.add(land_rights)
    client.force_login(member_a)
    assert "សិទ្ធិលើដីធ្លី" in section(html(client), "gaps-title")
    offering = OrganizationFactory(name_km="អង្គការដីធ្លី")
    focal_point = UserFactory(organization=offering, is_focal_point=True)
    with django_capture_on_commit_callbacks(execute=True):
        update_organization(
            organization=offering,
            by=focal_point,
            version=offering.version,
            data={"offers": [land_rights]},
        )
    gaps = section(html(client), "gaps-title")
    assert "សិទ្ធិលើដីធ្លី" not in gaps
    assert "គ្មានចន្លោះខ្វះខាត" in gaps or 'class="empty"' in gaps


def test_a_topic_nobody_needs_is_no_gap(client, member_a, land_rights):
    OrganizationFactory().offers.add(land_rights)
    client.force_login(member_a)
    assert "សិទ្ធិលើដីធ្លី" not in section(html(client), "gaps-title")


def test_your_organisation_sees_who_offers_what_it_needs(
    client, member_a, organization_a, land_rights
):
    organization_a.needs.add(land_rights)
    offering = OrganizationFactory(name_km="អង្គការដីធ្លី", slug="land-org")
    offering.offers.add(land_rights)
    OrganizationFactory(name_km="អង្គការផ្សេង")  # offers nothing
    client.force_login(member_a)
    yours = section(html(client), "yours-title")
    assert "សិទ្ធិលើដីធ្លី" in yours
    assert "អង្គការដីធ្លី" in yours and 'href="/km/organizations/land-org/"' in yours
    assert "អង្គការផ្សេង" not in yours


def test_offers_across_communities_come_with_the_community_already_shared(
    client, member_a, organization_a, land_rights
):
    organization_a.needs.add(land_rights)
    together = CommunityFactory(name_km="ក្រុមរួមគ្នា", visibility=Community.Visibility.PUBLIC)
    partner = OrganizationFactory(name_km="អង្គការដៃគូ")
    stranger = OrganizationFactory(name_km="អង្គការថ្មី")  # in no community with A
    for organization in (organization_a, partner):
        ParticipationFactory(community=together, organization=organization)
    for organization in (partner, stranger):
        organization.offers.add(land_rights)
    client.force_login(member_a)
    yours = section(html(client), "yours-title")
    assert "អង្គការថ្មី" in yours  # across communities too
    # The partner comes first, with the community they already share.
    assert yours.index("អង្គការដៃគូ") < yours.index("អង្គការថ្មី")
    assert "ក្រុមរួមគ្នា" in yours
    assert yours.count("ក្រុមរួមគ្នា") == 1


def test_a_members_only_community_never_shows_to_an_outsider(
    client, member_a, member_b, organization_a, land_rights
):
    """Two organisations share a members-only community: whoever is outside it learns
    neither its name (not even as a filter choice) nor that they share one."""
    hidden = CommunityFactory(name_km="ក្រុមសម្ងាត់", slug="hidden")
    partner = OrganizationFactory(name_km="អង្គការដៃគូ")
    for organization in (organization_a, partner):
        ParticipationFactory(community=hidden, organization=organization)
    organization_a.needs.add(land_rights)
    partner.offers.add(land_rights)

    client.force_login(member_b)
    page = html(client)
    assert "ក្រុមសម្ងាត់" not in page and 'value="hidden"' not in page
    assert "already in a community" not in html(client, "/en/knowledge/")
    # Asking for it by its slug does not filter by it either.
    filtered = html(client, "/en/knowledge/?community=hidden")
    assert "3 organisations in this selection." in filtered  # A, B and the partner
    assert "already in a community" not in filtered

    client.force_login(member_a)
    assert "ក្រុមសម្ងាត់" in html(client)  # a filter choice, and the community they share
    inside = html(client, "/en/knowledge/")
    assert "already in a community with an organisation that offers it" in inside
    assert "2 organisations in this selection." in html(client, "/en/knowledge/?community=hidden")


def test_the_per_topic_lists_show_both_sides(client, member_b, land_rights):
    OrganizationFactory(name_km="អង្គការផ្តល់").offers.add(land_rights)
    OrganizationFactory(name_km="អង្គការត្រូវការ").needs.add(land_rights)
    client.force_login(member_b)
    topics = section(html(client), "topics-title")
    assert 'id="topic-land-rights"' in topics
    assert "អង្គការផ្តល់" in topics and "អង្គការត្រូវការ" in topics
    assert "<caption>" in topics and 'scope="col"' in topics and 'scope="row"' in topics


def test_long_lists_show_the_first_names_and_how_many_more(client, member_b, land_rights):
    for number in range(8):
        OrganizationFactory(name_en=f"Offering {number:02}").offers.add(land_rights)
    client.force_login(member_b)
    page = html(client, "/en/knowledge/")
    topics = section(page, "topics-title")
    assert "Offered by 8 organisations" in topics
    assert "Offering 00" in topics and "Offering 04" in topics
    assert "Offering 05" not in topics
    assert "and 3 more organisations" in topics
    assert 'href="/en/organizations/?offers=land-rights"' in topics


def test_the_filters_choose_the_organisations(client, member_b, organization_a, land_rights):
    community = CommunityFactory(visibility=Community.Visibility.PUBLIC, slug="open")
    indigenous = OrganizationFactory(name_km="អង្គការជនជាតិ", target_group="indigenous")
    indigenous.needs.add(land_rights)
    ParticipationFactory(community=community, organization=indigenous)
    OrganizationFactory(name_km="អង្គការស្ត្រី", target_group="women").needs.add(land_rights)
    client.force_login(member_b)
    by_group = section(html(client, f"{MAP}?target_group=indigenous"), "topics-title")
    assert "អង្គការជនជាតិ" in by_group and "អង្គការស្ត្រី" not in by_group
    by_community = html(client, f"{MAP}?community=open")
    assert "អង្គការជនជាតិ" in by_community and "អង្គការស្ត្រី" not in by_community
    # "and N more" keeps the same selection on the organisation list.
    assert 'value="open" selected' in by_community


def test_a_gap_in_a_selection_tells_who_offers_it_elsewhere(client, member_b, land_rights):
    OrganizationFactory(target_group="indigenous").needs.add(land_rights)
    OrganizationFactory(target_group="women").offers.add(land_rights)
    client.force_login(member_b)
    gaps = section(html(client, "/en/knowledge/?target_group=indigenous"), "gaps-title")
    assert "Land rights" in gaps
    assert "1 organisation outside this selection offers it" in gaps


def test_focal_points_get_a_link_to_edit_their_organisation(
    client, focal_point_a, member_a, organization_a
):
    link = 'href="/km/organizations/organisation-a/edit/"'
    client.force_login(focal_point_a)
    assert link in html(client)
    client.force_login(member_a)
    assert link not in html(client)


def test_inactive_organisations_are_left_out(client, member_b, land_rights):
    OrganizationFactory(name_km="អង្គការបិទ", is_active=False).offers.add(land_rights)
    client.force_login(member_b)
    assert "អង្គការបិទ" not in html(client)


def fill(count, topics, communities):
    for number in range(count):
        organization = OrganizationFactory()
        organization.offers.add(topics[number % len(topics)])
        organization.needs.add(topics[(number + 1) % len(topics)])
        ParticipationFactory(
            community=communities[number % len(communities)], organization=organization
        )
        UserFactory(organization=organization)


def test_the_map_runs_a_constant_number_of_queries(
    client,
    focal_point_a,
    organization_a,
    community,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    topics = [TopicFactory() for _ in range(12)]
    public = CommunityFactory(visibility=Community.Visibility.PUBLIC)
    communities = [community, public, CommunityFactory()]
    ParticipationFactory(community=public, organization=organization_a)
    organization_a.needs.set(topics[:3])
    client.force_login(focal_point_a)
    urls = [MAP, f"{MAP}?target_group=women&community={community.slug}"]
    for size in (5, 45):
        # Committed, as the portal's writes are: the kept maps are not read again.
        with django_capture_on_commit_callbacks(execute=True):
            fill(size, topics, communities)
        for url in urls:
            # Computed and kept in the cache (here the database cache: each write to it is
            # five statements), then read from the cache.
            with django_assert_max_num_queries(20):
                assert client.get(url).status_code == 200
            with django_assert_max_num_queries(10):
                assert client.get(url).status_code == 200
