"""Who may see and change an activity. Outsiders get 404, insiders without the right 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from communities.permissions import can_facilitate
from members.permissions import is_admin

from .models import Activity
from .selectors import activities_visible_to


def can_edit_activity(user, activity: Activity) -> bool:
    """The lead organisation's people, the community's facilitators, and admins."""
    if is_admin(user):
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    return (
        user.organization_id is not None and user.organization_id == activity.lead_organization_id
    ) or can_facilitate(user, activity.community)


def can_log_activity(user) -> bool:
    """Admins, facilitators, and people of an organisation. A guest belongs to no
    organisation, and an activity is always led by one: guests take part, they do not log."""
    if is_admin(user):
        return True
    if not (user.is_authenticated and user.is_active) or user.is_guest:
        return False
    return user.organization_id is not None or user.is_facilitator


def require_activity_logger(user) -> None:
    if not can_log_activity(user):
        raise PermissionDenied


def get_activity_for_view(user, pk: int) -> Activity:
    activity = (
        activities_visible_to(user)
        .select_related("community", "activity_type", "lead_organization", "created_by")
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def can_view_activity(user, activity: Activity | None) -> bool:
    """Whether this person may open the activity's page (what get_activity_for_view lets
    through): for a page that links to it, such as the idea it came from."""
    if activity is None:
        return False
    return activities_visible_to(user).filter(pk=activity.pk).exists()


def get_activity_for_edit(user, pk: int) -> Activity:
    activity = get_activity_for_view(user, pk)
    if not can_edit_activity(user, activity) or activity.community.is_closed:
        raise PermissionDenied
    return activity


def can_see_programme_report(user) -> bool:
    """Admins, and facilitators (over the communities they may know exist)."""
    return is_admin(user) or (user.is_authenticated and user.is_active and user.is_facilitator)


def require_programme_report(user):
    if not can_see_programme_report(user):
        raise PermissionDenied
