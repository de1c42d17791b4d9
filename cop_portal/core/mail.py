"""E-mail that never holds a request: every message the portal sends — invitations,
notifications, allauth's password resets and confirmations, the admins' error reports — is
kept as a `Delivery` in the transaction that wrote it, and sent by a worker (Django's tasks
API, `manage.py db_worker`) once that transaction has committed.

`EMAIL_BACKEND` is `QueuedEmailBackend`; the backend that really talks to the mail server is
`MAIL_TRANSPORT` (from `EMAIL_URL`). A mail server that refuses or does not answer is tried
again after each of `MAIL_RETRY_DELAYS`; then the delivery is marked failed, and an admin
can send it again from the admin ("E-mails"). A message is never sent twice by the portal:
only a waiting delivery is sent, and it is marked sent in the same step.

A messenger's message takes the same way: a `Delivery` of another `channel` ("telegram",
written by `members.channels.telegram` with `queue_delivery`) holds
`{"address": <chat id>, "text": ...}` and is sent by the same job through that channel's
transport, with the same attempts. A transport raises `Refused` for what no new attempt
would change (the delivery fails at once), and `Unreachable` when the address is gone for
good (the person blocked the bot): then the delivery fails, its address is erased, and
those who keep addresses (`on_unreachable`, connected by members) forget it.
"""

import base64
import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from . import telegram
from .models import Delivery

logger = logging.getLogger(__name__)


class QueuedEmailBackend(BaseEmailBackend):
    """Django's e-mail backend interface, writing each message as a delivery for the worker."""

    def send_messages(self, email_messages):
        for message in email_messages:
            queue_message(message=message)
        return len(email_messages)


def _encoded(content) -> str:
    return base64.b64encode(content if isinstance(content, bytes) else content.encode()).decode()


def _serialised(message: EmailMultiAlternatives) -> dict:
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment  # a MIMEBase part is never attached here
        attachments.append([filename, _encoded(content), mimetype])
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "alternatives": [list(alt) for alt in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


def _rebuilt(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(alt) for alt in data["alternatives"]],
    )
    message.content_subtype = data["content_subtype"]
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def queue_message(*, message, person=None) -> Delivery:
    """Keep `message` for the worker; it is handed over when the current transaction
    commits (and not at all if it rolls back, like the change it tells about). `person`:
    the portal's person it is written to, when it is one."""
    recipients = message.recipients()
    with transaction.atomic():
        delivery = Delivery.objects.create(
            person=person,
            recipient=", ".join(recipients)[:254],
            subject=str(message.subject)[:255],
            message=_serialised(message),
        )
        transaction.on_commit(lambda: _hand_over(delivery.pk), robust=True)
    return delivery


def queue_mail(*, subject: str, body: str, to: str) -> Delivery:
    """A plain text e-mail from the portal's address to one person."""
    return queue_message(message=EmailMultiAlternatives(subject=subject, body=body, to=[to]))


def queue_delivery(
    *, channel: str, recipient: str, subject: str, message: dict, person=None
) -> Delivery:
    """Keep a messenger's message (`{"address": ..., "text": ...}`) for the worker, handed
    over when the current transaction commits. `recipient` is what admins see in the list
    of deliveries (the person's name): never the address."""
    if channel not in _TRANSPORTS or channel == "email":
        raise ValueError(f"no transport for the channel {channel!r}")
    with transaction.atomic():
        delivery = Delivery.objects.create(
            channel=channel,
            person=person,
            recipient=recipient[:254],
            subject=str(subject)[:255],
            message=message,
        )
        transaction.on_commit(lambda: _hand_over(delivery.pk), robust=True)
    return delivery


@transaction.atomic
def cancel_waiting(*, channel: str, address: str, person=None) -> int:
    """Nothing more leaves for this address (for this person, if one is named: they
    disconnected their chat): what was still waiting fails, without its text."""
    waiting = Delivery.objects.filter(
        channel=channel, status=Delivery.Status.WAITING, message__address=address
    )
    if person is not None:
        waiting = waiting.filter(person=person)
    return waiting.update(
        status=Delivery.Status.FAILED,
        next_attempt_at=None,
        message={},
        last_error="cancelled: the chat was disconnected",
    )


class Refused(Exception):
    """The message can never be delivered as it is: no new attempt is made."""


class Unreachable(Refused):
    """The address is gone for good (the person blocked the bot, or left the messenger)."""


