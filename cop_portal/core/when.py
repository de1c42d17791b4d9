"""Moments as a person reads them: a day in the reader's language and digits, and how long
until a moment comes ("in 3 days"), for what expires."""

import datetime
import math

from django.utils import formats, timezone

from .text import digits


def day_of(moment: datetime.datetime) -> str:
    """The day of `moment` (in the current time zone), as the page's dates are written:
    "12 ខែ មេសា ឆ្នាំ ២០២៦", "12 April 2026"."""
    return digits(formats.date_format(timezone.localtime(moment), "DATE_FORMAT"))


def time_left(moment: datetime.datetime, now: datetime.datetime | None = None):
    """How long until `moment`, as a number and its unit ("minutes", "hours", "days"),
    rounded as a person says it (6 days and 23 hours: 7 days); None once it has passed.
    The caller chooses the sentence, one per unit, so that no sentence is glued together."""
    seconds = (moment - (now or timezone.now())).total_seconds()
    if seconds <= 0:
        return None
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return minutes, "minutes"
    hours = round(seconds / 3600)
    if hours < 24:
        return hours, "hours"
    return round(seconds / 86400), "days"
