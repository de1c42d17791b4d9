from datetime import date, timedelta
from urllib.parse import urljoin

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cop_portal.core import romanise
from cop_portal.core.mail import queue_mail
from cop_portal.core.models import Mode
from cop_portal.core.services import claim_version, model_update
from cop_portal.core.text import digits_for
from cop_portal.core.uploads import check_upload, rows_with_files
from members.models import Invitation, MembershipEvent, NotificationSetting, Organization, User
from members.notifications import notify
from members.permissions import can_invite, invitation_kinds, is_admin, is_focal_point_of
from members.selectors import organizations_for_inviter
from members.services import (
    INVITATION_DAYS,
    invitation_token,
    new_link_secret,
    record_event,
    token_digest,
)

from . import stream
from .models import (
    Community,
    Discussion,
    Follow,
    Guest,
    Idea,
    IdeaComment,
    Objective,
    Participation,
    Post,
    Proposal,
    Resource,
    StreamEvent,
    Visit,
)
from .permissions import can_create_community, can_facilitate
from .selectors import (
    UNREAD_KEPT,
    co_facilitator_choices,
    communities_for_inviter,
    is_inside,
    last_removal,
    unread_key,
)


def unique_slug(*names: str) -> str:
    """A readable ASCII address from the first name that has Latin letters, else the
    Khmer name romanised (cop_portal/core/romanise.py): ក្រុមស្រី → "kromsrei". Numbered
    (-2, -3) only when the address is taken; "community" when no name gives a letter."""
    return romanise.unique_slug(Community, *names, fallback="community")


@transaction.atomic
def create_community(
    *,
    by,
    target_group: str,
    name_km: str | None = "",
    name_en: str | None = "",
    domain_km: str | None = "",
    domain_en: str | None = "",
    practice_km: str | None = "",
    practice_en: str | None = "",
    goal_km: str | None = "",
    goal_en: str | None = "",
    charter_km: str | None = "",
    charter_en: str | None = "",
    status: str = Community.Status.FORMING,
    visibility: str = Community.Visibility.MEMBERS,
    full_notifications: bool = False,
    start_date: date | None = None,
    planned_end_date: date | None = None,
    mode: str = Mode.HYBRID,
    meeting_cadence: str = Community.Cadence.MONTHLY,
) -> Community:
    """A facilitator (or an admin) creates a community; they become its facilitator."""
    if not can_create_community(by):
        raise PermissionDenied
    community = Community(
        created_by=by,
        slug=unique_slug(name_en or "", name_km or ""),
        target_group=target_group,
        name_km=name_km,
        name_en=name_en,
        domain_km=domain_km,
        domain_en=domain_en,
        practice_km=practice_km,
        practice_en=practice_en,
        goal_km=goal_km,
        goal_en=goal_en,
        charter_km=charter_km,
        charter_en=charter_en,
        status=status,
        visibility=visibility,
        # Members-only: discreet, always.
        full_notifications=full_notifications and visibility == Community.Visibility.PUBLIC,
        start_date=start_date,
        planned_end_date=planned_end_date,
        mode=mode,
        meeting_cadence=meeting_cadence,
    )
    community.full_clean()
    community.save()
    if not is_admin(by) or by.is_facilitator:
        community.facilitators.add(by)
    return community


# What the community's form changes (closing has its own service, with the closing report).
COMMUNITY_FIELDS = [
    *(
        f"{field}_{language}"
        for field in ("name", "domain", "practice", "goal", "charter")
        for language in ("km", "en")
    ),
    "target_group",
    "status",
    "visibility",
    "full_notifications",
    "start_date",
    "planned_end_date",
    "mode",
    "meeting_cadence",
]


