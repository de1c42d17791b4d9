"""Who may do what with people, organisations and invitations. Views ask here first."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Invitation, Organization, User


def is_admin(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff


def is_active_person(user) -> bool:
    return user.is_authenticated and user.is_active


def is_guest(user) -> bool:
    """A guest sees the one community they were invited into, and nothing else."""
    return is_active_person(user) and user.is_guest and not is_admin(user)


def is_focal_point_of(user, organization_id) -> bool:
    return (
        is_active_person(user)
        and user.is_focal_point
        and organization_id is not None
        and user.organization_id == organization_id
    )


def invitation_kinds(user) -> list[str]:
    """What this person may invite somebody as. People join an organisation only through
    one of its focal points or an admin; a facilitator invites guests into their own
    communities; only an admin makes facilitators."""
    if not is_active_person(user) or user.is_guest:
        return []
    if is_admin(user):
        return [Invitation.Kind.MEMBER, Invitation.Kind.GUEST, Invitation.Kind.FACILITATOR]
    kinds = []
    if user.is_focal_point and user.organization_id:
        kinds.append(Invitation.Kind.MEMBER)
    if user.is_facilitator:
        kinds.append(Invitation.Kind.GUEST)
    return kinds


def can_invite(user) -> bool:
    return bool(invitation_kinds(user))


def require_inviter(user) -> User:
    if not can_invite(user):
        raise PermissionDenied
    return user


def can_edit_organization(user, organization: Organization) -> bool:
    """Its focal points edit an organisation's profile and knowledge map, answer the
    proposals to take part in communities and read its membership log; admins any."""
    return is_admin(user) or is_focal_point_of(user, organization.pk)


def require_not_guest(user) -> None:
    """Pages of the programme beyond one community (organisations, the knowledge map, the
    shared library): not for guests."""
    if is_guest(user):
        raise PermissionDenied


def get_organization_for_viewer(user, slug: str) -> Organization:
    """An active organisation (inactive ones too, for an admin); 404 for anything else.
    Guests see no organisation page."""
    require_not_guest(user)
    organizations = Organization.objects.all()
    if not is_admin(user):
        organizations = organizations.filter(is_active=True)
    organization = organizations.filter(slug=slug).first()
    if organization is None:
        raise Http404
    return organization


def get_organization_for_edit(user, slug: str) -> Organization:
    """An organisation this person may edit: its focal points and admins; others get 403."""
    organization = get_organization_for_viewer(user, slug)
    if not can_edit_organization(user, organization):
        raise PermissionDenied
    return organization
