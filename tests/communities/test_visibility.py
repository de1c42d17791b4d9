"""Private by default: a members-only community is invisible to anyone whose organisation
does not take part in it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from communities.permissions import (
    get_community_for_facilitator,
    get_community_for_member,
    get_community_for_visitor,
)
from communities.selectors import communities_inside, communities_visible_to
from tests.factories import CommunityFactory, ParticipationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_community(organization_b):
    community = CommunityFactory(slug="public-one", visibility="public")
    ParticipationFactory(community=community, organization=organization_b)
    return community


def test_a_new_community_is_members_only():
    assert CommunityFactory().visibility == "members"


def test_a_member_sees_their_organisations_private_community(member_a, community):
    assert list(communities_visible_to(member_a)) == [community]
    assert get_community_for_member(member_a, community.slug) == community


@pytest.mark.parametrize("persona", ["member_b", "visitor", "other_facilitator"])
def test_an_outsider_cannot_learn_a_private_community_exists(
    request, persona, community, organization_b
):
    user = {
        "member_b": lambda: request.getfixturevalue("member_b"),
        "visitor": AnonymousUser,
        "other_facilitator": lambda: UserFactory(is_facilitator=True),
    }[persona]()
    assert community not in communities_visible_to(user)
    assert community not in communities_inside(user)
    for getter in (get_community_for_visitor, get_community_for_member):
        with pytest.raises(Http404):
            getter(user, community.slug)
    with pytest.raises(Http404):
        get_community_for_facilitator(user, community.slug)


def test_an_organisation_that_left_no_longer_sees_the_private_community(member_a, community):
    community.participations.update(left_on="2026-01-31")
    assert community not in communities_visible_to(member_a)


def test_a_visitor_sees_a_public_community_but_not_inside_it(public_community):
    visitor = AnonymousUser()
    assert get_community_for_visitor(visitor, public_community.slug) == public_community
    with pytest.raises(PermissionDenied):
        get_community_for_member(visitor, public_community.slug)


def test_the_facilitator_sees_and_manages_their_community(facilitator, community):
    assert get_community_for_facilitator(facilitator, community.slug) == community


def test_a_member_inside_cannot_manage_the_community(member_a, community):
    with pytest.raises(PermissionDenied):
        get_community_for_facilitator(member_a, community.slug)


def test_an_admin_sees_and_manages_every_community(admin, community, public_community):
    assert set(communities_visible_to(admin)) == {community, public_community}
    assert get_community_for_facilitator(admin, community.slug) == community


def test_a_deactivated_member_sees_nothing_private(member_a, community):
    member_a.is_active = False
    assert community not in communities_visible_to(member_a)
