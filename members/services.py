import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urljoin

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from communities.models import Community, Guest
from cop_portal.cache import data_changed
from cop_portal.mail import deliver
from cop_portal.text import digits_for

from .models import Invitation, MembershipEvent, Organization, Topic, User
from .permissions import can_edit_organization, invitation_kinds, is_admin, is_focal_point_of
from .selectors import communities_for_inviter, organizations_for_inviter

DEMO_DOMAIN = "example.org"


@dataclass
class DemoAccounts:
    password: str
    emails: list[str] = field(default_factory=list)


def _demo_person(*, email: str, full_name: str, password: str, **roles) -> User:
    user, _created = User.objects.update_or_create(
        email=email, defaults={"full_name": full_name, "is_active": True, **roles}
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    # Demo addresses need no confirmation e-mail before the first sign-in.
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def create_demo_accounts(*, password: str) -> DemoAccounts:
    """Accounts for trying the portal: an admin, one facilitator per community, and per
    organisation a focal point and a member. Running it again resets their password."""
    accounts = DemoAccounts(password=password)

    def person(**kwargs):
        accounts.emails.append(_demo_person(password=password, **kwargs).email)

    person(
        email=f"admin@{DEMO_DOMAIN}",
        full_name="អ្នកគ្រប់គ្រង (Admin)",
        is_staff=True,
        is_superuser=True,
    )
    for community in Community.objects.order_by("pk"):
        email = f"facilitator.{community.slug}@{DEMO_DOMAIN}"
        facilitator = _demo_person(
            email=email,
            full_name=f"អ្នកសម្របសម្រួល {community.name_km}",
            password=password,
            is_facilitator=True,
        )
        community.facilitators.add(facilitator)
        accounts.emails.append(email)
    for organization in Organization.objects.order_by("pk"):
        person(
            email=f"focal.{organization.slug}@{DEMO_DOMAIN}",
            full_name=f"អ្នកទំនាក់ទំនង {organization.name_km}",
            organization=organization,
            is_focal_point=True,
        )
        person(
            email=f"member.{organization.slug}@{DEMO_DOMAIN}",
            full_name=f"សមាជិក {organization.name_km}",
            organization=organization,
        )
    _demo_knowledge_map()
    return accounts


def _demo_knowledge_map() -> None:
    """Two topics offered and two needed by each organisation that has said nothing yet, so
    that the knowledge map shows synergies; the last two topics are never offered (gaps)."""
    topics = list(Topic.objects.order_by("pk"))
    if len(topics) < 6:
        return
    offered = topics[:-2]
    silent = Organization.objects.filter(offers__isnull=True, needs__isnull=True).order_by("pk")
    for index, organization in enumerate(silent):
        offers = [offered[index % len(offered)], offered[(index + 3) % len(offered)]]
        others = [topic for topic in topics if topic not in offers]
        first = (index + 5) % len(others)
        needs = [others[first], others[(first + 1 + index % 3) % len(others)]]
        organization.offers.set(offers)
        organization.needs.set(needs)


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


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


INVITATION_ACTIONS = {
    Invitation.Kind.MEMBER: MembershipEvent.Action.INVITED,
    Invitation.Kind.GUEST: MembershipEvent.Action.GUEST_INVITED,
    Invitation.Kind.FACILITATOR: MembershipEvent.Action.FACILITATOR_INVITED,
}


@transaction.atomic
def invite_person(
    *,
    by: User,
    email: str,
    kind: str,
    organization: Organization | None = None,
    community: Community | None = None,
    language: str = User.Language.KHMER,
    site_url: str,
) -> Invitation:
    """Invite an e-mail address to the portal and send it the link.

    Into an organisation: its focal points (their own) and admins. As a guest of one
    community: its facilitators and admins. As a facilitator (of a community, if one is
    named): admins. Raises PermissionDenied for anyone else, ValidationError for a
    missing choice or an address that already has an account.
    """
    if kind not in invitation_kinds(by):
        raise PermissionDenied
    email = User.objects.normalize_email(email).strip()
    if kind == Invitation.Kind.MEMBER:
        if organization is None:
            raise ValidationError(
                {"organization": _("Choose the organisation this person belongs to.")}
            )
        if organization not in organizations_for_inviter(by):
            raise PermissionDenied
        community = None
    elif kind == Invitation.Kind.GUEST:
        if community is None:
            raise ValidationError({"community": _("Choose the community you invite a guest to.")})
        if community not in communities_for_inviter(by):
            raise PermissionDenied
        organization = None
    else:  # a facilitator, of a community if one is named
        if community is not None and community not in communities_for_inviter(by):
            raise PermissionDenied
        if organization is not None and organization not in organizations_for_inviter(by):
            raise PermissionDenied
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Somebody already has an account with this address.")})

    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email,
        organization=organization,
        community=community,
        as_facilitator=kind == Invitation.Kind.FACILITATOR,
        as_guest=kind == Invitation.Kind.GUEST,
        language=language,
        invited_by=by,
        token_digest=_token_digest(token),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    record_event(
        action=INVITATION_ACTIONS[kind],
        actor=by,
        community=community,
        organization=organization,
        email=email,
    )
    # Whether the e-mail left: None until the commit sends it, then True or False.
    invitation.emailed = None

    def send():
        invitation.emailed = _send_invitation(invitation=invitation, token=token, site_url=site_url)

    transaction.on_commit(send)
    return invitation


def _send_invitation(*, invitation: Invitation, token: str, site_url: str) -> bool:
    """The e-mail names the organisation, and a community only if it is public: the name
    of a members-only community is read on the invitation's page, after the link. Its
    date is in the digits of the invitation's language (the person has chosen none yet),
    whoever sends it."""
    with translation.override(invitation.language), digits_for(None):
        path = reverse("invitation_accept", kwargs={"token": token})
        context = {
            "invitation": invitation,
            "accept_url": urljoin(site_url, path),
            "community_named": invitation.community is not None and invitation.community.is_public,
        }
        subject = render_to_string("members/email/invitation_subject.txt", context).strip()
        message = render_to_string("members/email/invitation_message.txt", context)
    return deliver(subject, message, invitation.email)


def inviter_still_may(invitation: Invitation) -> bool:
    """The invitation holds only while the person who sent it still has the right to: a
    focal point still of that organisation, a facilitator still of that open community,
    an admin still an admin. An invitation made under earlier rules (a facilitator putting
    someone into an organisation) holds no longer."""
    by = invitation.invited_by
    if by is None or not by.is_active:
        return False
    if is_admin(by):
        return True
    if invitation.as_facilitator:
        return False
    if invitation.as_guest:
        community = invitation.community
        return (
            community is not None
            and not community.is_closed
            and by.is_facilitator
            and community.facilitators.filter(pk=by.pk).exists()
        )
    return (
        invitation.organization is not None
        and invitation.organization.is_active
        and is_focal_point_of(by, invitation.organization_id)
    )


def find_pending_invitation(token: str) -> Invitation | None:
    """The invitation this link's token opens, if it is still unused, not expired, and its
    sender still has the right to make it."""
    invitation = (
        Invitation.objects.select_related("organization", "community", "invited_by")
        .filter(token_digest=_token_digest(token))
        .first()
    )
    if invitation is None or not invitation.is_pending or not inviter_still_may(invitation):
        return None
    return invitation


@transaction.atomic
def accept_invitation(
    *, token: str, full_name: str, password: str, preferred_language: str
) -> User:
    """Create the invited person's account; the invitation cannot be used again. A guest
    takes part in the one community they were invited to."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organization", "community", "invited_by")
        .filter(token_digest=_token_digest(token), accepted_at__isnull=True)
        .first()
    )
    if invitation is None or not invitation.is_pending or not inviter_still_may(invitation):
        raise ValidationError(_("This invitation has already been used or has expired."))
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("Somebody already has an account with this address."))
    user = User(
        email=invitation.email,
        full_name=full_name.strip(),
        preferred_language=preferred_language,
        organization=invitation.organization,
        is_facilitator=invitation.as_facilitator,
        is_guest=invitation.as_guest,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if invitation.as_facilitator and invitation.community is not None:
        invitation.community.facilitators.add(user)
    if invitation.as_guest:
        Guest.objects.create(
            community=invitation.community,
            person=user,
            invited_by=invitation.invited_by,
            joined_on=timezone.localdate(),
        )
        data_changed()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    record_event(
        action=MembershipEvent.Action.INVITATION_ACCEPTED,
        actor=user,
        community=invitation.community,
        organization=invitation.organization,
        person=user,
        email=user.email,
        details={"kind": invitation.kind},
    )
    return user


@transaction.atomic
def deactivate_person(*, by: User, person: User) -> User:
    """An admin stops a person's access. Their open sessions end: Django's authentication
    backends refuse an inactive person on the very next request."""
    if not is_admin(by):
        raise PermissionDenied
    if person == by:
        raise ValidationError(_("You cannot deactivate your own account."))
    person.is_active = False
    person.save(update_fields=["is_active"])
    record_event(
        action=MembershipEvent.Action.DEACTIVATED,
        actor=by,
        organization=person.organization,
        person=person,
        email=person.email,
    )
    return person


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


ORGANIZATION_PROFILE = {
    "description_km",
    "description_en",
    "address",
    "website",
    "contact_email",
    "contact_phone",
    "province",
}


@transaction.atomic
def update_organization(*, organization: Organization, by: User, **fields) -> Organization:
    """A focal point (or an admin) updates the organisation's profile and its knowledge map:
    the topics it offers and those it needs. A topic is offered or needed, not both. The
    change is kept in the organisation's history, with who made it."""
    if not can_edit_organization(by, organization):
        raise PermissionDenied
    if fields.keys() - ORGANIZATION_PROFILE - {"offers", "needs"}:
        raise PermissionDenied
    offers = set(fields.pop("offers", organization.offers.all()))
    needs = set(fields.pop("needs", organization.needs.all()))
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
    for name, value in fields.items():
        setattr(organization, name, value)
    organization.full_clean()
    organization._history_user = by  # simple-history: who made the change, even off a request
    organization.save()
    organization.offers.set(offers)
    organization.needs.set(needs)
    data_changed()
    return organization


@transaction.atomic
def update_preferences(*, user: User, **fields) -> User:
    """A person's own name, phone, language and digits."""
    allowed = {"full_name", "phone", "preferred_language", "khmer_digits"}
    for name, value in fields.items():
        if name not in allowed:
            raise PermissionDenied
        setattr(user, name, value)
    user.full_clean()
    user.save(update_fields=list(fields))
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
