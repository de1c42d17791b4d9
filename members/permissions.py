"""Who may do what with people and invitations. Views ask here first."""

from django.core.exceptions import PermissionDenied

from .models import User


def is_admin(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff


def can_invite(user) -> bool:
    """Admins invite to any organisation; facilitators to the communities they facilitate."""
    return is_admin(user) or (user.is_authenticated and user.is_active and user.is_facilitator)


def require_inviter(user) -> User:
    if not can_invite(user):
        raise PermissionDenied
    return user