@transaction.atomic
def update_community(*, by, community: Community, version: int, data: dict) -> Community:
    """A facilitator changes some of COMMUNITY_FIELDS (those they changed) of the
    community as it was at `version` (Stale if somebody else saved it since); a
    members-only community never sends full notifications."""
    _require_facilitator(by, community)
    if data.get("status") == Community.Status.CLOSED:
        raise ValidationError(_("A community is closed with its closing report."))
    claim_version(instance=community, version=version)
    if data.get("visibility", community.visibility) != Community.Visibility.PUBLIC:
        data = {**data, "full_notifications": False}  # members-only: discreet, always
    community, _changed = model_update(instance=community, fields=COMMUNITY_FIELDS, data=data)
    return community


def _require_facilitator(by, community: Community) -> None:
    if not can_facilitate(by, community):
        raise PermissionDenied
    if community.status == Community.Status.CLOSED:
        raise ValidationError(_("This community is closed: it can no longer be changed."))


def _record(action, *, by, community, organization=None, person=None, email="", details=None):
    record_event(
        action=action,
        actor=by,
        community=community,
        organization=organization,
        person=person,
        email=email,
        details=details,
    )


def _focal_points(organization: Organization):
    return organization.people.filter(is_active=True, is_focal_point=True)


def _tell(
    people,
    *,
    community: Community,
    url_name: str,
    url_args: tuple,
    template: str,
    context,
    kind: str | None = None,
):
    """Tell each person (discreetly, for a community that notifies so: always for a
    members-only one): of news of `kind`, as each chose (at once on some channels, in a
    digest, never); without a kind, by e-mail. The messages leave once the change is
    committed."""
    for person in people:
        notify(
            person=person,
            url_name=url_name,
            url_args=url_args,
            discreet=community.notifies_discreetly,
            template=template,
            context=context,
            kind=kind,
        )


@transaction.atomic
def propose_organization(
    *, by, community: Community, organization: Organization, role: str = "member"
) -> Proposal:
    """A facilitator proposes that an organisation take part. Nothing is shared until one
    of its focal points accepts; they are told now. The facilitator sees nothing of the
    organisation beyond its public profile meanwhile."""
    _require_facilitator(by, community)
    if not organization.is_active:
        raise ValidationError({"organization": _("This organisation is not active.")})
    if community.participations.filter(organization=organization, left_on__isnull=True).exists():
        raise ValidationError(
            {"organization": _("This organisation already takes part in the community.")}
        )
    if community.proposals.filter(
        organization=organization, status=Proposal.Status.PENDING
    ).exists():
        raise ValidationError(
            {"organization": _("This organisation has been asked already; its answer is awaited.")}
        )
    proposal = Proposal(community=community, organization=organization, role=role, proposed_by=by)
    proposal.full_clean()
    proposal.save()
    _record(MembershipEvent.Action.PROPOSED, by=by, community=community, organization=organization)
    _tell(
        _focal_points(organization),
        community=community,
        url_name="organization_communities",
        url_args=(organization.slug,),
        template="communities/email/proposal",
        context={"community": community, "organization": organization, "by": by},
        kind=NotificationSetting.Kind.INVITED,
    )
    proposal.focal_point_count = _focal_points(organization).count()
    return proposal


def _require_answerer(by, proposal: Proposal) -> None:
    """One of the organisation's focal points, or an admin, answers a pending proposal."""
    if not (is_admin(by) or is_focal_point_of(by, proposal.organization_id)):
        raise PermissionDenied
    if not proposal.is_pending:
        raise ValidationError(_("This proposal has already been answered."))
    if proposal.community.is_closed:
        raise ValidationError(_("This community is closed: it can no longer be changed."))


def _take_part(*, by, community, organization, role, joined_on=None) -> Participation:
    participation, created = Participation.objects.get_or_create(
        community=community, organization=organization, defaults={"role": role}
    )
    if participation.left_on is None and not created:
        raise ValidationError(
            {"organization": _("This organisation already takes part in the community.")}
        )
    participation.role = role
    participation.joined_on = joined_on or timezone.localdate()
    participation.left_on = None
    participation.accepted_by = by
    participation.accepted_at = timezone.now()
    participation.full_clean()
    participation.save()
    stream.publish(
        community=community,
        kind=StreamEvent.Kind.ORGANIZATION_JOINED,
        actor=by,
        organization=organization,
        subject_id=organization.pk,
        title=organization.name,
    )
    return participation


