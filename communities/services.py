from datetime import timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from activities.services import plan_activity
from cop_portal.cache import data_changed
from cop_portal.mail import deliver
from cop_portal.uploads import check_upload
from members.models import Organization, User
from members.permissions import is_admin

from .models import (
    Community,
    Discussion,
    Idea,
    IdeaComment,
    Objective,
    Participation,
    Post,
    Resource,
)
from .permissions import can_create_community, can_facilitate
from .selectors import is_inside

SLUG_LENGTH = Community._meta.get_field("slug").max_length


def unique_slug(*names: str) -> str:
    """A readable ASCII slug from the first name that has Latin letters; "community" when
    there is none (a name in Khmer only). Never empty, never one already taken."""
    base = next((slugify(name) for name in names if slugify(name or "")), "") or "community"
    base = base[: SLUG_LENGTH - 8].strip("-")
    slug, number = base, 1
    while Community.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def create_community(*, by, **fields) -> Community:
    """A facilitator (or an admin) creates a community; they become its facilitator."""
    if not can_create_community(by):
        raise PermissionDenied
    community = Community(created_by=by, **fields)
    community.slug = unique_slug(fields.get("name_en", ""), fields.get("name_km", ""))
    community.full_clean()
    community.save()
    if not is_admin(by) or by.is_facilitator:
        community.facilitators.add(by)
    return community


@transaction.atomic
def update_community(*, by, community: Community, **fields) -> Community:
    _require_facilitator(by, community)
    if fields.get("status") == Community.Status.CLOSED:
        raise ValidationError(_("A community is closed with its closing report."))
    for name, value in fields.items():
        setattr(community, name, value)
    community.full_clean()
    community.save()
    data_changed()
    return community


def _require_facilitator(by, community: Community) -> None:
    if not can_facilitate(by, community):
        raise PermissionDenied
    if community.status == Community.Status.CLOSED:
        raise ValidationError(_("This community is closed: it can no longer be changed."))


@transaction.atomic
def add_organization(
    *, by, community: Community, organization: Organization, role: str, joined_on=None
) -> Participation:
    """An organisation takes part in the community (again, if it had left)."""
    _require_facilitator(by, community)
    participation, _created = Participation.objects.get_or_create(
        community=community, organization=organization, defaults={"role": role}
    )
    if participation.left_on is None and not _created:
        raise ValidationError(
            {"organization": _("This organisation already takes part in the community.")}
        )
    participation.role = role
    participation.joined_on = joined_on or timezone.localdate()
    participation.left_on = None
    participation.full_clean()
    participation.save()
    data_changed()
    return participation


@transaction.atomic
def remove_organization(*, by, participation: Participation, left_on=None) -> Participation:
    """The organisation leaves; its history in the community is kept."""
    _require_facilitator(by, participation.community)
    participation.left_on = left_on or timezone.localdate()
    if participation.joined_on and participation.left_on < participation.joined_on:
        raise ValidationError(
            {"left_on": _("An organisation cannot leave before the day it joined.")}
        )
    participation.full_clean()
    participation.save(update_fields=["left_on", "updated_at"])
    data_changed()
    return participation


@transaction.atomic
def add_facilitator(*, by, community: Community, person: User) -> None:
    _require_facilitator(by, community)
    if not person.is_active or not person.is_facilitator:
        raise ValidationError({"person": _("Only an active facilitator can co-facilitate.")})
    community.facilitators.add(person)


@transaction.atomic
def remove_facilitator(*, by, community: Community, person: User) -> None:
    _require_facilitator(by, community)
    if community.facilitators.exclude(pk=person.pk).count() == 0:
        raise ValidationError(_("A community keeps at least one facilitator."))
    community.facilitators.remove(person)


@transaction.atomic
def save_objective(
    *, by, community: Community, objective: Objective | None = None, achieved: bool, **fields
) -> Objective:
    """Add or change an objective. Marking it achieved dates it and sets its progress to
    100; unmarking clears the date."""
    _require_facilitator(by, community)
    if objective is None:
        objective = Objective(community=community)
    elif objective.community_id != community.pk:
        raise PermissionDenied
    for name, value in fields.items():
        setattr(objective, name, value)
    if achieved:
        objective.achieved_on = objective.achieved_on or timezone.localdate()
        objective.progress = 100
    else:
        objective.achieved_on = None
    objective.full_clean()
    objective.save()
    data_changed()
    return objective


