"""Site search: Khmer writes no spaces between words, so every part of a Khmer or English
text matches (substring, both language columns). Only what the person may see."""

from django.db.models import Q

from activities.selectors import activities_visible_to
from communities.selectors import communities_visible_to, inside_ids, resources_visible_to
from cop_portal.core.models import NAMED
from cop_portal.core.text import normalize_query
from members.models import Organization

LIMIT = 20


def _either_language(field: str, query: str) -> Q:
    return Q(**{f"{field}_km__icontains": query}) | Q(**{f"{field}_en__icontains": query})


def search(user, query: str) -> dict:
    query = normalize_query(query)
    if len(query) < 2:
        return {
            "query": query,
            "communities": [],
            "activities": [],
            "organizations": [],
            "resources": [],
        }
    # The ids of the person's communities once, named by each query below.
    inside = inside_ids(user) if user.is_authenticated else []
    communities = (
        communities_visible_to(user, inside_community_ids=inside)
        .filter(_either_language("name", query) | _either_language("domain", query))
        .only(*NAMED)
    )
    activities = (
        activities_visible_to(user, inside_community_ids=inside)
        .filter(_either_language("title", query) | _either_language("summary", query))
        .select_related("community")
        .only(
            "title",
            "title_km",
            "title_en",
            "start_date",
            *(f"community__{column}" for column in NAMED),
        )
        .order_by("-start_date")
    )
    organizations = (
        Organization.objects.filter(is_active=True)
        .filter(_either_language("name", query) | Q(acronym__icontains=query))
        .only(*NAMED)
    )
    if not user.is_authenticated or user.is_guest:
        # Visitors learn only of organisations taking part in public communities, and a
        # guest only of those and of the ones in their community.
        organizations = organizations.filter(
            participations__community__in=communities_visible_to(user)
        ).distinct()
    resources = (
        resources_visible_to(user, inside_community_ids=inside)
        .filter(Q(title__icontains=query) | Q(description__icontains=query))
        .select_related(None)
        .prefetch_related(None)
        .only("title", "file", "url")
    )
    return {
        "query": query,
        "communities": list(communities[:LIMIT]),
        "activities": list(activities[:LIMIT]),
        "organizations": list(organizations[:LIMIT]),
        "resources": list(resources[:LIMIT]),
    }
