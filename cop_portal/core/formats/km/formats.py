# Django's own formats for this language lack input formats (date inputs would fall back to
# US order); the portal applies the same formats in both languages.
from cop_portal.core.formats.common import *  # noqa: F403
