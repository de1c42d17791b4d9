"""Who may do what with people, organisations and invitations. Views ask here first."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Organization, User


def is_admin(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff


def can_invite(user) -> bool:
    """Admins invite to any organisation; facilitators to the communities they facilitate."""
    return is_admin(user) or (user.is_authenticated and user.is_active and user.is_facilitator)


def require_inviter(user) -> User:
    if not can_invite(user):
        raise PermissionDenied
    return user


def can_edit_organization(user, organization: Organization) -> bool:
    """Its focal points edit an organisation's profile and knowledge map; admins any."""
    if is_admin(user):
        return True
    return (
        user.is_authenticated
        and user.is_active
        and user.is_focal_point
        and user.organization_id == organization.pk
    )


def get_organization_for_viewer(user, slug: str) -> Organization:
    """An active organisation (inactive ones too, for an admin); 404 for anything else."""
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
