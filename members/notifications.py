"""Notifications to people, on the channels of `members.channels` (e-mail, Telegram), as
each person chose: per channel and per kind of news, at once, in the daily or the weekly
digest, or never (`NotificationSetting`; a kind not chosen is the channel's default:
Telegram at once once connected, e-mail in the daily digest).

A notification from a members-only community is discreet: it says only that something new
is waiting, in the reader's language, with an opaque link (`/km/n/<random id>/`) that opens
the page after sign-in, for the reader only. No text, no name, no community, no address
reaches a lock screen or a shared inbox. A public community may send the full text, when
its facilitator chose so (`Community.notifies_discreetly`).

Call `notify` in the transaction that makes the news: each message is kept with it and
leaves once it has committed (cop_portal/core/mail.py), whatever the other server does.

Every digest and notification links to the person's settings and carries a one-click way
to stop that channel's messages of that frequency (`unsubscribe_url`): a signed token of
the person, the channel and the frequency, which needs no sign-in (RFC 8058).
"""

import hashlib
import secrets
from urllib.parse import urljoin

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cop_portal.core.text import digits_for

from .channels import Message, all_channels, get_channel
from .models import Notice, NotificationSetting, User

Kind = NotificationSetting.Kind
When = NotificationSetting.When
# What an unsubscribe link stops: the messages sent at once, or one of the digests.
FREQUENCIES = (When.NOW, When.DAILY, When.WEEKLY)
UNSUBSCRIBE_SALT = "members.notifications.unsubscribe"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def discreet_link(person: User, path: str) -> str:
    """An opaque link (`/km/n/<token>/`) to `path`, for `person` only; kept as a `Notice`."""
    token = secrets.token_urlsafe(16)
    Notice.objects.create(recipient=person, token_digest=_digest(token), path=path)
    return reverse("notice_open", kwargs={"token": token})


_discreet_link = discreet_link


def absolute(path: str) -> str:
    return urljoin(settings.SITE_URL, path)


# --- What each person chose ---------------------------------------------------------------


def _name(channel) -> str:
    return channel if isinstance(channel, str) else channel.name


def chosen_settings(people) -> dict[tuple[int, str, str], str]:
    """What these people chose, in one query: (person id, channel, kind) → when."""
    rows = NotificationSetting.objects.filter(person__in=people).values_list(
        "person_id", "channel", "kind", "when"
    )
    return {(person_id, channel, kind): when for person_id, channel, kind, when in rows}


def when_for(person: User, channel, kind: str, *, chosen: dict | None = None) -> str:
    """How `person` hears of `kind` on `channel` (a channel or its name): what they chose,
    or the channel's default. `chosen`: `chosen_settings` of a group of people, read once."""
    name = _name(channel)
    if chosen is None:
        chosen = chosen_settings([person.pk])
    when = chosen.get((person.pk, name, kind))
    if when is not None:
        return when
    found = channel if not isinstance(channel, str) else get_channel(name)
    return found.default_when if found is not None else When.NEVER


def settings_of(person: User) -> dict[tuple[str, str], str]:
    """(channel, kind) → when, for every channel the site offers and every kind."""
    chosen = chosen_settings([person.pk])
    return {
        (channel.name, kind): when_for(person, channel, kind, chosen=chosen)
        for channel in all_channels()
        for kind in Kind.values
    }


@transaction.atomic
def save_notification_settings(*, person: User, choices: dict[tuple[str, str], str]) -> None:
    """A person sets how they hear of each kind of news on each channel: `choices` maps
    (channel name, kind) to a `When`. Only the site's channels, the known kinds and the
    four choices are taken."""
    offered = {channel.name for channel in all_channels()}
    for (channel, kind), when in choices.items():
        if channel not in offered or kind not in Kind.values or when not in When.values:
            raise ValidationError(_("This choice is not offered."))
    for (channel, kind), when in choices.items():
        NotificationSetting.objects.update_or_create(
            person=person, channel=channel, kind=kind, defaults={"when": when}
        )


@transaction.atomic
def stop_notifications(*, person: User, channel: str, frequency: str) -> list[str]:
    """Whatever `person` heard of on `channel` at `frequency` (at once, daily, weekly),
    they hear of never; the kinds changed. An unsubscribe link does this."""
    chosen = chosen_settings([person.pk])
    stopped = [
        kind for kind in Kind.values if when_for(person, channel, kind, chosen=chosen) == frequency
    ]
    for kind in stopped:
        NotificationSetting.objects.update_or_create(
            person=person, channel=channel, kind=kind, defaults={"when": When.NEVER}
        )
    return stopped


# --- Unsubscribe links -------------------------------------------------------------------


def unsubscribe_token(person: User, channel: str, frequency: str) -> str:
    return signing.dumps([person.pk, channel, frequency], salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(person: User, channel: str, frequency: str) -> str:
    """The one-click link that stops `channel`'s messages of `frequency` for `person`, in
    the active language."""
    token = unsubscribe_token(person, channel, frequency)
    return absolute(reverse("notification_unsubscribe", kwargs={"token": token}))


def read_unsubscribe_token(token: str) -> tuple[User, str, str] | None:
    """The person, channel and frequency an unsubscribe link names; None for a link that
    was not made here (or names nobody any more)."""
    try:
        person_id, channel, frequency = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if frequency not in FREQUENCIES or not isinstance(channel, str):
        return None
    person = User.objects.filter(pk=person_id, is_active=True).first()
    return None if person is None else (person, channel, frequency)


def settings_url() -> str:
    """The notification settings page, in the active language."""
    return absolute(reverse("notification_settings"))


# --- Sending -----------------------------------------------------------------------------


def channels_at_once(person: User, kind: str, *, chosen: dict | None = None) -> list:
    """The channels that reach `person` and on which they hear of `kind` at once."""
    return [
        channel
        for channel in all_channels()
        if channel.reaches(person) and when_for(person, channel, kind, chosen=chosen) == When.NOW
    ]


def notify(
    *,
    person: User,
    url_name: str,
    url_args: tuple = (),
    discreet: bool,
    template: str = "",
    context: dict | None = None,
    kind: str | None = None,
    chosen: dict | None = None,
) -> int:
    """Tell `person` about the page `url_name` (with `url_args`). Discreet: the generic
    message and an opaque link. Otherwise `template`_subject.txt and _message.txt, with
    `context` and the page's `url`. `kind` (a `NotificationSetting.Kind`): on each channel
    on which the person hears of it at once; without one (the answer to something they
    did), by e-mail. The number of messages kept."""
    if not person.is_active:
        return 0
    if kind is None:
        email = get_channel("email")
        channels = [email] if email is not None and email.reaches(person) else []
    else:
        channels = channels_at_once(person, kind, chosen=chosen)
    with translation.override(person.preferred_language), digits_for(person):
        path = reverse(url_name, args=url_args)
        for channel in channels:
            if discreet:
                link, prefix, extra = discreet_link(person, path), "members/email/discreet", {}
            else:
                link, prefix, extra = path, template, context or {}
            stop = unsubscribe_url(person, channel.name, When.NOW) if kind else ""
            values = {
                **extra,
                "person": person,
                "url": absolute(link),
                "settings_url": settings_url() if kind else "",
                "unsubscribe_url": stop,
            }
            subject = " ".join(render_to_string(f"{prefix}_subject.txt", values).split())
            text = render_to_string(f"{prefix}_message.txt", values)
            channel.send(
                person=person,
                message=Message(
                    subject=subject, text=text, url=values["url"], unsubscribe_url=stop
                ),
            )
    return len(channels)


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
