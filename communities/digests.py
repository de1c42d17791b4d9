"""Digests: once a day (the day before, in the portal's time zone) and once a week (the
ISO week before), each person who chose a digest for some kind of news on a channel gets
what happened in their communities in that period, grouped by community, in their own
language and digits: by e-mail in full (HTML and plain text), on a messenger in a few
lines. Nothing is sent when there is nothing new.

What a digest holds: the cards of the stream of the communities the person is inside at
sending time, of the kinds they chose for that digest, but their own; replies only in
the discussions they follow; an organisation's new invitations to its focal points. A
community that notifies discreetly (always a members-only one) is one line, "N new things
in one of your communities", with an opaque link: no name, no title.

Each digest is sent once (`DigestSent`, unique per person, channel, frequency and
period), recorded in the transaction that keeps the message: running `send_digests`
again, or twice at the same time, sends nothing twice.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cop_portal.core.text import digits_for
from members.channels import Message, all_channels
from members.models import DigestSent, NotificationSetting, User
from members.notifications import (
    absolute,
    chosen_settings,
    discreet_link,
    settings_url,
    unsubscribe_url,
    when_for,
)

from .models import Community, Follow, Proposal, StreamEvent
from .notifications import DIGEST_SETTING_OF, line
from .selectors import people_inside
from .stream import path_of

When = NotificationSetting.When
Setting = NotificationSetting.Kind
FREQUENCIES = (When.DAILY, When.WEEKLY)


@dataclass(frozen=True)
class Period:
    frequency: str
    label: str  # DigestSent.period: "2026-12-02", or "2026-W49"
    first_day: datetime.date
    last_day: datetime.date
    start: datetime.datetime
    end: datetime.datetime  # excluded


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def period_before(frequency: str, now: datetime.datetime) -> Period:
    """The day before `now` (daily), or the ISO week before it (weekly), in the portal's
    time zone (settings.TIME_ZONE, Asia/Phnom_Penh)."""
    today = timezone.localtime(now).date()
    if frequency == When.DAILY:
        first = last = today - datetime.timedelta(days=1)
        label = first.isoformat()
    elif frequency == When.WEEKLY:
        first = today - datetime.timedelta(days=today.weekday() + 7)
        last = first + datetime.timedelta(days=6)
        year, week, _weekday = first.isocalendar()
        label = f"{year}-W{week:02d}"
    else:
        raise ValueError(frequency)
    return Period(
        frequency=frequency,
        label=label,
        first_day=first,
        last_day=last,
        start=_midnight(first),
        end=_midnight(last + datetime.timedelta(days=1)),
    )


def frequencies_due(now: datetime.datetime) -> list[str]:
    """What is due by default: the daily digest always, the weekly one on Mondays."""
    monday = timezone.localtime(now).weekday() == 0
    return [When.DAILY, When.WEEKLY] if monday else [When.DAILY]


@dataclass
class News:
    """What happened in a period, read once for everyone."""

    events: list  # StreamEvent, by community then time
    proposals: list  # Proposal still waiting for an answer
    insiders: dict  # community id → ids of the people inside it now
    follows: set  # (person id, discussion id) of the replies' discussions


def _news(period: Period) -> News:
    events = list(
        StreamEvent.objects.filter(
            created_at__gte=period.start,
            created_at__lt=period.end,
            kind__in=list(DIGEST_SETTING_OF),
        )
        .select_related("community", "actor", "organization")
        .order_by("community_id", "created_at", "id")
    )
    proposals = list(
        Proposal.objects.filter(
            created_at__gte=period.start,
            created_at__lt=period.end,
            status=Proposal.Status.PENDING,
        )
        .select_related("community", "organization")
        .order_by("created_at", "id")
    )
    communities = {event.community_id: event.community for event in events}
    insiders = {
        pk: set(people_inside(community).values_list("pk", flat=True))
        for pk, community in communities.items()
    }
    answered = {e.subject_id for e in events if e.kind == StreamEvent.Kind.DISCUSSION_ANSWERED}
    follows = set(
        Follow.objects.filter(discussion_id__in=answered, following=True).values_list(
            "person_id", "discussion_id"
        )
    )
    return News(events=events, proposals=proposals, insiders=insiders, follows=follows)


def _concerned(news: News) -> list[User]:
    """The active people to whom some of the news may go."""
    ids = set().union(*news.insiders.values()) if news.insiders else set()
    focal_points = User.objects.filter(
        is_active=True,
        is_focal_point=True,
        organization__in={proposal.organization_id for proposal in news.proposals},
    ).values_list("pk", flat=True)
    ids |= set(focal_points)
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _for_person(person: User, news: News, kinds: set[str]) -> tuple[list, list]:
    """The cards and invitations of `news` for `person`, of `kinds`."""
    events = [
        event
        for event in news.events
        if DIGEST_SETTING_OF[event.kind] in kinds
        and person.pk in news.insiders.get(event.community_id, ())
        and event.actor_id != person.pk
        and (
            event.kind != StreamEvent.Kind.DISCUSSION_ANSWERED
            or (person.pk, event.subject_id) in news.follows
        )
    ]
    proposals = []
    if Setting.INVITED in kinds and person.is_focal_point:
        proposals = [p for p in news.proposals if p.organization_id == person.organization_id]
    return events, proposals


def send_digests(*, frequency: str, now: datetime.datetime | None = None) -> int:
    """Send the digests of `frequency` for the period before `now`; the number sent."""
    period = period_before(frequency, now or timezone.now())
    news = _news(period)
    if not news.events and not news.proposals:
        return 0
    people = _concerned(news)
    chosen = chosen_settings(people)
    already = _already_sent(period)
    sent = 0
    for person in people:
        for channel in all_channels():
            if (person.pk, channel.name) in already or not channel.reaches(person):
                continue
            kinds = {
                kind
                for kind in Setting.values
                if when_for(person, channel, kind, chosen=chosen) == frequency
            }
            if not kinds:
                continue
            events, proposals = _for_person(person, news, kinds)
            if events or proposals:
                sent += _send(person, channel, period, events, proposals)
    return sent


def _already_sent(period: Period) -> set[tuple[int, str]]:
    """(person id, channel) of the digests of the period sent already."""
    return set(
        DigestSent.objects.filter(frequency=period.frequency, period=period.label).values_list(
            "person_id", "channel"
        )
    )


def _send(person: User, channel, period: Period, events: list, proposals: list) -> int:
    try:
        with transaction.atomic():
            DigestSent.objects.create(
                person=person,
                channel=channel.name,
                frequency=period.frequency,
                period=period.label,
                events=len(events) + len(proposals),
            )
            with translation.override(person.preferred_language), digits_for(person):
                message = digest_message(person, channel, period, events, proposals)
            channel.send(person=person, message=message)
    except IntegrityError:  # sent meanwhile by another run of send_digests
        return 0
    return 1


def _groups(person: User, events: list) -> list[dict]:
    by_community = defaultdict(list)
    for event in events:
        by_community[event.community_id].append(event)
    groups = []
    for cards in by_community.values():
        community: Community = cards[0].community
        path = reverse("community_detail", args=[community.slug])
        if community.notifies_discreetly:
            groups.append(
                {
                    "discreet": True,
                    "count": len(cards),
                    "url": absolute(discreet_link(person, path)),
                }
            )
            continue
        groups.append(
            {
                "discreet": False,
                "name": community.name,
                "count": len(cards),
                "url": absolute(path),
                "items": [
                    {"text": line(card), "url": absolute(path_of(card)), "when": card.created_at}
                    for card in cards
                ],
            }
        )
    # Named communities by name; the discreet ones after them, in no telling order.
    return sorted(groups, key=lambda group: (group["discreet"], group.get("name", "")))


def _invitations(person: User, proposals: list) -> list[dict]:
    invitations = []
    for proposal in proposals:
        path = reverse("organization_communities", args=[proposal.organization.slug])
        if proposal.community.notifies_discreetly:
            invitations.append({"discreet": True, "url": absolute(discreet_link(person, path))})
        else:
            invitations.append(
                {"discreet": False, "name": proposal.community.name, "url": absolute(path)}
            )
    return invitations


def digest_message(person: User, channel, period: Period, events, proposals) -> Message:
    """The digest for `person` on `channel`, in the active language and digits: in full
    for a channel that shows HTML (e-mail), a few lines for a messenger."""
    stop = unsubscribe_url(person, channel.name, period.frequency)
    dashboard = absolute(reverse("dashboard"))
    context = {
        "person": person,
        "period": period,
        "daily": period.frequency == When.DAILY,
        "groups": _groups(person, events),
        "invitations": _invitations(person, proposals),
        "dashboard_url": dashboard,
        "settings_url": settings_url(),
        "unsubscribe_url": stop,
    }
    subject = " ".join(render_to_string("communities/email/digest_subject.txt", context).split())
    if getattr(channel, "sends_html", False):
        text = render_to_string("communities/email/digest_message.txt", context)
        html = render_to_string("communities/email/digest_message.html", context)
    else:
        text, html = render_to_string("communities/messenger/digest.txt", context), ""
    return Message(subject=subject, text=text, html=html, url=dashboard, unsubscribe_url=stop)
