from django.db.models import QuerySet

from cop_portal.core.models import name_column

from .models import Invitation, MembershipEvent, MessengerLink, Organization, Topic, User
from .permissions import is_admin


def organizations_for_inviter(user) -> QuerySet[Organization]:
    """The organisations this person may bring people into: every active one for an admin,
    their own for a focal point, none for anyone else (facilitators included)."""
    organizations = Organization.objects.filter(is_active=True)
    if is_admin(user):
        return organizations
    if not (user.is_authenticated and user.is_active and user.is_focal_point):
        return organizations.none()
    return organizations.filter(pk=user.organization_id)


def invitations_sent_by(user) -> QuerySet[Invitation]:
    """Admins see every invitation; everyone else the ones they sent."""
    invitations = Invitation.objects.select_related("organization", "community", "invited_by")
    if is_admin(user):
        return invitations
    return invitations.filter(invited_by=user)


def topics_by_name() -> QuerySet[Topic]:
    return Topic.objects.order_by(name_column())


def membership_log(*, community=None, organization=None) -> QuerySet[MembershipEvent]:
    """The membership log of one community or one organisation, newest first."""
    entries = MembershipEvent.objects.select_related("actor", "community", "organization", "person")
    if community is not None:
        entries = entries.filter(community=community)
    if organization is not None:
        entries = entries.filter(organization=organization)
    return entries.order_by("-created_at", "-pk")


def active_organization(pk) -> Organization | None:
    return Organization.objects.filter(pk=pk, is_active=True).first() if pk else None


def person_by_calendar_token(token: str):
    """Whose private calendar link this is (an active person), or None."""
    if not token:
        return None
    return User.objects.filter(calendar_token=token, is_active=True).first()


def messenger_connected(person, channel: str) -> bool:
    """Whether `person` has connected their chat on `channel` (its address is never read
    for a page)."""
    return MessengerLink.objects.filter(person=person, channel=channel).exists()
