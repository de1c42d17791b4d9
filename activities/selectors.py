from datetime import timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from communities.models import Community
from communities.selectors import inside_ids, open_objectives
from cop_portal.core.text import normalize_query
from members.permissions import is_admin

from .models import Activity, ActivityType


def activities_visible_to(
    user, *, inside_community_ids: list[int] | None = None
) -> QuerySet[Activity]:
    """Activities of the communities this person is inside of (every one, for an admin).
    A public community shows outsiders its summary only, never its activities.
    `inside_community_ids`: the ids of those communities, when the caller has them already
    (inside_ids)."""
    if is_admin(user):
        return Activity.objects.all()
    # The few community ids first: every query on the activities then names them, which
    # PostgreSQL plans better (and Django compiles faster) than the nested permission query.
    return Activity.objects.filter(
        community_id__in=inside_community_ids
        if inside_community_ids is not None
        else inside_ids(user)
    )


def activity_list(
    user,
    *,
    inside_community_ids: list[int] | None = None,
    community: Community | None = None,
    q: str = "",
    activity_type=None,
    status: str = "",
    date_from=None,
    date_to=None,
    province: str = "",
    organization=None,
    mine: bool = False,
) -> QuerySet[Activity]:
    """The activities of a list, newest date first; `mine`: only those the person logged
    or last edited, the most recently saved first."""
    activities = activities_visible_to(
        user, inside_community_ids=inside_community_ids
    ).select_related("community", "activity_type", "lead_organization")
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
    if mine:
        # A person who opens "Mine" looks for what they just saved (to check it, to add a
        # photo, to finish it): by date, an activity of last week that was just logged
        # sits behind every one planned for next year. So the last saved comes first.
        return activities.filter(Q(created_by=user) | Q(updated_by=user)).order_by(
            "-updated_at", "-pk"
        )
    return activities.order_by("-start_date", "-pk")


def organization_summary(user) -> dict | None:
    """For a member's dashboard: their organisation's activities (as lead) counted by type
    and by status, the participants of the done ones, and the next planned ones."""
    if not user.is_authenticated or user.organization_id is None:
        return None
    activities = activities_visible_to(user).filter(lead_organization_id=user.organization_id)
    types = {activity_type.pk: activity_type for activity_type in ActivityType.objects.all()}
    by_type = [
        {"type": types[row["activity_type"]], "count": row["count"]}
        for row in activities.order_by()
        .values("activity_type")
        .annotate(count=Count("pk"))
        .order_by("-count")
    ]
    statuses = dict(Activity.Status.choices)
    by_status = [
        {"label": statuses[row["status"]], "count": row["count"]}
        for row in activities.order_by().values("status").annotate(count=Count("pk"))
    ]
    participants = activities.filter(status=Activity.Status.DONE).aggregate(
        total=Sum("participants_total"),
        women=Sum("participants_women"),
        men=Sum("participants_men"),
        disability=Sum("participants_disability"),
        youth=Sum("participants_youth"),
        elderly=Sum("participants_elderly"),
        indigenous=Sum("participants_indigenous"),
    )
    upcoming = list(
        activities.filter(status=Activity.Status.PLANNED, start_date__gte=timezone.localdate())
        .select_related("community")
        .only(
            "title",
            "title_km",
            "title_en",
            "start_date",
            "community__name",
            "community__name_km",
            "community__name_en",
        )
        .order_by("start_date")[:5]
    )
    return {
        "by_type": by_type,
        "by_status": by_status,
        "participants": {key: value or 0 for key, value in participants.items()},
        "upcoming": upcoming,
    }


def calendar_between(user, first, last) -> QuerySet[Activity]:
    """The month's calendar: activities this person may see from `first` to `last`, not
    cancelled, with what a day's cell (or the agenda's line) shows."""
    return (
        activities_visible_to(user)
        .filter(start_date__range=(first, last))
        .exclude(status=Activity.Status.CANCELLED)
        .select_related("community")
        .only(
            "title",
            "title_km",
            "title_en",
            "status",
            "start_date",
            "community__name",
            "community__name_km",
            "community__name_en",
        )
        .order_by("start_date", "pk")
    )


# What a calendar feed carries: a year back, at most this many activities.
FEED_DAYS_BACK = 365
FEED_LIMIT = 2000


def calendar_feed(person) -> QuerySet[Activity]:
    since = timezone.localdate() - timedelta(days=FEED_DAYS_BACK)
    return (
        activities_visible_to(person)
        .filter(start_date__gte=since)
        .order_by("start_date", "pk")[:FEED_LIMIT]
    )


CLOSING_NAMED = 5  # how many of the planned activities and open objectives closing names


def what_closing_leaves(community: Community) -> dict:
    """What a community leaves undone if it closes today: its planned activities to come
    and its objectives not reached, the first few of each named, and how many in all."""
    planned = Activity.objects.filter(
        community=community, status=Activity.Status.PLANNED, start_date__gte=timezone.localdate()
    ).order_by("start_date", "pk")
    objectives = open_objectives(community)
    planned_count, objectives_count = planned.count(), objectives.count()
    named = planned.only("title", "title_km", "title_en", "start_date")
    return {
        "planned_count": planned_count,
        "planned": list(named[:CLOSING_NAMED]),
        "planned_more": max(planned_count - CLOSING_NAMED, 0),
        "objectives_count": objectives_count,
        "objectives": list(objectives[:CLOSING_NAMED]),
        "objectives_more": max(objectives_count - CLOSING_NAMED, 0),
    }