@transaction.atomic
def accept_proposal(*, by, proposal: Proposal) -> Participation:
    """A focal point accepts: from now on the organisation's people are inside."""
    _require_answerer(by, proposal)
    participation = _take_part(
        by=by,
        community=proposal.community,
        organization=proposal.organization,
        role=proposal.role,
    )
    _decide(by=by, proposal=proposal, status=Proposal.Status.ACCEPTED)
    return participation


@transaction.atomic
def decline_proposal(*, by, proposal: Proposal) -> Proposal:
    """A focal point declines: nothing is shared, and the facilitator is told."""
    _require_answerer(by, proposal)
    return _decide(by=by, proposal=proposal, status=Proposal.Status.DECLINED)


def _decide(*, by, proposal: Proposal, status: str) -> Proposal:
    proposal.status = status
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    action = {
        Proposal.Status.ACCEPTED: MembershipEvent.Action.ACCEPTED,
        Proposal.Status.DECLINED: MembershipEvent.Action.DECLINED,
    }[status]
    _record(action, by=by, community=proposal.community, organization=proposal.organization)
    if proposal.proposed_by is not None:
        _tell(
            [proposal.proposed_by],
            community=proposal.community,
            url_name="community_members",
            url_args=(proposal.community.slug,),
            template="communities/email/proposal_answered",
            context={"proposal": proposal, "community": proposal.community},
        )
    return proposal


@transaction.atomic
def withdraw_proposal(*, by, proposal: Proposal) -> Proposal:
    """The facilitator takes a proposal back before it is answered."""
    _require_facilitator(by, proposal.community)
    if not proposal.is_pending:
        raise ValidationError(_("This proposal has already been answered."))
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    _record(
        MembershipEvent.Action.WITHDRAWN,
        by=by,
        community=proposal.community,
        organization=proposal.organization,
    )
    return proposal


@transaction.atomic
def add_organization(
    *, by, community: Community, organization: Organization, role: str, joined_on=None
) -> Participation:
    """An admin adds an organisation (again, if it had left) without asking it first."""
    if not is_admin(by):
        raise PermissionDenied
    _require_facilitator(by, community)
    participation = _take_part(
        by=by, community=community, organization=organization, role=role, joined_on=joined_on
    )
    community.proposals.filter(organization=organization, status=Proposal.Status.PENDING).update(
        status=Proposal.Status.WITHDRAWN, decided_by=by, decided_at=timezone.now()
    )
    _record(MembershipEvent.Action.ADDED, by=by, community=community, organization=organization)
    return participation


def _leave(*, participation: Participation, left_on) -> Participation:
    participation.left_on = left_on or timezone.localdate()
    if participation.joined_on and participation.left_on < participation.joined_on:
        raise ValidationError(
            {"left_on": _("An organisation cannot leave before the day it joined.")}
        )
    participation.full_clean()
    participation.save(update_fields=["left_on", "updated_at"])
    return participation


@transaction.atomic
def remove_organization(*, by, participation: Participation, left_on=None) -> Participation:
    """The facilitator takes the organisation out; its people lose access at once. Its
    history in the community is kept."""
    _require_facilitator(by, participation.community)
    _leave(participation=participation, left_on=left_on)
    _record(
        MembershipEvent.Action.REMOVED,
        by=by,
        community=participation.community,
        organization=participation.organization,
    )
    return participation


@transaction.atomic
def leave_community(*, by, participation: Participation) -> Participation:
    """A focal point takes their organisation out of a community, today; its people lose
    access at once."""
    if not (is_admin(by) or is_focal_point_of(by, participation.organization_id)):
        raise PermissionDenied
    if participation.left_on is not None:
        raise ValidationError(_("This organisation no longer takes part in the community."))
    _leave(participation=participation, left_on=None)
    _record(
        MembershipEvent.Action.LEFT,
        by=by,
        community=participation.community,
        organization=participation.organization,
    )
    return participation


