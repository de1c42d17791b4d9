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
from django.utils import timezone

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
