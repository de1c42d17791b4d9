from functools import cache

from communities.selectors import unread_in_my_communities


def unread(request):
    """How much is new for the person across their communities, for the navigation
    (counted where a page shows it, and kept a minute)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_total": 0}

    @cache  # a callable: the template calls it where it shows the count, once
    def total():
        return sum(unread_in_my_communities(user).values())

    return {"unread_total": total}
