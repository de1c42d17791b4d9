"""Removing someone from a community asks first, naming them; a removal can be undone a
few minutes by the facilitator who made it."""

import pytest

from communities.models import Participation
from members.models import MembershipEvent

pytestmark = pytest.mark.django_db


def url(community):
    return f"/km/communities/{community.slug}/members/"


def test_removing_an_organisation_asks_first_naming_it(
    client, facilitator, community, organization_a
):
    participation = community.participations.get(organization=organization_a)
    client.force_login(facilitator)
    posted = {"action": "remove_organization", "participation": participation.pk, "left_on": ""}
    page = client.post(url(community), posted)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"ដក {organization_a.name_km} ចេញពី {community.name_km} មែនទេ?" in html
    assert "បាត់បង់សិទ្ធិចូលសហគមន៍ភ្លាមៗ" in html
    assert 'name="confirm" value="1"' in html
    assert f'name="participation" value="{participation.pk}"' in html
    participation.refresh_from_db()
    assert participation.left_on is None
    assert not MembershipEvent.objects.filter(action="removed").exists()

    page = client.post(url(community), {**posted, "confirm": "1"}, follow=True)
    participation.refresh_from_db()
    assert participation.left_on is not None
    assert f"{organization_a.name_km} លែងចូលរួមក្នុងសហគមន៍ហើយ" in page.content.decode()


def test_a_removed_organisation_is_brought_back_by_undo(
    client, facilitator, community, organization_a
):
    participation = community.participations.get(organization=organization_a)
    client.force_login(facilitator)
    page = client.post(
        url(community),
        {"action": "remove_organization", "participation": participation.pk, "confirm": "1"},
        follow=True,
    )
    html = page.content.decode()
    assert f"អ្នកបានដក {organization_a.name_km} ចេញ។" in html
    assert 'value="undo_removal"' in html
    client.post(url(community), {"action": "undo_removal"})
    participation.refresh_from_db()
    assert participation.left_on is None
    assert Participation.objects.filter(community=community).count() == 1
    assert MembershipEvent.objects.filter(action="removal_undone", community=community).exists()
    # Undone once: nothing more to undo.
    assert 'value="undo_removal"' not in client.get(url(community)).content.decode()
    page = client.post(url(community), {"action": "undo_removal"}, follow=True)
    assert "មិនអាចត្រឡប់វិញបានទៀតទេ" in page.content.decode()


def test_another_facilitator_cannot_undo_a_removal(client, facilitator, community, organization_a):
    from tests.factories import UserFactory

    colleague = UserFactory(is_facilitator=True, organization=organization_a)
    community.facilitators.add(colleague)
    participation = community.participations.get(organization=organization_a)
    client.force_login(facilitator)
    client.post(
        url(community),
        {"action": "remove_organization", "participation": participation.pk, "confirm": "1"},
    )
    client.force_login(colleague)
    assert 'value="undo_removal"' not in client.get(url(community)).content.decode()
    client.post(url(community), {"action": "undo_removal"})
    participation.refresh_from_db()
    assert participation.left_on is not None


def test_removing_a_guest_asks_first_and_can_be_undone(client, facilitator, community, guest):
    client.force_login(facilitator)
    row = community.guests.get()
    page = client.post(url(community), {"action": "remove_guest", "guest": row.pk})
    assert f"ដកភ្ញៀវ {guest.full_name} ចេញពី" in page.content.decode()
    row.refresh_from_db()
    assert row.left_on is None
    client.post(url(community), {"action": "remove_guest", "guest": row.pk, "confirm": "1"})
    row.refresh_from_db()
    assert row.left_on is not None
    client.post(url(community), {"action": "undo_removal"})
    row.refresh_from_db()
    assert row.left_on is None


def test_the_members_page_marks_its_removals_for_the_dialog(client, facilitator, community):
    client.force_login(facilitator)
    html = client.get(url(community)).content.decode()
    assert 'data-confirm="ដក ' in html and "button danger" in html
    assert 'id="confirm-dialog"' in html