@transaction.atomic
def remove_guest(*, by, guest: Guest) -> Guest:
    """The facilitator ends a guest's part in the community: their access ends at once."""
    _require_facilitator(by, guest.community)
    if guest.left_on is not None:
        raise ValidationError(_("This guest has already left the community."))
    guest.left_on = timezone.localdate()
    guest.save(update_fields=["left_on", "updated_at"])
    _record(
        MembershipEvent.Action.GUEST_REMOVED,
        by=by,
        community=guest.community,
        person=guest.person,
        email=guest.person.email,
    )
    return guest


@transaction.atomic
def undo_removal(*, by, community: Community) -> MembershipEvent:
    """The facilitator takes back the removal they have just made: the organisation (or
    the guest) takes part again as before, by the consent it had given. The log keeps both
    lines."""
    _require_facilitator(by, community)
    event = last_removal(by=by, community=community)
    if event is None:
        raise ValidationError(_("This removal can no longer be undone."))
    if event.action == MembershipEvent.Action.REMOVED:
        back = community.participations.get(organization=event.organization_id)
    else:
        back = community.guests.get(person=event.person_id)
    back.left_on = None
    back.save(update_fields=["left_on", "updated_at"])
    _record(
        MembershipEvent.Action.REMOVAL_UNDONE,
        by=by,
        community=community,
        organization=event.organization,
        person=event.person,
        email=event.email,
    )
    return event


@transaction.atomic
def add_facilitator(*, by, community: Community, person: User) -> None:
    """A co-facilitator: an active facilitator (made by an admin) who is inside the
    community already, or anyone an admin chooses."""
    _require_facilitator(by, community)
    if not co_facilitator_choices(by, community).filter(pk=person.pk).exists():
        raise ValidationError(
            {
                "person": _(
                    "Only an active facilitator of an organisation taking part can "
                    "co-facilitate. An admin can add others."
                )
            }
        )
    community.facilitators.add(person)
    _record(MembershipEvent.Action.FACILITATOR_ADDED, by=by, community=community, person=person)


@transaction.atomic
def remove_facilitator(*, by, community: Community, person: User) -> None:
    _require_facilitator(by, community)
    if community.facilitators.exclude(pk=person.pk).count() == 0:
        raise ValidationError(_("A community keeps at least one facilitator."))
    community.facilitators.remove(person)
    _record(MembershipEvent.Action.FACILITATOR_REMOVED, by=by, community=community, person=person)


@transaction.atomic
def add_objective(
    *,
    by,
    community: Community,
    title_km: str | None = "",
    title_en: str | None = "",
    description_km: str | None = "",
    description_en: str | None = "",
    target_date: date | None = None,
    progress: int = 0,
    achieved: bool = False,
) -> Objective:
    """A new objective of the community. Achieved already, it is dated today and its
    progress is 100."""
    _require_facilitator(by, community)
    objective = Objective(
        community=community,
        title_km=title_km,
        title_en=title_en,
        description_km=description_km,
        description_en=description_en,
        target_date=target_date,
        progress=100 if achieved else progress,
        achieved_on=timezone.localdate() if achieved else None,
    )
    objective.full_clean()
    objective.save()
    if achieved:
        _objective_reached(by=by, objective=objective)
    return objective


def _objective_reached(*, by, objective: Objective) -> None:
    stream.publish(
        community=objective.community,
        kind=StreamEvent.Kind.OBJECTIVE_REACHED,
        actor=by,
        subject_id=objective.pk,
        title=stream.translated_title(objective),
    )


OBJECTIVE_FIELDS = [
    "title_km",
    "title_en",
    "description_km",
    "description_en",
    "target_date",
    "progress",
]


