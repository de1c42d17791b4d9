import datetime
import decimal
import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import formats, timezone, translation
from django.utils.text import normalize_newlines
from django.utils.translation import gettext, ngettext

# Invisible characters that Khmer typing inserts between words (zero-width space, joiners).
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))

KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")


def normalize_query(text: str) -> str:
    """A search query as the database text is compared: NFC, no invisible characters,
    single spaces."""
    text = unicodedata.normalize("NFC", text or "").translate(INVISIBLE)
    return " ".join(text.split())


# --- What can be kept of a typed text ---------------------------------------------------
# Control characters come in with text copied from other programs: Word's Shift+Enter is a
# vertical tab (U+000B), old documents hold form feeds and NULs. A page shows nothing of
# them, but an .xlsx file (XML) cannot hold them, PostgreSQL refuses NUL, and an iCal feed
# must not carry them. Forms make line breaks line feeds and refuse the rest
# (cop_portal.core.forms.StoredValuesMixin); exports and feeds drop whatever a value stored
# by other means still holds (printable()).

# What XML 1.0 cannot hold: the C0 control characters but tab, line feed and carriage
# return; lone surrogates; the non-characters U+FFFE and U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def typed_text(text: str) -> str:
    """A typed text with its line breaks as line feeds: Windows' CR LF and a lone CR (as
    Django's normalize_newlines), and a vertical tab (Word's Shift+Enter)."""
    return normalize_newlines(text).replace("\v", "\n")


def has_control_characters(text: str) -> bool:
    return NOT_XML.search(text) is not None


def printable(text: str) -> str:
    """A stored text as a file can hold it: a vertical tab becomes a line feed, every other
    character that XML cannot hold is dropped."""
    return NOT_XML.sub("", text.replace("\v", "\n"))


# --- Digits as the reader reads them ----------------------------------------------------
# Numbers and dates are formatted where they are shown, with digits() (in templates, the
# `digits` filter of the `portal` library); a page is never rewritten afterwards, so what
# people typed (names, titles, addresses, e-mail addresses, links, phone numbers) and
# every attribute keep their own digits. Whose choice of digits applies is set like the
# active language: for a request by cop_portal.core.middleware.ReaderDigitsMiddleware, around
# an e-mail by digits_for(recipient).

_reader = ContextVar("digits_reader", default=None)


@contextmanager
def digits_for(person):
    """Within the block, numbers are shown in the digits `person` chose (the `khmer_digits`
    of a User); None, a visitor or a person without an account yet: the default."""
    token = _reader.set(person)
    try:
        yield
    finally:
        _reader.reset(token)


def khmer_digits_shown() -> bool:
    """Whether numbers are shown in Khmer digits now: in Khmer, unless the reader chose
    Latin digits (a reader who could not choose reads Khmer digits)."""
    if not (translation.get_language() or "").startswith("km"):
        return False
    return getattr(_reader.get(), "khmer_digits", True)


def digits(value) -> str:
    """`value` as the reader reads it: a number or a date formatted as Django shows it
    (dates in the current time zone), or a text already formatted (a date through the
    `date` filter, "<5"), in Khmer digits where khmer_digits_shown(). Only for numbers
    and dates, and the text the portal made from them: never for what a person typed."""
    if isinstance(value, datetime.date | datetime.time):
        text = formats.localize(timezone.template_localtime(value))
    elif isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool):
        text = formats.number_format(value)
    else:
        text = str(value)
    return text.translate(KHMER_DIGITS) if khmer_digits_shown() else text


def relative_time(moment: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """How long ago `moment` was, as a person says it ("3 hours ago", "yesterday"), in the
    current language and the reader's digits; past a week, the date itself."""
    now = now or timezone.now()
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 60:
        return gettext("just now")
    minutes, hours = seconds // 60, seconds // 3600
    if hours < 1:
        text = ngettext("%(count)s minute ago", "%(count)s minutes ago", minutes)
        return text % {"count": digits(minutes)}
    if hours < 24:
        text = ngettext("%(count)s hour ago", "%(count)s hours ago", hours)
        return text % {"count": digits(hours)}
    days = (timezone.localdate(now) - timezone.localdate(moment)).days
    if days <= 1:
        return gettext("yesterday")
    if days < 7:
        return ngettext("%(count)s day ago", "%(count)s days ago", days) % {"count": digits(days)}
    return digits(formats.date_format(timezone.localtime(moment), "DATE_FORMAT"))