# Whoever keeps messenger addresses (members' links), told of an address that is gone:
# each is called as listener(channel=..., address=...) in the transaction that marks the
# delivery failed.
_unreachable_listeners: list[Callable[..., None]] = []


def on_unreachable(listener: Callable[..., None]) -> None:
    if listener not in _unreachable_listeners:
        _unreachable_listeners.append(listener)


def _send_email(message: dict) -> None:
    with get_connection(settings.MAIL_TRANSPORT) as connection:
        connection.send_messages([_rebuilt(message)])


def _send_telegram(message: dict) -> None:
    try:
        telegram.send_message(chat_id=message["address"], text=message["text"])
    except telegram.TelegramError as error:
        if error.blocked:
            raise Unreachable(str(error)) from None
        if error.refused:
            raise Refused(str(error)) from None
        raise


# Each channel's transport sends a delivery's message, or raises.
_TRANSPORTS: dict[str, Callable[[dict], None]] = {
    "email": _send_email,
    "telegram": _send_telegram,
}


def _hand_over(delivery_id: int, *, after: timedelta | None = None) -> None:
    job = send_delivery
    if after is not None:
        if not job.get_backend().supports_defer:
            logger.warning("E-mail %s waits to be sent again from the admin", delivery_id)
            return
        job = job.using(run_after=timezone.now() + after)
    job.enqueue(delivery_id=delivery_id)


@transaction.atomic
def send_again(*, deliveries) -> int:
    """An admin sends failed deliveries again (each starts a new round of attempts)."""
    # A delivery whose message was erased (its address was gone) has nothing to send.
    pks = [
        pk
        for pk, message in deliveries.filter(status=Delivery.Status.FAILED).values_list(
            "pk", "message"
        )
        if message
    ]
    Delivery.objects.filter(pk__in=pks).update(
        status=Delivery.Status.WAITING, attempts=0, next_attempt_at=None
    )
    for pk in pks:
        transaction.on_commit(lambda pk=pk: _hand_over(pk), robust=True)
    return len(pks)


@task()
def send_delivery(*, delivery_id: int) -> str:
    """The worker's job: send one waiting delivery through the real mail server (or its
    messenger)."""
    delivery = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.WAITING).first()
    if delivery is None:
        return "nothing to send"
    transport = _TRANSPORTS.get(delivery.channel)
    try:
        if transport is None:
            raise Refused(f"no transport for the channel {delivery.channel!r}")
        transport(delivery.message)
    except Refused as error:
        return _refused(delivery=delivery, error=error)
    except Exception as error:  # a server fails in many ways; each is tried again
        return _failed(delivery=delivery, error=error)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
        next_attempt_at=None,
        last_error="",
        message={},  # the text may hold a sign-in or reset link: not kept once sent
    )
    return "sent"


@transaction.atomic
def _failed(*, delivery: Delivery, error: Exception) -> str:
    attempts = delivery.attempts + 1
    delays = settings.MAIL_RETRY_DELAYS
    fields = {"attempts": attempts, "last_error": f"{type(error).__name__}: {error}"[:300]}
    if attempts <= len(delays):
        after = timedelta(seconds=delays[attempts - 1])
        fields["next_attempt_at"] = timezone.now() + after
        transaction.on_commit(lambda: _hand_over(delivery.pk, after=after), robust=True)
        outcome = "tried again later"
    else:
        fields.update(status=Delivery.Status.FAILED, next_attempt_at=None)
        outcome = "failed"
    Delivery.objects.filter(pk=delivery.pk).update(**fields)
    # The address is in the delivery, for admins; the log names only the delivery.
    logger.warning(
        "Delivery %s (%s) not sent (attempt %s, %s): %s",
        delivery.pk,
        delivery.channel,
        attempts,
        outcome,
        type(error),
    )
    return outcome


@transaction.atomic
def _refused(*, delivery: Delivery, error: Refused) -> str:
    fields = {
        "status": Delivery.Status.FAILED,
        "attempts": delivery.attempts + 1,
        "next_attempt_at": None,
        "last_error": f"{type(error).__name__}: {error}"[:300],
    }
    if isinstance(error, Unreachable):
        fields["message"] = {}  # the address is gone: not kept
        for listener in _unreachable_listeners:
            listener(channel=delivery.channel, address=delivery.message.get("address"))
    Delivery.objects.filter(pk=delivery.pk).update(**fields)
    logger.warning("Delivery %s (%s) refused: %s", delivery.pk, delivery.channel, type(error))
    return "unreachable" if isinstance(error, Unreachable) else "refused"
