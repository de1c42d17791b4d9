import pytest

from communities.models import Participation
from cop_portal.middleware import KHMER_DIGITS
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(community):
    return f"/km/communities/{community.slug}/members/"


def test_the_facilitator_adds_three_organisations(client, facilitator, community):
    client.force_login(facilitator)
    added = [OrganizationFactory() for _ in range(3)]
    for organization in added:
        page = client.post(
            url(community),
            {"action": "add_organization", "organization": organization.pk, "role": "member"},
        )
        assert page.status_code == 302
    html = client.get(f"/km/communities/{community.slug}/").content.decode()
    for organization in added:
        assert organization.name_km.translate(KHMER_DIGITS) in html
    assert community.participations.filter(left_on__isnull=True).count() == 4


def test_an_organisation_leaves_and_comes_back(client, facilitator, community, organization_a):
    client.force_login(facilitator)
    participation = community.participations.get(organization=organization_a)
    page = client.post(
        url(community),
        {"action": "remove_organization", "participation": participation.pk, "left_on": ""},
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
        },
    )
    assert page.status_code == 200
    assert "មិនអាចចាកចេញ" in page.content.decode()
    participation.refresh_from_db()
    assert participation.left_on is None


def test_co_facilitators_are_added_and_the_last_one_stays(client, facilitator, community):
    client.force_login(facilitator)
    colleague = UserFactory(is_facilitator=True)
    client.post(url(community), {"action": "add_facilitator", "person": colleague.pk})
    assert set(community.facilitators.all()) == {facilitator, colleague}
    client.post(url(community), {"action": "remove_facilitator", "person": colleague.pk})
    page = client.post(url(community), {"action": "remove_facilitator", "person": facilitator.pk})
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