@transaction.atomic
def update_objective(
    *, by, objective: Objective, version: int, achieved: bool | None = None, data: dict
) -> Objective:
    """Change some of OBJECTIVE_FIELDS (those the facilitator changed) of the objective as
    it was at `version` (Stale if somebody else saved it since). Marking it achieved dates
    it and sets its progress to 100; unmarking clears the date; `achieved` None leaves it
    as it is."""
    _require_facilitator(by, objective.community)
    claim_version(instance=objective, version=version)
    was_achieved = objective.achieved_on is not None
    if achieved is None:
        achieved = was_achieved
    if achieved:
        data = {**data, "achieved_on": objective.achieved_on or timezone.localdate()}
        data["progress"] = 100
    else:
        data = {**data, "achieved_on": None}
    objective, _changed = model_update(
        instance=objective, fields=[*OBJECTIVE_FIELDS, "achieved_on"], data=data
    )
    if achieved and not was_achieved:
        _objective_reached(by=by, objective=objective)
    elif not achieved and was_achieved:
        stream.withdraw(kinds=[StreamEvent.Kind.OBJECTIVE_REACHED], subject_id=objective.pk)
    else:
        stream.retitle(
            kinds=[StreamEvent.Kind.OBJECTIVE_REACHED],
            subject_id=objective.pk,
            title=stream.translated_title(objective),
        )
    return objective


CLOSING_FIELDS = ["closing_summary_km", "closing_summary_en", "lessons_km", "lessons_en"]


@transaction.atomic
def close_community(
    *,
    by,
    community: Community,
    closing_summary_km: str | None = "",
    closing_summary_en: str | None = "",
    lessons_km: str | None = "",
    lessons_en: str | None = "",
) -> Community:
    """The goal is achieved (or the time is over): the community closes with a summary
    and its lessons learned, and becomes read-only. Its members still see it."""
    _require_facilitator(by, community)
    if not any((summary or "").strip() for summary in (closing_summary_km, closing_summary_en)):
        raise ValidationError(
            {"closing_summary_km": _("Write the closing summary, in Khmer or in English.")}
        )
    model_update(
        instance=community,
        fields=[*CLOSING_FIELDS, "status"],
        data={
            "closing_summary_km": closing_summary_km,
            "closing_summary_en": closing_summary_en,
            "lessons_km": lessons_km,
            "lessons_en": lessons_en,
            "status": Community.Status.CLOSED,
        },
    )
    # Guests take part in an open community only: they leave when it closes.
    for guest in community.guests.filter(left_on__isnull=True).select_related("person"):
        guest.left_on = timezone.localdate()
        guest.save(update_fields=["left_on", "updated_at"])
        _record(
            MembershipEvent.Action.GUEST_REMOVED,
            by=by,
            community=community,
            person=guest.person,
            email=guest.person.email,
            details={"reason": "closed"},
        )
    return community


def _require_inside(by, community: Community) -> None:
    if not is_inside(by, community):
        raise PermissionDenied
    if community.is_closed:
        raise ValidationError(_("This community is closed: it can no longer be changed."))


@transaction.atomic
def propose_idea(*, by, community: Community, title: str, text: str = "") -> Idea:
    """Anyone inside the community proposes an idea for a joint activity."""
    _require_inside(by, community)
    idea = Idea(community=community, proposed_by=by, title=title.strip(), text=text.strip())
    idea.full_clean()
    idea.save()
    stream.publish(
        community=community,
        kind=StreamEvent.Kind.IDEA_PROPOSED,
        actor=by,
        subject_id=idea.pk,
        title=idea.title,
    )
    return idea


