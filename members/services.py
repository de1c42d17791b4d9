import base64
import hashlib
import secrets
from datetime import timedelta
from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from cop_portal.core.mail import cancel_waiting
from cop_portal.core.services import claim_version, model_update

from .models import MembershipEvent, MessengerLink, MessengerLinkToken, Organization, User
from .permissions import can_edit_organization, is_admin

INVITATION_DAYS = 7


def record_event(
    *,
    action: str,
    actor: User | None,
    community=None,
    organization: Organization | None = None,
    person: User | None = None,
    email: str = "",
    details: dict | None = None,
) -> MembershipEvent:
    """One line of the membership log: who changed who is where (or exported what), when."""
    return MembershipEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        community=community,
        organization=organization,
        person=person,
        email=email,
        details=details or {},
    )


def token_digest(token: str) -> str:
    """What is stored of a link's token: its SHA-256, never the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_link_secret() -> str:
    return secrets.token_urlsafe(32)


def invitation_token(link_secret: str) -> str:
    """The token of an invitation's link: a keyed hash (HMAC-SHA256 with SECRET_KEY) of
    its `link_secret`, in base64url. The same secret gives the same link, so that the
    inviter can copy the link the e-mail carried; the database alone opens nothing (it
    holds the secret and the token's digest, not the key). A new SECRET_KEY makes new
    links: the ones already sent stop working, and "Send again" sends working ones."""
    mac = salted_hmac("members.invitation", link_secret, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


@transaction.atomic
def deactivate_person(*, by: User, person: User, where: str = "") -> User:
    """An admin stops a person's access: they are signed out everywhere at once (their
    sessions are deleted), cannot sign in again, and the invitations they sent and that
    are not yet accepted stop working (communities.services.inviter_still_may). What they
    wrote and did stays. Recorded in the membership log, with who did it; `where` says
    from which page ("action" or "form" of the admin)."""
    if not is_admin(by):
        raise PermissionDenied
    if person == by:
        raise ValidationError(_("You cannot deactivate your own account."))
    person.is_active = False
    person.save(update_fields=["is_active"])
    ended = end_sessions(person=person)
    record_event(
        action=MembershipEvent.Action.DEACTIVATED,
        actor=by,
        organization=person.organization,
        person=person,
        email=person.email,
        details={"where": where, "sessions_ended": ended},
    )
    return person


@transaction.atomic
def reactivate_person(*, by: User, person: User, where: str = "") -> User:
    """An admin gives a deactivated person their access back (they sign in again with their
    password); recorded in the membership log, with who did it."""
    if not is_admin(by):
        raise PermissionDenied
    person.is_active = True
    person.save(update_fields=["is_active"])
    record_event(
        action=MembershipEvent.Action.REACTIVATED,
        actor=by,
        organization=person.organization,
        person=person,
        email=person.email,
        details={"where": where},
    )
    return person


def end_sessions(*, person: User) -> int:
    """Delete the person's sessions, wherever they are signed in; how many there were. The
    sessions are in the database (SESSION_ENGINE), each holding the id of its person in its
    encoded data: the unexpired ones are read through once."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    theirs = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if store().decode(session.session_data).get(SESSION_KEY) == str(person.pk)
    ]
    Session.objects.filter(pk__in=theirs).delete()
    return len(theirs)


@transaction.atomic
def renew_calendar_token(*, user: User) -> str:
    """A new secret address for the person's calendar feed; the old one stops working."""
    user.calendar_token = secrets.token_urlsafe(32)
    user.save(update_fields=["calendar_token"])
    return user.calendar_token


@transaction.atomic
def revoke_calendar_token(*, user: User) -> None:
    user.calendar_token = None
    user.save(update_fields=["calendar_token"])


# What a focal point keeps up to date: the profile and the knowledge map.
ORGANIZATION_FIELDS = [
    "description_km",
    "description_en",
    "address",
    "province",
    "website",
    "contact_email",
    "contact_phone",
    "offers",
    "needs",
]