@transaction.atomic
def close_community(*, by, community: Community, **texts) -> Community:
    """The goal is achieved (or the time is over): the community closes with a summary
    and its lessons learned, and becomes read-only. Its members still see it."""
    _require_facilitator(by, community)
    if not any(
        (texts.get(f"closing_summary_{language}") or "").strip() for language in ("km", "en")
    ):
        raise ValidationError(
            {"closing_summary_km": _("Write the closing summary, in Khmer or in English.")}
        )
    for name, value in texts.items():
        setattr(community, name, value)
    community.status = Community.Status.CLOSED
    community.full_clean()
    community.save()
    data_changed()
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
    return idea


@transaction.atomic
def comment_on_idea(*, by, idea: Idea, text: str) -> IdeaComment:
    _require_inside(by, idea.community)
    comment = IdeaComment(idea=idea, author=by, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment


def _require_open_idea(by, idea: Idea) -> None:
    _require_facilitator(by, idea.community)
    if idea.status != Idea.Status.OPEN:
        raise ValidationError(_("This idea has already been decided."))


@transaction.atomic
def adopt_idea(*, by, idea: Idea, activity_type, lead_organization, start_date):
    """The facilitator adopts an agreed idea: it becomes a planned activity, prefilled from
    the idea and linked to it."""
    _require_open_idea(by, idea)
    language = "en" if idea.title.isascii() else "km"
    activity = plan_activity(
        by=by,
        community=idea.community,
        activity_type=activity_type,
        lead_organization=lead_organization,
        start_date=start_date,
        **{f"title_{language}": idea.title, f"summary_{language}": idea.text},
    )
    idea.status = Idea.Status.ADOPTED
    idea.activity = activity
    idea.save(update_fields=["status", "activity", "updated_at"])
    return activity


@transaction.atomic
def drop_idea(*, by, idea: Idea, reason: str) -> Idea:
    _require_open_idea(by, idea)
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
    _add_post(by=by, discussion=discussion, text=text)
    return discussion


@transaction.atomic
def reply(*, by, discussion: Discussion, text: str) -> Post:
    _require_inside(by, discussion.community)
    return _add_post(by=by, discussion=discussion, text=text)


def _add_post(*, by, discussion: Discussion, text: str) -> Post:
    post = Post(discussion=discussion, author=by, text=text.strip())
    post.full_clean()
    post.save()
    discussion.save(update_fields=["updated_at"])
    transaction.on_commit(lambda: notify_participants(post))
    return post


def can_edit_post(user, post: Post) -> bool:
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and timezone.now() - post.created_at <= POST_EDIT_WINDOW
    )


@transaction.atomic
def edit_post(*, by, post: Post, text: str) -> Post:
    """A person corrects their own post, within 30 minutes of writing it."""
    _require_inside(by, post.discussion.community)
    if not can_edit_post(by, post):
        raise PermissionDenied
    post.text = text.strip()
    post.full_clean()
    post.save(update_fields=["text", "updated_at"])
    return post


def notify_participants(post: Post) -> None:
    """E-mail everyone who wrote in the discussion (but the author of this post), each in
    their own language, while they can still see the community. The post is saved
    whether or not the mail server takes the messages."""
    discussion = post.discussion
    people = (
        User.objects.filter(is_active=True, pk__in=discussion.posts.values("author"))
        .exclude(pk=post.author_id)
        .distinct()
    )
    for person in people:
        if not is_inside(person, discussion.community):
            continue
        with translation.override(person.preferred_language):
            url = reverse("discussion_detail", args=[discussion.community.slug, discussion.pk])
            context = {
                "post": post,
                "discussion": discussion,
                "url": urljoin(settings.SITE_URL, url),
                "person": person,
            }
            subject = render_to_string("communities/email/new_post_subject.txt", context).strip()
            body = render_to_string("communities/email/new_post_message.txt", context)
        deliver(subject, body, person.email)  # one address failing stops no other


@transaction.atomic
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
    shared library (facilitators and admins). A file's type is checked from its content."""
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
    resource.save()
    resource.topics.set(topics)
    return resource
