"""Notifications to people: by e-mail for now; another channel is one more function here.

A notification from a members-only community is discreet: it says only that something new
is waiting, in the reader's language, with an opaque link (`/km/n/<random id>/`) that opens
the page after sign-in, for the reader only. No text, no name, no community, no address
reaches a lock screen or a shared inbox. A public community may send the full text, when
its facilitator chose so (`Community.notifies_discreetly`).

Call `notify` in the transaction that makes the news: the e-mail is kept with it and leaves
once it has committed (cop_portal/core/mail.py), whatever the mail server does.
"""

import hashlib
import secrets
from urllib.parse import urljoin

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cop_portal.core.mail import queue_mail
from cop_portal.core.text import digits_for

from .models import Notice, User


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _discreet_link(person: User, path: str) -> str:
    token = secrets.token_urlsafe(16)
    Notice.objects.create(recipient=person, token_digest=_digest(token), path=path)
    return reverse("notice_open", kwargs={"token": token})


def notify(
    *,
    person: User,
    url_name: str,
    url_args: tuple = (),
    discreet: bool,
    template: str = "",
    context: dict | None = None,
) -> None:
    """Tell `person` about the page `url_name` (with `url_args`). Discreet: the generic
    message and an opaque link. Otherwise `template`_subject.txt and _message.txt, with
    `context` and the page's `url`."""
    if not person.is_active:
        return
    with translation.override(person.preferred_language), digits_for(person):
        path = reverse(url_name, args=url_args)
        if discreet:
            link, prefix, context = _discreet_link(person, path), "members/email/discreet", {}
        else:
            link, prefix = path, template
        context = {**(context or {}), "person": person, "url": urljoin(settings.SITE_URL, link)}
        subject = render_to_string(f"{prefix}_subject.txt", context).strip()
        message = render_to_string(f"{prefix}_message.txt", context)
    queue_mail(subject=subject, body=message, to=person.email)


def find_notice(*, person: User, token: str) -> Notice | None:
    """The notice this link opens, if it was sent to this person (to anyone else: None)."""
    return Notice.objects.filter(recipient=person, token_digest=_digest(token)).first()


@transaction.atomic
def open_notice(*, notice: Notice) -> str:
    """Mark the notice opened; the path of the page it leads to."""
    if notice.opened_at is None:
        notice.opened_at = timezone.now()
        notice.save(update_fields=["opened_at"])
    return notice.path