@transaction.atomic
def update_organization(
    *, organization: Organization, by: User, version: int, data: dict
) -> Organization:
    """A focal point (or an admin) changes some of ORGANIZATION_FIELDS (those they
    changed): the organisation's profile and its knowledge map, the topics it offers and
    those it needs, as they were at `version` (Stale if somebody else saved them since). A
    topic is offered or needed, not both. A change of the profile is kept in the
    organisation's history, with who made it."""
    if not can_edit_organization(by, organization):
        raise PermissionDenied
    offers = set(data["offers"] if "offers" in data else organization.offers.all())
    needs = set(data["needs"] if "needs" in data else organization.needs.all())
    if both := offers & needs:
        names = ", ".join(sorted(str(topic) for topic in both))
        raise ValidationError(
            {
                "needs": _(
                    "A topic is either offered or needed, not both. Take it out of one "
                    "list: %(topics)s."
                )
                % {"topics": names}
            }
        )
    claim_version(instance=organization, version=version)
    organization._history_user = by  # simple-history: who made the change, even off a request
    organization, _changed = model_update(
        instance=organization, fields=ORGANIZATION_FIELDS, data=data
    )
    return organization


PREFERENCE_FIELDS = ["full_name", "phone", "preferred_language", "khmer_digits"]


@transaction.atomic
def update_preferences(*, user: User, version: int, data: dict) -> User:
    """A person changes some of their own PREFERENCE_FIELDS (those they changed): name,
    phone, language and digits, as they were at `version` (Stale if they, or an admin,
    saved them since)."""
    claim_version(instance=user, version=version)
    user, _changed = model_update(instance=user, fields=PREFERENCE_FIELDS, data=data)
    return user


@transaction.atomic
def record_sign_in_address(*, by: User, person: User) -> EmailAddress:
    """An admin set the person's sign-in address (in the admin: nobody changes their own).
    allauth's copy follows as their one address, primary and verified (the admin vouches
    for it); any other address of theirs is removed, so that an old one no longer signs in
    or receives a password reset."""
    if not is_admin(by):
        raise PermissionDenied
    EmailAddress.objects.filter(user=person).exclude(email__iexact=person.email).delete()
    address, _created = EmailAddress.objects.update_or_create(
        user=person,
        email__iexact=person.email,
        defaults={"email": person.email, "verified": True, "primary": True},
    )
    return address


# How long the link that connects a messenger works (once).
MESSENGER_LINK_MINUTES = 15


@transaction.atomic
def start_messenger_link(*, person: User, channel: str) -> str:
    """The one-time token of a link that connects `person`'s chat on `channel`, for
    MESSENGER_LINK_MINUTES: URL-safe, 43 characters (Telegram's start parameter takes up to
    64 of A-Z a-z 0-9 _ -). Only its digest is kept; links gone stale are forgotten."""
    now = timezone.now()
    MessengerLinkToken.objects.filter(expires_at__lte=now).delete()
    token = secrets.token_urlsafe(32)
    MessengerLinkToken.objects.create(
        person=person,
        channel=channel,
        token_digest=token_digest(token),
        expires_at=now + timedelta(minutes=MESSENGER_LINK_MINUTES),
    )
    return token


@transaction.atomic
def link_messenger(*, channel: str, token: str, address: str) -> User | None:
    """The chat at `address` sent back a connect link's token: if the token is of this
    channel, unused and within its time, and its person may still sign in, that person's
    chat on the channel is now this one (replacing an older one). The person, or None."""
    now = timezone.now()
    row = (
        MessengerLinkToken.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(
            channel=channel,
            token_digest=token_digest(token),
            used_at__isnull=True,
            expires_at__gt=now,
            person__is_active=True,
        )
        .first()
    )
    if row is None:
        return None
    row.used_at = now
    row.save(update_fields=["used_at"])
    MessengerLink.objects.update_or_create(
        person=row.person, channel=channel, defaults={"address": str(address), "linked_at": now}
    )
    return row.person


@transaction.atomic
def unlink_messenger(*, person: User, channel: str) -> bool:
    """The person disconnects their chat on `channel`: nothing more is sent to it for
    them, not even what was waiting. Whether a chat was connected."""
    links = MessengerLink.objects.filter(person=person, channel=channel)
    addresses = list(links.values_list("address", flat=True))
    links.delete()
    for address in addresses:
        cancel_waiting(channel=channel, address=address, person=person)
    return bool(addresses)


@transaction.atomic
def unlink_address(*, channel: str, address: str) -> list[User]:
    """The chat at `address` asked to stop, or is gone (it blocked the bot): every person
    connected through it is disconnected, and nothing waiting is sent to it. The people."""
    links = MessengerLink.objects.filter(channel=channel, address=str(address))
    people = [link.person for link in links.select_related("person")]
    links.delete()
    cancel_waiting(channel=channel, address=str(address))
    return people
