from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .text import digits, has_control_characters

# The years a date may fall in: wide enough for any activity, birth or plan, narrow enough
# that a mistyped year (0202, 20266) is caught and that every date has a day before and
# after it (a calendar's previous month, an all-day event's end).
FIRST_YEAR, LAST_YEAR = 1900, 2100


def validate_upload_size(file):
    """Refuse a file larger than UPLOAD_MAX_BYTES (10 MB by default)."""
    limit = settings.UPLOAD_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("This file is %(size)s; files may be at most %(limit)s."),
            code="file_too_large",
            params={
                "size": digits(filesizeformat(file.size)),
                "limit": digits(filesizeformat(limit)),
            },
        )


def validate_text(value):
    """Refuse a text holding a control character (cop_portal.core.text.NOT_XML), as text
    copied from another program may: line breaks have been made line feeds before."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(
            _(
                "This text holds an invisible control character, often copied with it from "
                "another program. Delete the text around it and type it again."
            ),
            code="control_characters",
        )


def validate_year(value):
    """Refuse a date (or a date and time) outside FIRST_YEAR to LAST_YEAR."""
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Give a date between the years %(first)s and %(last)s."),
            code="year_out_of_range",
            params={"first": digits(str(FIRST_YEAR)), "last": digits(str(LAST_YEAR))},
        )
