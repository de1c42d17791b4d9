"""The portal's navigation, decided once per page: the tabs (a bar at the bottom of a
phone, the top bar on a desktop), the menu that holds everything else, and which of them
is the page's section (`aria-current="page"`).

The links and who sees them are those the header always had: guests see no resource
library, organisations or knowledge map; reports for admins and facilitators;
invitations for them and focal points; the administration for admins."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.permissions import can_log_activity


@dataclass
class Link:
    name: str  # the URL's name, also a stable handle for tests and CSS
    url: str
    label: str
    icon: str
    # Where else the section is: addresses under these belong to it too.
    under: tuple[str, ...] = ()
    current: bool = False
    badge: object = None  # the unread count (a callable, read where it is shown)


def _link(name, label, icon, *, under=(), badge=None) -> Link:
    return Link(
        name=name,
        url=reverse(name),
        label=label,
        icon=icon,
        under=tuple(reverse(other) for other in under),
        badge=badge,
    )


def tabs_for(user, unread_total=None) -> list[Link]:
    """The four or five places a person goes to most, each with an icon and a short label."""
    if not user.is_authenticated:
        return [
            _link("community_directory", pgettext_lazy("tab", "Communities"), "users"),
            _link("search", pgettext_lazy("tab", "Search"), "search"),
            _link("account_login", pgettext_lazy("tab", "Sign in"), "log-in"),
        ]
    tabs = [
        # Translators: the tab of the person's stream (what is new in their communities).
        _link("dashboard", pgettext_lazy("tab", "Stream"), "newspaper", badge=unread_total),
        _link("community_directory", pgettext_lazy("tab", "Communities"), "users"),
    ]
    if can_log_activity(user):
        # Translators: the tab that opens the form to log (record) an activity; short.
        tabs.append(_link("activity_create", pgettext_lazy("tab", "Log"), "circle-plus"))
    tabs += [
        _link("notification_settings", pgettext_lazy("tab", "Notifications"), "bell"),
        # Translators: the tab of the person's own account and preferences; short.
        _link("preferences", pgettext_lazy("tab", "Me"), "user", under=("account_root",)),
    ]
    return tabs


def menu_for(user) -> list[Link]:
    """Everything else, in the menu (a <details> that opens without JavaScript). Sign-out
    is not a link: base.html puts it last, apart."""
    if not user.is_authenticated:
        return []
    links = [
        _link("search", _("Search"), "search"),
        _link("activity_list", _("Activities"), "calendar-days"),
    ]
    if not user.is_guest:
        links += [
            _link("library", _("Resource library"), "library"),
            _link("organization_list", _("Organisations"), "building-2"),
            _link("knowledge_map", _("Knowledge map"), "map"),
        ]
    if user.is_staff or user.is_facilitator:
        links.append(_link("programme_report", _("Reports"), "chart-column"))
    if user.is_staff or user.is_facilitator or user.is_focal_point:
        links.append(_link("invitation_list", _("Invitations"), "mail"))
    if user.is_staff:
        links.append(_link("admin:index", _("Administration"), "settings"))
    return links


def mark_current(links: list[Link], path: str) -> None:
    """The link whose address is the longest beginning of `path` is the page's section:
    /km/activities/new/ is "Log", /km/activities/3/ is "Activities", a community's pages
    are "Communities"."""
    best, best_length = None, 0
    for link in links:
        for prefix in (link.url, *link.under):
            if path.startswith(prefix) and len(prefix) > best_length:
                best, best_length = link, len(prefix)
    if best is not None:
        best.current = True
