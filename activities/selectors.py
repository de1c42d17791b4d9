from django.db.models import QuerySet

from communities.selectors import communities_inside

from .models import Activity


def activities_visible_to(user) -> QuerySet[Activity]:
    """Activities of the communities this person is inside of (every one, for an admin).
    A public community shows outsiders its summary only, never its activities."""
    return Activity.objects.filter(community__in=communities_inside(user))