@transaction.atomic
def comment_on_idea(*, by, idea: Idea, text: str) -> IdeaComment:
    _require_inside(by, idea.community)
    comment = IdeaComment(idea=idea, author=by, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment


def require_open_idea(by, idea: Idea) -> None:
    _require_facilitator(by, idea.community)
    if idea.status != Idea.Status.OPEN:
        raise ValidationError(_("This idea has already been decided."))


@transaction.atomic
def drop_idea(*, by, idea: Idea, reason: str) -> Idea:
    require_open_idea(by, idea)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the idea is dropped.")})
    idea.status = Idea.Status.DROPPED
    idea.drop_reason = reason.strip()
    idea.save(update_fields=["status", "drop_reason", "updated_at"])
    return idea


POST_EDIT_WINDOW = timedelta(minutes=30)


@transaction.atomic
def start_discussion(*, by, community: Community, title: str, text: str) -> Discussion:
    _require_inside(by, community)
    discussion = Discussion(community=community, title=title.strip(), started_by=by)
    discussion.full_clean()
    discussion.save()
    post = _add_post(by=by, discussion=discussion, text=text)
    stream.publish(
        community=community,
        kind=StreamEvent.Kind.DISCUSSION_STARTED,
        actor=by,
        subject_id=discussion.pk,
        detail_id=post.pk,
        title=discussion.title,
    )
    return discussion


@transaction.atomic
def reply(*, by, discussion: Discussion, text: str) -> Post:
    _require_inside(by, discussion.community)
    post = _add_post(by=by, discussion=discussion, text=text)
    stream.publish(
        community=discussion.community,
        kind=StreamEvent.Kind.DISCUSSION_ANSWERED,
        actor=by,
        subject_id=discussion.pk,
        detail_id=post.pk,
        title=discussion.title,
    )
    return post


def _add_post(*, by, discussion: Discussion, text: str) -> Post:
    post = Post(discussion=discussion, author=by, text=text.strip())
    post.full_clean()
    post.save()
    discussion.save(update_fields=["updated_at"])
    follow(person=by, discussion=discussion)
    return post


@transaction.atomic
def follow(*, person, discussion: Discussion) -> Follow:
    """`person` hears of the discussion's replies (starting or replying follows it)."""
    following, _created = Follow.objects.update_or_create(
        discussion=discussion, person=person, defaults={"following": True}
    )
    return following


@transaction.atomic
def unfollow(*, person, discussion: Discussion) -> None:
    """`person` no longer hears of the discussion's replies, until they write in it."""
    Follow.objects.update_or_create(
        discussion=discussion, person=person, defaults={"following": False}
    )


def can_edit_post(user, post: Post) -> bool:
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and timezone.now() - post.created_at <= POST_EDIT_WINDOW
    )


@transaction.atomic
def edit_post(*, by, post: Post, version: int, text: str | None = None) -> Post:
    """A person corrects their own post, within 30 minutes of writing it, as it was at
    `version` (Stale if they saved it since from another page); `text` None leaves it."""
    _require_inside(by, post.discussion.community)
    if not can_edit_post(by, post):
        raise PermissionDenied
    claim_version(instance=post, version=version)
    if text is not None:
        model_update(instance=post, fields=["text"], data={"text": text.strip()})
    return post


