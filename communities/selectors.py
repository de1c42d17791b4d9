from django.db.models import Count, Q, QuerySet

from members.permissions import is_admin

from .models import Community


def public_communities() -> QuerySet[Community]:
    """Public communities that are not closed, with how many organisations take part."""
    return (
        Community.objects.filter(visibility=Community.Visibility.PUBLIC)
        .exclude(status=Community.Status.CLOSED)
        .annotate(
            organization_count=Count(
                "participations", filter=Q(participations__left_on__isnull=True)
            )
        )
        .order_by("pk")
    )


def insider_filter(user) -> Q:
    """Communities this person is inside of: their organisation takes part (and has not
    left), or they facilitate it. For a visitor, none."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    inside = Q(facilitators=user)
    if user.organization_id:
        inside |= Q(
            participations__organization_id=user.organization_id,
            participations__left_on__isnull=True,
        )
    return inside


def communities_inside(user) -> QuerySet[Community]:
    """Communities whose every part (activities, ideas, files, figures) this person sees."""
    if is_admin(user):
        return Community.objects.all()
    return Community.objects.filter(
        pk__in=Community.objects.filter(insider_filter(user)).values("pk")
    )


def communities_visible_to(user) -> QuerySet[Community]:
    """Communities this person may know exist: those they are inside of, and the public
    ones (of which outsiders see the summary only). Members-only communities are
    invisible to everyone else, in every list, search, count and report."""
    if is_admin(user):
        return Community.objects.all()
    return Community.objects.filter(
        Q(visibility=Community.Visibility.PUBLIC)
        | Q(pk__in=Community.objects.filter(insider_filter(user)).values("pk"))
    )


def is_inside(user, community: Community) -> bool:
    return communities_inside(user).filter(pk=community.pk).exists()
