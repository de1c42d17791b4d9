from functools import cache

from communities.selectors import unread_in_my_communities

from . import navigation as navigation_links


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


def navigation(request):
    """The tabs and the menu of base.html, the page's section marked (pages/navigation.py)."""
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_tabs": [], "nav_menu": [], "nav_menu_current": False}
    tabs = navigation_links.tabs_for(user, unread(request)["unread_total"])
    menu = navigation_links.menu_for(user)
    navigation_links.mark_current(tabs + menu, request.path)
    return {
        "nav_tabs": tabs,
        "nav_menu": menu,
        "nav_menu_current": any(link.current for link in menu),
    }