def add_resource(
    *,
    by,
    community: Community | None,
    title: str,
    description: str = "",
    file=None,
    url: str = "",
    language: str = Resource.Language.KHMER,
    topics=(),
    is_good_practice: bool = False,
) -> Resource:
    """A document or link for a community's library (people inside it), or for the
    shared library (facilitators and admins). A file's type is checked from its content;
    it is stored with its row (both or neither)."""
    if community is None:
        if not can_create_community(by):
            raise PermissionDenied
    else:
        _require_inside(by, community)
        is_good_practice = is_good_practice and can_facilitate(by, community)
    if not file and not url:
        raise ValidationError({"file": _("Add a file or a link.")})
    resource = Resource(
        community=community,
        title=title.strip(),
        description=description.strip(),
        url=url,
        language=language,
        is_good_practice=is_good_practice,
        uploaded_by=by,
    )
    if file:
        try:
            resource.content_type = check_upload(file)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        resource.file_name = file.name[:255]
        resource.file = file
    resource.full_clean()
    with rows_with_files() as files:
        files.store(resource)
        resource.save()
        resource.topics.set(topics)
    if community is not None:
        stream.publish(
            community=community,
            kind=StreamEvent.Kind.RESOURCE_SHARED,
            actor=by,
            subject_id=resource.pk,
            title=resource.title,
        )
    return resource


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

    link_secret = new_link_secret()
    token = invitation_token(link_secret)
    invitation = Invitation(
        email=email,
        organization=organization,
        community=community,
        as_facilitator=kind == Invitation.Kind.FACILITATOR,
        as_guest=kind == Invitation.Kind.GUEST,
        language=language,
        invited_by=by,
        link_secret=link_secret,
        token_digest=token_digest(token),
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
    _send_invitation(invitation=invitation, token=token, site_url=site_url)
    return invitation


def _accept_url(*, invitation: Invitation, token: str, site_url: str) -> str:
    """The link of the invitation, in its language: the e-mail's and the copied one."""
    with translation.override(invitation.language):
        return urljoin(site_url, reverse("invitation_accept", kwargs={"token": token}))


def _send_invitation(*, invitation: Invitation, token: str, site_url: str) -> None:
    """The e-mail names the organisation, and a community only if it is public: the name
    of a members-only community is read on the invitation's page, after the link. Its
    date is in the digits of the invitation's language (the person has chosen none yet),
    whoever sends it."""
    accept_url = _accept_url(invitation=invitation, token=token, site_url=site_url)
    with translation.override(invitation.language), digits_for(None):
        context = {
            "invitation": invitation,
            "accept_url": accept_url,
            "community_named": invitation.community is not None and invitation.community.is_public,
        }
        subject = render_to_string("members/email/invitation_subject.txt", context).strip()
        message = render_to_string("members/email/invitation_message.txt", context)
    queue_mail(subject=subject, body=message, to=invitation.email)


def _arrived(*, person: User) -> None:
    """A new person is in their communities' streams, and welcomed in each once."""
    communities = Community.objects.filter(
        guests__person=person, guests__left_on__isnull=True
    ) | Community.objects.filter(facilitators=person)
    if person.organization_id:
        communities = communities | Community.objects.filter(
            participations__organization_id=person.organization_id,
            participations__left_on__isnull=True,
        )
    for community in communities.exclude(status=Community.Status.CLOSED).distinct():
        stream.publish(
            community=community,
            kind=StreamEvent.Kind.PERSON_JOINED,
            actor=person,
            subject_id=person.pk,
            title=person.full_name,
        )
        # Not yet visited: the first visit opens the welcome in full (then it folds), and
        # what is new counts from the person's arrival (their account's creation).
        Visit.objects.update_or_create(
            person=person, community=community, defaults={"welcome_pending": True, "seen_at": None}
        )


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
        .filter(token_digest=token_digest(token))
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
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organization", "community", "invited_by")
        .filter(token_digest=token_digest(token), accepted_at__isnull=True)
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
    _arrived(person=user)
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
def record_visit(*, person, community: Community) -> None:
    """The person has opened the community's home: what was new there is seen."""
    if not person.is_authenticated:
        return
    Visit.objects.bulk_create(  # one statement: an insert, or an update of the visit
        [Visit(person=person, community=community, seen_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["person", "community"],
        update_fields=["seen_at"],
    )
    # The navigation's kept counts (a minute) forget this community's at once.
    counts = caches["counts"].get(unread_key(person))
    if counts and counts.pop(community.pk, None):
        caches["counts"].set(unread_key(person), counts, UNREAD_KEPT)


def _invitation_to_renew(*, by: User, invitation: Invitation) -> Invitation:
    """The invitation, locked, if `by` may send it again or show its link: they sent it
    (or are an admin), it has not been accepted, and its sender may still make it."""
    if not can_invite(by) or not (is_admin(by) or invitation.invited_by_id == by.pk):
        raise PermissionDenied
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organization", "community", "invited_by")
        .get(pk=invitation.pk)
    )
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has been accepted already."))
    if not inviter_still_may(invitation):
        raise ValidationError(
            _(
                "This invitation no longer holds: whoever sent it may no longer invite "
                "into this organisation or community. Send a new invitation if it is "
                "still needed."
            )
        )
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("Somebody already has an account with this address."))
    return invitation


def _link_token(invitation: Invitation) -> str:
    """The token of the invitation's link. An invitation made before links could be
    copied has no secret: it gets one now, and the link its e-mail carried stops working."""
    if not invitation.link_secret:
        invitation.link_secret = new_link_secret()
        invitation.token_digest = token_digest(invitation_token(invitation.link_secret))
        invitation.save(update_fields=["link_secret", "token_digest", "updated_at"])
    return invitation_token(invitation.link_secret)


def _log_invitation(action: str, *, by: User, invitation: Invitation, **details) -> None:
    record_event(
        action=action,
        actor=by,
        community=invitation.community,
        organization=invitation.organization,
        email=invitation.email,
        details={"kind": invitation.kind, **details},
    )


@transaction.atomic
def resend_invitation(*, by: User, invitation: Invitation, site_url: str) -> Invitation:
    """Send the invitation's e-mail again, with the same link (a new one for an invitation
    made before links could be copied), valid for INVITATION_DAYS from now: an expired
    invitation is renewed. Logged in the membership log, as the first sending was."""
    invitation = _invitation_to_renew(by=by, invitation=invitation)
    had_link = bool(invitation.link_secret)
    token = _link_token(invitation)
    invitation.expires_at = timezone.now() + timedelta(days=INVITATION_DAYS)
    invitation.save(update_fields=["expires_at", "updated_at"])
    _log_invitation(
        MembershipEvent.Action.INVITATION_RESENT,
        by=by,
        invitation=invitation,
        new_link=not had_link,
    )
    _send_invitation(invitation=invitation, token=token, site_url=site_url)
    return invitation


@transaction.atomic
def show_invitation_link(*, by: User, invitation: Invitation, site_url: str) -> str:
    """The link of a pending invitation, for its sender to give to that one person (on
    Telegram, say): the same link as the e-mail's. Each time it is shown is logged."""
    invitation = _invitation_to_renew(by=by, invitation=invitation)
    if not invitation.is_pending:
        raise ValidationError(_("This invitation has expired: send it again, then copy its link."))
    had_link = bool(invitation.link_secret)
    token = _link_token(invitation)
    _log_invitation(
        MembershipEvent.Action.INVITATION_LINK_SHOWN,
        by=by,
        invitation=invitation,
        new_link=not had_link,
    )
    return _accept_url(invitation=invitation, token=token, site_url=site_url)


# --- A newcomer's welcome ---------------------------------------------------------------


@transaction.atomic
def dismiss_welcome(*, person: User, community: Community) -> None:
    """The person closes the welcome panel of the community: it is not shown again."""
    Visit.objects.filter(person=person, community=community).update(welcome_pending=False)


def introductions_title(language: str) -> str:
    with translation.override(language):
        return pgettext("the title of a community's introductions discussion", "Introductions")


@transaction.atomic
def introduce_yourself(*, by: User, community: Community, text: str) -> Post:
    """The person's first words in the community: a post in its introductions discussion,
    which the first introduction starts. Its title is in that person's language, as any
    discussion's is in its author's; its card on the stream is in both. The welcome panel
    is then done."""
    _require_inside(by, community)
    discussion, started = Discussion.objects.get_or_create(
        community=community,
        is_introductions=True,
        defaults={"title": introductions_title(by.preferred_language), "started_by": by},
    )
    post = _add_post(by=by, discussion=discussion, text=text)
    stream.publish(
        community=community,
        kind=StreamEvent.Kind.DISCUSSION_STARTED
        if started
        else StreamEvent.Kind.DISCUSSION_ANSWERED,
        actor=by,
        subject_id=discussion.pk,
        detail_id=post.pk,
        title=(introductions_title("km"), introductions_title("en")),
    )
    dismiss_welcome(person=by, community=community)
    return post
