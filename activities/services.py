from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import Community
from communities.permissions import can_facilitate
from communities.selectors import is_inside
from members.permissions import is_admin

from .models import Activity


def _check_lead_organization(community: Community, organization) -> None:
    if not community.participations.filter(
        organization=organization, left_on__isnull=True
    ).exists():
        raise ValidationError(
            {"lead_organization": _("The lead organisation must take part in the community.")}
        )


@transaction.atomic
def plan_activity(*, by, community: Community, **fields) -> Activity:
    """A planned activity of a community. People inside the community plan for their own
    organisation; facilitators and admins for any organisation taking part."""
    if not is_inside(by, community):
        raise PermissionDenied
    if community.is_closed:
        raise ValidationError(_("This community is closed: it can no longer be changed."))
    lead = fields["lead_organization"]
    if not (is_admin(by) or can_facilitate(by, community)) and lead.pk != by.organization_id:
        raise PermissionDenied
    _check_lead_organization(community, lead)
    activity = Activity(
        community=community,
        status=Activity.Status.PLANNED,
        created_by=by,
        updated_by=by,
        **fields,
    )
    activity.full_clean()
    activity.save()
    return activity
