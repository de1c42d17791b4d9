"""Scoped getters for communities: an outsider gets 404 (a members-only community cannot be
found by guessing its slug), an insider without the right gets 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.models import Invitation
from members.permissions import is_admin, require_inviter
from members.selectors import invitations_sent_by

from .models import Community
from .selectors import communities_visible_to, is_inside, with_access


def get_community_for_visitor(user, slug: str, *, annotate=None, only=None) -> Community:
    """A community this person may see at least the summary of (public, or theirs).
    `annotate` adds figures the page needs, in the same query; `only` names the columns
    the page shows, when it needs few of them."""
    communities = with_access(user, communities_visible_to(user))
    if annotate:
        communities = communities.annotate(**annotate)
    if only:
        communities = communities.only(*only)
    community = communities.filter(slug=slug).first()
    if community is None:
        raise Http404
    return community


def get_community_for_member(user, slug: str, *, only=None) -> Community:
    """A community this person is inside of; everyone else gets 404, as if it did not exist,
    unless the community is public (then 403: its summary is theirs to see, not the rest)."""
    community = get_community_for_visitor(user, slug, only=only)
    if not is_inside(user, community):
        raise PermissionDenied
    return community


def can_facilitate(user, community: Community) -> bool:
    if is_admin(user):
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    if hasattr(community, "facilitates"):  # annotated by with_access()
        return community.facilitates
    return community.facilitators.filter(pk=user.pk).exists()


def get_community_for_facilitator(user, slug: str) -> Community:
    """A community this person facilitates (or any, for an admin)."""
    community = get_community_for_visitor(user, slug)
    if not can_facilitate(user, community):
        raise PermissionDenied
    return community


def can_create_community(user) -> bool:
    return is_admin(user) or (user.is_authenticated and user.is_active and user.is_facilitator)


def get_invitation_for_inviter(user, pk: int) -> Invitation:
    """An invitation this person may see on their invitations page (one they sent; any,
    for an admin), to send again or copy its link; 404 for any other id, so that nobody
    learns which invitations exist."""
    require_inviter(user)
    invitation = invitations_sent_by(user).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation
