"""Who hears of what happens in a community, at once.

Each new card of a community's stream (`stream.publish`) is handed, once its transaction
has committed, to the job queue (`fan_out`): the worker finds the people inside the
community who hear of that kind of news at once on some channel (`members.notifications`),
and writes to each of them in their own language and digits. Replies reach only the
people who follow the discussion; nobody is told of what they did themselves; an
objective reached is on the stream and in the digests only.

A members-only community (and a public one that did not choose full notifications) is
discreet: the generic message and an opaque link, no title, no name, no community.
"""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from django_tasks import task

from members.models import NotificationSetting
from members.notifications import chosen_settings, notify

from . import stream
from .models import Follow, Post, StreamEvent
from .selectors import people_inside
from .stream import page_of

Kind = StreamEvent.Kind
Setting = NotificationSetting.Kind

# The setting (NotificationSetting.Kind) under which each card is heard of.
SETTING_OF = {
    Kind.DISCUSSION_STARTED: Setting.DISCUSSION,
    Kind.DISCUSSION_ANSWERED: Setting.REPLY,
    Kind.IDEA_PROPOSED: Setting.IDEA,
    Kind.IDEA_ADOPTED: Setting.IDEA,
    Kind.ACTIVITY_PLANNED: Setting.ACTIVITY,
    Kind.ACTIVITY_DONE: Setting.ACTIVITY,
    Kind.RESOURCE_SHARED: Setting.RESOURCE,
    Kind.ORGANIZATION_JOINED: Setting.JOINED,
    Kind.PERSON_JOINED: Setting.JOINED,
}
# In a digest, an objective reached comes with the activities that served it.
DIGEST_SETTING_OF = {**SETTING_OF, Kind.OBJECTIVE_REACHED: Setting.ACTIVITY}

# What a message says of a card, naming its community. Translators: %(who)s is a person
# and their organisation, "Sokha (CIPL)"; %(title)s what the card names.
HEADLINES = {
    Kind.DISCUSSION_STARTED: _("%(who)s started a discussion in %(community)s: %(title)s"),
    Kind.DISCUSSION_ANSWERED: _("%(who)s replied in %(community)s: %(title)s"),
    Kind.IDEA_PROPOSED: _("%(who)s proposed an idea in %(community)s: %(title)s"),
    Kind.IDEA_ADOPTED: _("%(who)s adopted an idea in %(community)s: %(title)s"),
    Kind.ACTIVITY_PLANNED: _("%(who)s planned an activity in %(community)s: %(title)s"),
    Kind.ACTIVITY_DONE: _("%(who)s reported an activity done in %(community)s: %(title)s"),
    Kind.RESOURCE_SHARED: _("%(who)s shared a resource in %(community)s: %(title)s"),
    Kind.OBJECTIVE_REACHED: _("%(who)s marked an objective reached in %(community)s: %(title)s"),
    Kind.ORGANIZATION_JOINED: _("%(organization)s joined %(community)s"),
    Kind.PERSON_JOINED: _("%(who)s joined %(community)s"),
}
# The same, under the community's name in a digest.
LINES = {
    Kind.DISCUSSION_STARTED: _("%(who)s started a discussion: %(title)s"),
    Kind.DISCUSSION_ANSWERED: _("%(who)s replied in the discussion: %(title)s"),
    Kind.IDEA_PROPOSED: _("%(who)s proposed an idea: %(title)s"),
    Kind.IDEA_ADOPTED: _("%(who)s adopted an idea: %(title)s"),
    Kind.ACTIVITY_PLANNED: _("%(who)s planned an activity: %(title)s"),
    Kind.ACTIVITY_DONE: _("%(who)s reported an activity done: %(title)s"),
    Kind.RESOURCE_SHARED: _("%(who)s shared a resource: %(title)s"),
    Kind.OBJECTIVE_REACHED: _("%(who)s marked an objective reached: %(title)s"),
    Kind.ORGANIZATION_JOINED: _("%(organization)s joined the community"),
    Kind.PERSON_JOINED: _("%(who)s joined the community"),
}


def connect() -> None:
    """Connected by CommunitiesConfig.ready(): every new card goes to the job queue."""
    stream.on_published(enqueue_fan_out)


def enqueue_fan_out(event_id: int) -> None:
    fan_out.enqueue(event_id=event_id)


def _organization_label(organization) -> str:
    return organization.acronym or organization.name


def who(event: StreamEvent) -> str:
    """The person who did it, with their organisation (or marked a guest), in the active
    language."""
    person = event.actor
    if person is None:
        return str(_("Someone"))
    if person.is_guest:
        return pgettext("a guest's name", "%(name)s (guest)") % {"name": person.full_name}
    if event.organization is not None:
        return pgettext("a person and their organisation", "%(name)s (%(organization)s)") % {
            "name": person.full_name,
            "organization": _organization_label(event.organization),
        }
    return person.full_name


def _values(event: StreamEvent) -> dict:
    return {
        "who": who(event),
        "title": event.title,
        "community": event.community.name,
        "organization": (
            _organization_label(event.organization) if event.organization else event.title
        ),
    }


def headline(event: StreamEvent) -> str:
    """What a message says of the card, in the active language."""
    return str(HEADLINES[event.kind]) % _values(event)


def line(event: StreamEvent) -> str:
    """What a digest says of the card, under its community's name."""
    return str(LINES[event.kind]) % _values(event)


def hearers(event: StreamEvent):
    """Who may hear of the card: the active people inside its community but the one who
    did it; of a reply, only the discussion's followers among them."""
    people = people_inside(event.community)
    if event.actor_id is not None:
        people = people.exclude(pk=event.actor_id)
    if event.kind == Kind.DISCUSSION_ANSWERED:
        people = people.filter(
            pk__in=Follow.objects.filter(discussion_id=event.subject_id, following=True).values(
                "person"
            )
        )
    return people.select_related("organization")


@task()
def fan_out(*, event_id: int) -> int:
    """The worker's job for one new card: each person who hears of it at once is written
    to, on each channel they chose. The number of messages kept (sent after the commit)."""
    event = (
        StreamEvent.objects.select_related("community", "actor", "organization")
        .filter(pk=event_id)
        .first()
    )
    if event is None or event.kind not in SETTING_OF:  # taken back since, or never told
        return 0
    return _tell_of(event)


@transaction.atomic
def _tell_of(event: StreamEvent) -> int:
    kind = SETTING_OF[event.kind]
    community = event.community
    people = list(hearers(event))
    chosen = chosen_settings(people)
    post = None
    if event.kind in (Kind.DISCUSSION_STARTED, Kind.DISCUSSION_ANSWERED) and event.detail_id:
        post = Post.objects.filter(pk=event.detail_id).first()
    url_name, url_args, _anchor = page_of(event)
    sent = 0
    for person in people:
        with translation.override(person.preferred_language):
            said = headline(event)
        sent += notify(
            person=person,
            kind=kind,
            chosen=chosen,
            url_name=url_name,
            url_args=url_args,
            discreet=community.notifies_discreetly,
            template="communities/email/event",
            context={"headline": said, "post": post},
        )
    return sent
