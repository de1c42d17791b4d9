"""A community's stream: what its members do, one `StreamEvent` per thing done, written by
the services in the transaction of the change (`publish`), and taken back when the thing
is deleted (`withdraw`). The home page, the dashboard, the notifications and the digests
all read this one table.

After each commit, the news goes to the people who hear of it at once
(`on_published`, connected by the notifications layer): by the job queue, never in the
request.
"""

from collections.abc import Callable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Community, StreamEvent

Kind = StreamEvent.Kind

# Whoever wants to hear of each new event (members.notifications' dispatch, connected in
# CommunitiesConfig.ready()). Each is called with the event's id once its transaction has
# committed.
_listeners: list[Callable[[int], None]] = []


def on_published(listener: Callable[[int], None]) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def _titles(title) -> dict:
    """A plain title (a discussion's, an idea's) in both languages; a translated record's
    title (an activity's, an objective's) as its two fields."""
    if isinstance(title, tuple):
        title_km, title_en = title
    else:
        title_km = title_en = title
    return {"title_km": (title_km or "")[:300], "title_en": (title_en or "")[:300]}


def translated_title(record) -> tuple[str, str]:
    return (getattr(record, "title_km", "") or "", getattr(record, "title_en", "") or "")


def publish(
    *,
    community: Community,
    kind: str,
    actor=None,
    organization=None,
    subject_id: int | None = None,
    detail_id: int | None = None,
    title: str | tuple[str, str] = "",
    when=None,
    quiet: bool = False,
) -> StreamEvent:
    """Put one card on the community's stream, in the current transaction. `organization`
    defaults to the actor's own. `quiet`: nobody is notified (a card put back)."""
    if organization is None and actor is not None:
        organization = actor.organization
    event = StreamEvent.objects.create(
        community=community,
        kind=kind,
        actor=actor,
        organization=organization,
        subject_id=subject_id,
        detail_id=detail_id,
        created_at=when or timezone.now(),
        **_titles(title),
    )
    for listener in [] if quiet else _listeners:
        transaction.on_commit(lambda listener=listener: listener(event.pk), robust=True)
    return event


def withdraw(*, kinds, subject_id: int, detail_id: int | None = None) -> None:
    """Take a deleted thing's cards off the stream."""
    events = StreamEvent.objects.filter(kind__in=kinds, subject_id=subject_id)
    if detail_id is not None:
        events = events.filter(detail_id=detail_id)
    events.delete()


def retitle(*, kinds, subject_id: int, title: str | tuple[str, str]) -> None:
    """A thing renamed: its cards say the new name."""
    StreamEvent.objects.filter(kind__in=kinds, subject_id=subject_id).update(**_titles(title))


# What each card says: who did what. The who is a person's name (for an organisation that
# joined, its name); a card from before the stream knew who did it says it without a name.
SENTENCES = {
    Kind.DISCUSSION_STARTED: _("%(who)s started a discussion"),
    Kind.DISCUSSION_ANSWERED: _("%(who)s answered in a discussion"),
    Kind.IDEA_PROPOSED: _("%(who)s proposed an idea"),
    Kind.IDEA_ADOPTED: _("%(who)s adopted an idea: it is now a planned activity"),
    Kind.ACTIVITY_PLANNED: _("%(who)s planned an activity"),
    Kind.ACTIVITY_DONE: _("%(who)s reported an activity done"),
    Kind.RESOURCE_SHARED: _("%(who)s shared a resource"),
    Kind.OBJECTIVE_REACHED: _("%(who)s marked an objective reached"),
    Kind.ORGANIZATION_JOINED: _("%(who)s joined the community"),
    Kind.PERSON_JOINED: _("%(who)s joined the community"),
}
WITHOUT_NAME = {
    Kind.DISCUSSION_STARTED: _("A discussion was started"),
    Kind.DISCUSSION_ANSWERED: _("A discussion was answered"),
    Kind.IDEA_PROPOSED: _("An idea was proposed"),
    Kind.IDEA_ADOPTED: _("An idea was adopted: it is now a planned activity"),
    Kind.ACTIVITY_PLANNED: _("An activity was planned"),
    Kind.ACTIVITY_DONE: _("An activity was reported done"),
    Kind.RESOURCE_SHARED: _("A resource was shared"),
    Kind.OBJECTIVE_REACHED: _("An objective was reached"),
    Kind.ORGANIZATION_JOINED: _("An organisation joined the community"),
    Kind.PERSON_JOINED: _("Someone joined the community"),
}


def who(event: StreamEvent) -> str:
    """The name a card gives: the organisation that joined, or the person who did it."""
    if event.kind == Kind.ORGANIZATION_JOINED and event.organization_id:
        return event.organization.name
    return event.actor.full_name if event.actor_id else ""


def sentence(event: StreamEvent, *, html: bool = True) -> str:
    """ "Sokha started a discussion", in the current language; in HTML, the name in bold."""
    name = who(event)
    if not name:
        return str(WITHOUT_NAME[event.kind])
    if html:
        return mark_safe(  # noqa: S308 -- the name is escaped; the sentence is the catalogue's
            str(SENTENCES[event.kind]) % {"who": format_html("<strong>{}</strong>", name)}
        )
    return str(SENTENCES[event.kind]) % {"who": name}


def page_of(event: StreamEvent) -> tuple[str, tuple, str]:
    """The page a card leads to: its URL name, arguments, and the part of the page (an
    anchor, or ""). The home, the digests and the notifications all lead there."""
    slug, pk = event.community.slug, event.subject_id
    if event.kind == Kind.DISCUSSION_STARTED:
        return "discussion_detail", (slug, pk), ""
    if event.kind == Kind.DISCUSSION_ANSWERED:
        return "discussion_detail", (slug, pk), f"post-{event.detail_id}" if event.detail_id else ""
    if event.kind in (Kind.IDEA_PROPOSED, Kind.IDEA_ADOPTED):
        return "idea_detail", (slug, pk), ""
    if event.kind in (Kind.ACTIVITY_PLANNED, Kind.ACTIVITY_DONE):
        return "activity_detail", (pk,), ""
    if event.kind == Kind.RESOURCE_SHARED:
        return "community_resources", (slug,), f"resource-{pk}"
    if event.kind == Kind.OBJECTIVE_REACHED:
        return "community_about", (slug,), "objectives"
    return "community_about", (slug,), "people"


def path_of(event: StreamEvent) -> str:
    """The address of a card's page, in the active language."""
    url_name, args, anchor = page_of(event)
    path = reverse(url_name, args=args)
    return f"{path}#{anchor}" if anchor else path
