"""Template helpers for bilingual content, and numbers and dates in the reader's digits."""

from django import template
from django.forms import BaseForm, BaseFormSet
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cop_portal.core.text import digits as reader_digits
from cop_portal.core.text import relative_time

register = template.Library()


@register.filter(is_safe=True, expects_localtime=True)
def digits(value):
    """A number or a date as the reader reads it (cop_portal.core.text.digits): Khmer digits on
    Khmer pages unless the person chose Latin ones. `{{ count|digits }}`,
    `{{ day|date:"DATE_FORMAT"|digits }}`; in a plural, the count chooses the form and the
    shown number is a second variable, so that the message stays the same:
    `{% blocktranslate count n=total with counter=total|digits %}{{ counter }} ...`.
    Never on what a person typed, nor in an attribute."""
    return reader_digits(value)


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


# A list's filters beyond this many fold away, so that on a phone the list starts on the
# first screen rather than below a screen of drop-downs.
FILTERS_SHOWN = 3


@register.simple_tag
def filter_layout(form, hide=""):
    """The filters of a list: the text search always shown, the others shown when few,
    folded when many (open, with their number, when some are chosen)."""
    fields = [field for field in form.visible_fields() if field.name != hide]
    search = [field for field in fields if field.name == "q"]
    others = [field for field in fields if field.name != "q"]
    if len(others) <= FILTERS_SHOWN:
        return {"shown": search + others, "folded": [], "chosen": 0}
    chosen = sum(1 for field in others if form.is_bound and field.value() not in ("", None, []))
    return {"shown": search, "folded": others, "chosen": chosen}


@register.simple_tag
def person_name(person):
    """A person's name as the portal shows it: a guest is always marked as a guest."""
    if person is None:
        return "—"
    if getattr(person, "is_guest", False):
        return format_html('{} <span class="badge">{}</span>', person.full_name, _("guest"))
    return person.full_name


@register.filter(expects_localtime=False)
def ago(moment):
    """`{{ event.created_at|ago }}`: "3 hours ago", "yesterday", then the date."""
    if not moment:
        return ""
    return relative_time(moment)


# --- Forms that lead to their errors (the GOV.UK pattern) -----------------------------


def _forms_in(value):
    """The forms a context value holds: a form, or a dict or list of them."""
    if isinstance(value, BaseForm):
        yield value
    elif isinstance(value, BaseFormSet):
        yield from value.forms
    elif isinstance(value, dict):
        for item in value.values():
            if isinstance(item, BaseForm):
                yield item
    elif isinstance(value, list | tuple):
        for item in value:
            if isinstance(item, BaseForm):
                yield item


def _refused(form) -> bool:
    """Whether the view checked this form (Django keeps its errors once it has) and
    refused it. A form no view checked is not checked here."""
    return form.is_bound and getattr(form, "_errors", None) is not None and bool(form.errors)


@register.simple_tag(takes_context=True)
def page_refused(context) -> bool:
    """Whether a form on this page was sent and refused: the page's title then starts with
    "Error:" (base.html), so that a screen reader says so first."""
    return any(_refused(form) for value in context.flatten().values() for form in _forms_in(value))


def _field_anchor(bound) -> str:
    """The id a link to this field leads to: its input, or the first of its radios or
    checkboxes (which Django labels by their group, not by one id)."""
    return bound.id_for_label or (f"{bound.auto_id}_0" if bound.auto_id else "")


@register.simple_tag
def error_summary(form) -> list[dict]:
    """The errors of a refused form, as the summary at its top lists them: what is wrong
    with the whole form first, then each field's error in the order of the fields, each
    with the id of its field (`anchor`; empty for the form's own errors and a hidden
    field's)."""
    if not form.errors:
        return []
    items = [{"anchor": "", "text": error} for error in form.non_field_errors()]
    for bound in form:
        anchor = "" if bound.is_hidden else _field_anchor(bound)
        items.extend({"anchor": anchor, "text": error} for error in bound.errors)
    return items


# --- Icons and avatars (one visual language) --------------------------------------------


@register.simple_tag
def icon(name: str, css_class: str = ""):
    """`{% icon "bell" %}`: one icon of the project's sprite (static/icons/sprite.svg,
    Lucide, ISC), drawn in the text's colour and hidden from screen readers: the word
    beside it says what it means."""
    classes = f"icon {css_class}".strip()
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        classes,
        static("icons/sprite.svg"),
        name,
    )


# Words a name of an organisation often starts with, which would give every organisation
# the same initial: "អង្គការ…" (organisation), "សមាគម…" (association), "ក្រុម…" (group).
NAME_PREFIXES_KM = ("អង្គការ", "សមាគម", "ក្រុម", "ក្លឹប")
KHMER_COENG = "\u17d2"
LATIN_SMALL_WORDS = {"of", "for", "the", "and", "de", "du", "la", "le"}


def _first_cluster(word: str) -> str:
    """The first letter of `word` as it is written: a Khmer consonant with its subscript
    (ក្រ), its vowel signs left off; a Latin letter in capitals."""
    if not word:
        return ""
    first = word[0]
    if "\u1780" <= first <= "\u17ff":
        if len(word) >= 3 and word[1] == KHMER_COENG:
            return word[:3]
        return first
    return first.upper()


@register.filter
def initials(organization) -> str:
    """`{{ organization|initials }}`: the letters of its avatar. Its acronym when short
    (RSDOB, CIPL), else the first letters of its first two words (Bophana Center → BC), for
    a Khmer name the first letter after "អង្គការ" and the like (អង្គការមនុស្សចាស់… → ម)."""
    acronym = (getattr(organization, "acronym", "") or "").strip()
    if acronym and len(acronym) <= 5 and " " not in acronym:
        return acronym.upper()
    name = (getattr(organization, "name", "") or str(organization or "")).strip()
    for prefix in NAME_PREFIXES_KM:
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix) :]
            break
    words = [
        word for word in name.replace("-", " ").split() if word.isalnum() or word[:1].isalnum()
    ]
    if not words:
        return "?"
    if "\u1780" <= words[0][0] <= "\u17ff":
        return _first_cluster(words[0])
    significant = [word for word in words if word.lower() not in LATIN_SMALL_WORDS] or words
    return "".join(_first_cluster(word) for word in significant[:2])


AVATAR_HUES = 6  # .avatar-0 … .avatar-5 in site.css


@register.filter
def avatar_hue(organization) -> int:
    """`{{ organization|avatar_hue }}`: which of the avatar colours is this organisation's,
    the same on every page."""
    return (getattr(organization, "pk", None) or 0) % AVATAR_HUES
