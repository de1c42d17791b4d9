from functools import cache

from communities.selectors import unread_in_my_communities

from . import navigation as navigation_links


def _unread_total(user):
    """How much is new for the person across their communities, for the Stream tab: a
    callable, counted where the tab shows it, once (and kept a minute by the selector)."""
    if not user.is_authenticated:
        return 0

    @cache
    def total():
        return sum(unread_in_my_communities(user).values())

    return total


def navigation(request):
    """The tabs and the menu of base.html, the page's section marked (pages/navigation.py)."""
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_tabs": [], "nav_menu": [], "nav_menu_current": False}
    tabs = navigation_links.tabs_for(user, _unread_total(user))
    menu = navigation_links.menu_for(user)
    navigation_links.mark_current(tabs + menu, request.path)
    return {
        "nav_tabs": tabs,
        "nav_menu": menu,
        "nav_menu_current": any(link.current for link in menu),
    }
