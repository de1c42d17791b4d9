from django.db.models import Count, Q, QuerySet

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
