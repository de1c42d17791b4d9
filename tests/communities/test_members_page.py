import pytest

from communities.models import Participation
from members.models import MembershipEvent
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(community):
    return f"/km/communities/{community.slug}/members/"


def test_an_admin_adds_three_organisations_without_asking(client, admin, community):
    client.force_login(admin)
    added = [OrganizationFactory() for _ in range(3)]
    for organization in added:
        page = client.post(
            url(community),
            {"action": "add_organization", "organization": organization.pk, "role": "member"},
        )
        assert page.status_code == 302
    html = client.get(f"/km/communities/{community.slug}/").content.decode()
    for organization in added:
        assert organization.name_km in html
    assert community.participations.filter(left_on__isnull=True).count() == 4
    assert MembershipEvent.objects.filter(action="added", community=community).count() == 3


def test_a_facilitator_cannot_add_an_organisation_without_its_consent(
    client, facilitator, community, organization_b
):
    client.force_login(facilitator)
    page = client.post(
        url(community),
        {"action": "add_organization", "organization": organization_b.pk, "role": "member"},
    )
    assert page.status_code == 403
    assert not community.participations.filter(organization=organization_b).exists()
    assert "add_organization" not in client.get(url(community)).content.decode()


def test_an_organisation_leaves_and_comes_back(client, admin, community, organization_a):
    client.force_login(admin)
    participation = community.participations.get(organization=organization_a)
    page = client.post(
        url(community),
        {
            "action": "remove_organization",
            "participation": participation.pk,
            "left_on": "",
            "confirm": "1",
        },
    )
    assert page.status_code == 302
    participation.refresh_from_db()
    assert participation.left_on is not None
    client.post(
        url(community),
        {"action": "add_organization", "organization": organization_a.pk, "role": "lead"},
    )
    participation.refresh_from_db()
    assert participation.left_on is None and participation.role == "lead"
    assert Participation.objects.filter(community=community).count() == 1


def test_leaving_before_joining_is_refused_with_a_message(client, facilitator, community):
    client.force_login(facilitator)
    participation = community.participations.get()
    participation.joined_on = "2026-06-01"
    participation.save()
    page = client.post(
        url(community),
        {
            "action": "remove_organization",
            "participation": participation.pk,
            "left_on": "2026-05-01",
            "confirm": "1",
        },
    )
    assert page.status_code == 200
    assert "មិនអាចចាកចេញ" in page.content.decode()
    participation.refresh_from_db()
    assert participation.left_on is None


def test_co_facilitators_are_added_and_the_last_one_stays(
    client, facilitator, community, organization_a
):
    client.force_login(facilitator)
    colleague = UserFactory(is_facilitator=True, organization=organization_a)
    client.post(url(community), {"action": "add_facilitator", "person": colleague.pk})
    assert set(community.facilitators.all()) == {facilitator, colleague}
    client.post(
        url(community), {"action": "remove_facilitator", "person": colleague.pk, "confirm": "1"}
    )
    page = client.post(
        url(community), {"action": "remove_facilitator", "person": facilitator.pk, "confirm": "1"}
    )
    assert list(community.facilitators.all()) == [facilitator]
    assert page.status_code == 200
    assert "អ្នកសម្របសម្រួលយ៉ាងហោចណាស់ម្នាក់" in page.content.decode()


def test_a_participation_of_another_community_cannot_be_touched(
    client, facilitator, community, organization_b
):
    from tests.factories import CommunityFactory, ParticipationFactory

    elsewhere = ParticipationFactory(community=CommunityFactory(), organization=organization_b)
    client.force_login(facilitator)
    page = client.post(
        url(community),
        {"action": "remove_organization", "participation": elsewhere.pk, "left_on": ""},
    )
    assert page.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.left_on is None


def test_the_co_facilitator_picker_lists_only_people_inside_the_community(
    client, facilitator, community, organization_a, organization_b
):
    """A facilitator does not learn who runs the other communities."""
    inside = UserFactory(is_facilitator=True, organization=organization_a)
    outside = UserFactory(is_facilitator=True, organization=organization_b)
    programme_staff = UserFactory(is_facilitator=True)
    client.force_login(facilitator)
    page = client.get(url(community))
    offered = list(page.context["forms"]["add_facilitator"].fields["person"].queryset)
    assert offered == [inside]
    html = page.content.decode()
    assert outside.full_name not in html and programme_staff.full_name not in html
    page = client.post(url(community), {"action": "add_facilitator", "person": outside.pk})
    assert page.status_code == 200
    assert outside not in community.facilitators.all()


def test_an_admin_picks_any_facilitator(client, admin, community):
    programme_staff = UserFactory(is_facilitator=True)
    client.force_login(admin)
    client.post(url(community), {"action": "add_facilitator", "person": programme_staff.pk})
    assert programme_staff in community.facilitators.all()


@pytest.mark.parametrize("value", ["abc", "", "1 OR 1=1", "9" * 30])
def test_a_crafted_id_names_nothing(client, facilitator, community, value):
    client.force_login(facilitator)
    for action, name in (
        ("remove_facilitator", "person"),
        ("remove_guest", "guest"),
        ("withdraw_proposal", "proposal"),
    ):
        assert client.post(url(community), {"action": action, name: value}).status_code == 404
