from django.db.models import Q, QuerySet

from communities.models import Community
from communities.selectors import communities_inside
from cop_portal.text import normalize_query

from .models import Activity


def activities_visible_to(user) -> QuerySet[Activity]:
    """Activities of the communities this person is inside of (every one, for an admin).
    A public community shows outsiders its summary only, never its activities."""
    return Activity.objects.filter(community__in=communities_inside(user))


def activity_list(
    user,
    *,
    community: Community | None = None,
    q: str = "",
    activity_type=None,
    status: str = "",
    date_from=None,
    date_to=None,
    province: str = "",
    organization=None,
) -> QuerySet[Activity]:
    activities = activities_visible_to(user).select_related(
        "community", "activity_type", "lead_organization"
    )
    if community is not None:
        activities = activities.filter(community=community)
    if q := normalize_query(q):
        activities = activities.filter(
            Q(title_km__icontains=q) | Q(title_en__icontains=q) | Q(place__icontains=q)
        )
    if activity_type is not None:
        activities = activities.filter(activity_type=activity_type)
    if status:
        activities = activities.filter(status=status)
    if date_from:
        activities = activities.filter(start_date__gte=date_from)
    if date_to:
        activities = activities.filter(start_date__lte=date_to)
    if province:
        activities = activities.filter(province=province)
    if organization is not None:
        activities = activities.filter(
            Q(lead_organization=organization) | Q(partner_organizations=organization)
        ).distinct()
    return activities.order_by("-start_date", "-pk")


def changes_since(current: Activity, version: int) -> list[dict]:
    """What others changed since `version`: each field whose stored value differs from the
    one at that version, with both values."""
    then = current.history.filter(version=version).order_by("-history_date").first()
    if then is None:
        return []
    changes = []
    for field in Activity._meta.concrete_fields:
        if field.name in {"version", "updated_at", "updated_by", "created_at", "deleted_at"}:
            continue
        if not hasattr(then, field.attname):
            continue
        if getattr(then, field.attname) != getattr(current, field.attname):
            changes.append(
                {
                    "label": field.verbose_name,
                    "before": _display(then, field),
                    "after": _display(current, field),
                }
            )
    return changes


def _display(obj, field):
    value = getattr(obj, field.name)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return "" if value is None else value
