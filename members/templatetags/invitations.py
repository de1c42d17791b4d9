"""How an invitation's expiry is said on the invitations page."""

from django import template
from django.utils.translation import gettext, ngettext

from cop_portal.core.text import digits
from cop_portal.core.when import day_of, time_left

register = template.Library()


@register.simple_tag
def expiry(invitation, now=None):
    """When the invitation's link stops working, relative and dated, in the reader's
    language and digits: "Expires in 3 days (12 April 2026)", or "Expired on ..."."""
    day = day_of(invitation.expires_at)
    left = time_left(invitation.expires_at, now)
    if left is None:
        return gettext("Expired on %(date)s") % {"date": day}
    count, unit = left
    if unit == "minutes":
        text = ngettext(
            "Expires in %(count)s minute (%(date)s)",
            "Expires in %(count)s minutes (%(date)s)",
            count,
        )
    elif unit == "hours":
        text = ngettext(
            "Expires in %(count)s hour (%(date)s)",
            "Expires in %(count)s hours (%(date)s)",
            count,
        )
    else:
        text = ngettext(
            "Expires in %(count)s day (%(date)s)",
            "Expires in %(count)s days (%(date)s)",
            count,
        )
    return text % {"count": digits(count), "date": day}
