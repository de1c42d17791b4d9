"""The activities calendar: a month grid for the page, and an iCal feed."""

import calendar
import datetime
import re

from icalendar import Calendar, Event

from cop_portal.core.text import printable
from cop_portal.core.validators import FIRST_YEAR, LAST_YEAR

from .models import Activity

_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def month_asked(value: str) -> datetime.date | None:
    """The first day of the month a calendar address asks for ("2026-03"), or None if it
    names no month the portal's dates can fall in (FIRST_YEAR to LAST_YEAR)."""
    match = _MONTH.fullmatch(value)
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return datetime.date(year, month, 1)


def month_before(first: datetime.date) -> datetime.date | None:
    """The month before the one starting `first`, if a calendar shows it."""
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    return previous if previous.year >= FIRST_YEAR else None


def month_after(first: datetime.date) -> datetime.date | None:
    """The month after the one starting `first`, if a calendar shows it."""
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return following if following.year <= LAST_YEAR else None


def month_grid(year: int, month: int, activities) -> list[list[dict]]:
    """Weeks (Monday first) of days, each with its activities; days outside the month
    are None."""
    by_day: dict[datetime.date, list[Activity]] = {}
    for activity in activities:
        by_day.setdefault(activity.start_date, []).append(activity)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {"date": day, "activities": by_day.get(day, [])} if day.month == month else None
                for day in week
            ]
        )
    return weeks


def agenda(weeks: list[list[dict]]) -> list[dict]:
    """The days of a month grid (month_grid) that have activities, in order: the calendar
    on a phone, where seven columns do not fit."""
    return [day for week in weeks for day in week if day and day["activities"]]


def ical(activities, *, name: str) -> bytes:
    """The feed of `activities`. Whatever an activity holds (control characters or a date
    far off, stored by the admin or an import), the feed is one calendar programs read:
    texts without control characters (cop_portal.core.text.printable), and no end after
    the last day a date can take."""
    feed = Calendar()
    feed.add("prodid", "-//Voice CoP Portal//activities//KM")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", printable(name))
    for activity in activities:
        event = Event()
        event.add("uid", f"activity-{activity.pk}@voice-cop-portal")
        event.add("summary", printable(activity.title_km or activity.title_en))
        event.add("dtstart", activity.start_date)
        last_day = activity.end_date or activity.start_date
        if last_day < datetime.date.max:  # else no end: an all-day event of one day
            event.add("dtend", last_day + datetime.timedelta(days=1))
        event.add("dtstamp", activity.updated_at)
        if activity.place:
            event.add("location", printable(activity.place))
        if activity.status == Activity.Status.CANCELLED:
            event.add("status", "CANCELLED")
        event.add("description", printable(activity.summary_km or activity.summary_en or ""))
        feed.add_component(event)
    return feed.to_ical()
