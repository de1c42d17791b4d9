from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .text import digits


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
