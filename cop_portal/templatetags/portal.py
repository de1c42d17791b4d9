"""Template helpers for bilingual content."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

LANGUAGES = ("km", "en")


@register.simple_tag
def translated(obj, field: str):
    """The field in the page's language; where that is empty, the other language's text,
    marked "not yet translated" and with its own lang attribute for screen readers."""
    current = (get_language() or "km")[:2]
    value = getattr(obj, f"{field}_{current}", "") or ""
    if value:
        return value
    for other in LANGUAGES:
        fallback = getattr(obj, f"{field}_{other}", "") or ""
        if other != current and fallback:
            return format_html(
                '<span lang="{}">{}</span> <span class="untranslated">({})</span>',
                other,
                fallback,
                _("not yet translated"),
            )
    return ""
