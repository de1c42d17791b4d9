"""The activities calendar: a month grid for the page, and an iCal feed."""

import calendar
import datetime

from icalendar import Calendar, Event

from .models import Activity


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


def ical(activities, *, name: str) -> bytes:
    feed = Calendar()
    feed.add("prodid", "-//Voice CoP Portal//activities//KM")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", name)
    for activity in activities:
        event = Event()
        event.add("uid", f"activity-{activity.pk}@voice-cop-portal")
        event.add("summary", activity.title_km or activity.title_en)
        event.add("dtstart", activity.start_date)
        event.add("dtend", (activity.end_date or activity.start_date) + datetime.timedelta(days=1))
        event.add("dtstamp", activity.updated_at)
        if activity.place:
            event.add("location", activity.place)
        if activity.status == Activity.Status.CANCELLED:
            event.add("status", "CANCELLED")
        event.add("description", activity.summary_km or activity.summary_en or "")
        feed.add_component(event)
    return feed.to_ical()
