from django.db.models import QuerySet

from communities.models import Community, Participation

from .models import Invitation, Organization
from .permissions import is_admin


def communities_for_inviter(user) -> QuerySet[Community]:
    """The communities whose organisations this person may invite people to."""
    communities = Community.objects.exclude(status=Community.Status.CLOSED)
    if is_admin(user):
        return communities
    return communities.filter(facilitators=user)


def organizations_for_inviter(user) -> QuerySet[Organization]:
    """Admins: every active organisation. Facilitators: those taking part in their communities."""
    organizations = Organization.objects.filter(is_active=True)
    if is_admin(user):
        return organizations
    return organizations.filter(
        pk__in=Participation.objects.filter(
            community__in=communities_for_inviter(user), left_on__isnull=True
        ).values("organization")
    )


def invitations_sent_by(user) -> QuerySet[Invitation]:
    """Admins see every invitation; a facilitator the ones they sent."""
    invitations = Invitation.objects.select_related("organization", "community", "invited_by")
    if is_admin(user):
        return invitations
    return invitations.filter(invited_by=user)
