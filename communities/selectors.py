from collections import defaultdict
from datetime import UTC, datetime, timedelta

from django.core.cache import caches
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Greatest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cop_portal.core.models import NAMED, translated_column
from members.channels import get_channel
from members.models import MembershipEvent, User
from members.permissions import is_admin

from .models import (
    Community,
    Idea,
    Participation,
    Post,
    Proposal,
    Resource,
    StreamEvent,
    Visit,
)

# What a list of communities shows of each (not the long texts: domain, practice, goal,
# ground rules, closing summary and lessons, in two languages each).
LISTED = (*NAMED, "status", "planned_end_date", "visibility")


def public_communities() -> QuerySet[Community]:
    """Public communities that are not closed, with how many organisations take part."""
    return (
        Community.objects.filter(visibility=Community.Visibility.PUBLIC)
        .exclude(status=Community.Status.CLOSED)
        .annotate(
            organization_count=Count(
                "participations", filter=Q(participations__left_on__isnull=True)
            )
        )
        .order_by("pk")
    )


def insider_filter(user) -> Q:
    """Communities this person is inside of: their organisation takes part by consent (and
    has not left), they are its guest (and have not left), or they facilitate it. For a
    visitor, none. Access follows that chain; breaking a link removes it at once."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    inside = Q(facilitators=user)
    if user.organization_id:
        inside |= Q(
            participations__organization_id=user.organization_id,
            participations__left_on__isnull=True,
        )
    if user.is_guest:
        inside |= Q(guests__person=user, guests__left_on__isnull=True)
    return inside


def communities_inside(user) -> QuerySet[Community]:
    """Communities whose every part (activities, ideas, files, figures) this person sees."""
    if is_admin(user):
        return Community.objects.all()
    return Community.objects.filter(
        pk__in=Community.objects.filter(insider_filter(user)).values("pk")
    )


def inside_ids(user) -> list[int]:
    """The ids of the communities this person is inside of, for queries that name them."""
    return list(communities_inside(user).values_list("pk", flat=True))


def communities_visible_to(
    user, *, inside_community_ids: list[int] | None = None
) -> QuerySet[Community]:
    """Communities this person may know exist: those they are inside of, and the public
    ones (of which outsiders see the summary only). Members-only communities are
    invisible to everyone else, in every list, search, count and report. `inside_community_ids`: the
    ids of the communities the person is inside of, when the caller has them."""
    if is_admin(user):
        return Community.objects.all()
    theirs = (
        Community.objects.filter(insider_filter(user)).values("pk")
        if inside_community_ids is None
        else inside_community_ids
    )
    return Community.objects.filter(Q(visibility=Community.Visibility.PUBLIC) | Q(pk__in=theirs))


def is_inside(user, community: Community) -> bool:
    if hasattr(community, "person_is_inside"):  # annotated by with_access()
        return community.person_is_inside
    return communities_inside(user).filter(pk=community.pk).exists()


def people_inside(community: Community) -> QuerySet[User]:
    """The active people inside the community (as `insider_filter` says it of each one):
    the people of the organisations taking part, its guests, its facilitators."""
    facilitators = Community.facilitators.through.objects.filter(community=community)
    return User.objects.filter(is_active=True).filter(
        Q(
            organization__in=Participation.objects.filter(
                community=community, left_on__isnull=True
            ).values("organization")
        )
        | Q(
            is_guest=True,
            pk__in=community.guests.filter(left_on__isnull=True).values("person"),
        )
        | Q(pk__in=facilitators.values("user"))
    )


def is_following(person, discussion) -> bool:
    """Whether `person` hears of the discussion's replies."""
    return discussion.follows.filter(person=person, following=True).exists()


def with_access(user, communities: QuerySet[Community]) -> QuerySet[Community]:
    """Annotate, in the same query, whether this person is inside each community, whether
    they facilitate it, and whether they are still to be welcomed there."""
    signed_in = user.is_authenticated and user.is_active
    facilitates = (
        Community.facilitators.through.objects.filter(community_id=OuterRef("pk"), user_id=user.pk)
        if signed_in
        else Community.facilitators.through.objects.none()
    )
    to_welcome = (
        Visit.objects.filter(person_id=user.pk, community_id=OuterRef("pk"), welcome_pending=True)
        if signed_in
        else Visit.objects.none()
    )
    return communities.annotate(
        person_is_inside=Exists(communities_inside(user).filter(pk=OuterRef("pk"))),
        facilitates=Exists(facilitates),
        welcome_pending=Exists(to_welcome),
    )


def with_current_organizations(communities) -> list[Community]:
    """Each community's current organisations (slug, name, whether active), read as plain
    values in one query: a page of 20 communities names some 200 organisations."""
    communities = list(communities)
    rows = (
        Participation.objects.filter(community__in=communities, left_on__isnull=True)
        .values(
            "community_id",
            slug=F("organization__slug"),
            name=translated_column("organization__name"),
            is_active=F("organization__is_active"),
        )
        .order_by("name")
    )
    by_community = defaultdict(list)
    for row in rows:
        by_community[row.pop("community_id")].append(row)
    for community in communities:
        community.current_organizations = by_community[community.pk]
    return communities


def facilitators_and_guests(community: Community) -> dict:
    """The community's facilitators and its current guests, read in one query."""
    people = list(
        User.objects.filter(
            Q(facilitated_communities=community)
            | Q(guest_of__community=community, guest_of__left_on__isnull=True)
        )
        .annotate(
            facilitates=Exists(
                Community.facilitators.through.objects.filter(
                    community_id=community.pk, user_id=OuterRef("pk")
                )
            )
        )
        .only("full_name", "is_guest")
        .distinct()
        .order_by("full_name")
    )
    return {
        "facilitators": [person for person in people if person.facilitates],
        "guests": [person for person in people if not person.facilitates],
    }


def community_members(community: Community) -> dict:
    """Who takes part (organisations, guests, facilitators), who left, and the proposals
    still waiting for an organisation's answer."""
    participations = list(
        community.participations.select_related("organization").order_by(
            "left_on", "organization__name"
        )
    )
    guests = list(
        community.guests.select_related("person").order_by("left_on", "person__full_name")
    )
    return {
        "current": [p for p in participations if p.left_on is None],
        "former": [p for p in participations if p.left_on is not None],
        "proposals": list(
            community.proposals.filter(status=Proposal.Status.PENDING)
            .select_related("organization", "proposed_by")
            .order_by("-created_at")
        ),
        "guests": [guest for guest in guests if guest.left_on is None],
        "former_guests": [guest for guest in guests if guest.left_on is not None],
        "facilitators": list(community.facilitators.order_by("full_name")),
    }


UNDO_MINUTES = 15  # how long a facilitator can take back their removal of someone


def last_removal(*, by, community: Community) -> MembershipEvent | None:
    """The removal `by` made in `community` that they can still undo: the latest line of
    the community's log is theirs, a removal of an organisation or a guest, of the last
    few minutes, and the organisation or the guest is still out."""
    event = (
        MembershipEvent.objects.filter(community=community)
        .select_related("organization", "person")
        .order_by("-created_at", "-pk")
        .first()
    )
    if not (
        event is not None
        and event.actor_id == by.pk
        and event.action in (MembershipEvent.Action.REMOVED, MembershipEvent.Action.GUEST_REMOVED)
        and not event.details.get("reason")
        and event.created_at >= timezone.now() - timedelta(minutes=UNDO_MINUTES)
    ):
        return None
    if event.action == MembershipEvent.Action.REMOVED:
        still_out = community.participations.filter(
            organization=event.organization_id, left_on__isnull=False
        )
    else:
        still_out = community.guests.filter(person=event.person_id, left_on__isnull=False)
    return event if still_out.exists() else None


def co_facilitator_choices(user, community: Community) -> QuerySet[User]:
    """Who this person may make a co-facilitator of the community: active facilitators not
    yet facilitating it, and, unless the person is an admin, only people inside it (of an
    organisation taking part): a facilitator does not learn who runs other communities."""
    people = User.objects.filter(is_active=True, is_facilitator=True).exclude(
        facilitated_communities=community
    )
    if is_admin(user):
        return people
    return people.filter(
        organization__participations__community=community,
        organization__participations__left_on__isnull=True,
    ).distinct()


def proposals_for_organization(organization) -> dict:
    """An organisation's answers to give and its communities: the proposals waiting for
    its focal points, and the communities it takes part in (open ones)."""
    return {
        "proposals": list(
            Proposal.objects.filter(organization=organization, status=Proposal.Status.PENDING)
            .select_related("community", "proposed_by")
            .prefetch_related("community__facilitators")
            .order_by("-created_at")
        ),
        "participations": list(
            Participation.objects.filter(organization=organization, left_on__isnull=True)
            .exclude(community__status=Community.Status.CLOSED)
            .select_related("community")
            .order_by("community__name")
        ),
    }


def pending_proposal_count(user) -> int:
    """Proposals waiting for this focal point's answer (0 for anyone else)."""
    if not (user.is_authenticated and user.is_active and user.is_focal_point):
        return 0
    return Proposal.objects.filter(
        organization_id=user.organization_id, status=Proposal.Status.PENDING
    ).count()


def ideas_board(community: Community) -> QuerySet:
    """Open ideas first, then the decided ones, each with its number of comments."""
    return (
        community.ideas.select_related("proposed_by", "activity")
        .annotate(comment_count=Count("comments"))
        .order_by(
            Case(When(status=Idea.Status.OPEN, then=0), default=1),
            "-created_at",
        )
    )


def discussions(community: Community) -> QuerySet:
    """Threads, most recently active first, with their number of posts."""
    return (
        community.discussions.select_related("started_by")
        .annotate(post_count=Count("posts"))
        .order_by("-updated_at")
    )


def resources_visible_to(user, *, inside_community_ids: list[int] | None = None) -> QuerySet:
    """The shared library (for everyone signed in) and the libraries of the communities
    this person is inside of (`inside_community_ids`: their ids, when the caller has them)."""
    if not user.is_authenticated or not user.is_active:
        return Resource.objects.none()
    communities = communities_inside(user) if inside_community_ids is None else inside_community_ids
    # A guest sees their community's library, not the programme's shared one.
    shared = Q(pk__in=[]) if user.is_guest else Q(community__isnull=True)
    return (
        Resource.objects.filter(shared | Q(community__in=communities))
        .select_related("community", "uploaded_by")
        .prefetch_related("topics")
        .order_by("-is_good_practice", "-created_at")
    )


def communities_for_inviter(user) -> QuerySet[Community]:
    """The open communities this person may invite a guest into (or, for an admin, name
    for a new facilitator): those they facilitate; every one, for an admin."""
    communities = Community.objects.exclude(status=Community.Status.CLOSED)
    if is_admin(user):
        return communities
    if not (user.is_authenticated and user.is_active and user.is_facilitator):
        return communities.none()
    return communities.filter(facilitators=user)


def posts_of(discussion) -> list:
    """A discussion's posts, oldest first, with their authors."""
    return list(discussion.posts.select_related("author"))


def post_in(community: Community, *, discussion_pk: int, post_pk: int):
    """A post of one of the community's discussions, or None."""
    return (
        Post.objects.select_related("discussion")
        .filter(pk=post_pk, discussion__pk=discussion_pk, discussion__community=community)
        .first()
    )


def resources_of(user, community: Community) -> QuerySet[Resource]:
    """The community's resources this person may see."""
    return resources_visible_to(user).filter(community=community)


def current_participation(organization, *, pk: int) -> Participation | None:
    """One of the organisation's participations that has not ended, or None."""
    return (
        Participation.objects.select_related("community")
        .filter(pk=pk, organization=organization, left_on__isnull=True)
        .first()
    )


def proposal_to(organization, *, pk: int) -> Proposal | None:
    """A proposal made to the organisation, or None."""
    return (
        Proposal.objects.select_related("community")
        .filter(pk=pk, organization=organization)
        .first()
    )


def idea_in(community: Community, pk: int):
    """One of the community's ideas, with who proposed it and the activity it became."""
    return community.ideas.select_related("proposed_by", "activity").filter(pk=pk).first()


def comments_on(idea) -> QuerySet:
    return idea.comments.select_related("author")


# The stream ------------------------------------------------------------------------------

STREAM_PAGE = 20
# Older news is never "new": a person back after months starts from the last 30 days.
UNREAD_HORIZON = timedelta(days=30)


def _cursor(event: StreamEvent) -> str:
    return f"{event.created_at.timestamp():.6f}_{event.pk}"


def _parse_cursor(cursor: str):
    """The (time, id) a cursor names, or None for one that names nothing."""
    moment, _sep, pk = (cursor or "").partition("_")
    try:
        when = datetime.fromtimestamp(float(moment), tz=UTC)
        return when, int(pk)
    except (ValueError, OverflowError, OSError):
        return None


def stream(community_ids, *, before: str = "", size: int = STREAM_PAGE) -> dict:
    """A page of the stream of these communities, newest first: `events` (with their
    actor and organisation), and `next` — the cursor of the page after it, or "" at the
    end. Cursor pagination: one query, however deep the page, and no card shown twice
    when news arrives between two pages."""
    events = (
        StreamEvent.objects.filter(community_id__in=community_ids)
        .select_related("actor", "organization", "community")
        .only(
            "kind",
            "subject_id",
            "detail_id",
            "title_km",
            "title_en",
            "created_at",
            "community_id",
            "actor__full_name",
            "actor__is_guest",
            "organization__name_km",
            "organization__name_en",
            "organization__acronym",
            *(f"community__{column}" for column in NAMED),
        )
        .order_by("-created_at", "-pk")
    )
    position = _parse_cursor(before)
    if position is not None:
        when, pk = position
        events = events.filter(Q(created_at__lt=when) | Q(created_at=when, pk__lt=pk))
    page = list(events[: size + 1])
    more = len(page) > size
    page = page[:size]
    return {"events": page, "next": _cursor(page[-1]) if more and page else ""}


def unread_since(person, seen_at):
    """From when a person's news counts as new: their last visit, or their arrival, but
    never more than UNREAD_HORIZON ago."""
    floor = timezone.now() - UNREAD_HORIZON
    start = seen_at or getattr(person, "date_joined", None) or floor
    return max(start, floor)


def last_visit(person, community: Community):
    """When the person last opened this community's home (None: never)."""
    return last_visits(person, [community.pk]).get(community.pk)


def last_visits(person, community_ids) -> dict:
    """When the person last opened each of these communities' homes (those they have)."""
    if not person.is_authenticated:
        return {}
    return dict(
        Visit.objects.filter(person=person, community_id__in=community_ids).values_list(
            "community_id", "seen_at"
        )
    )


def unread_counts(person, community_ids) -> dict[int, int]:
    """How many cards are new for this person in each of these communities (by others,
    since their last visit there), in one query."""
    if not person.is_authenticated or (isinstance(community_ids, list) and not community_ids):
        return {}
    floor = unread_since(person, None)
    seen = Visit.objects.filter(person=person, community=OuterRef("community_id")).values(
        "seen_at"
    )[:1]
    rows = (
        StreamEvent.objects.filter(community_id__in=community_ids, created_at__gt=floor)
        .exclude(actor=person)
        .annotate(seen=Coalesce(Subquery(seen), Value(floor)))
        .filter(created_at__gt=Greatest(F("seen"), Value(floor)))
        .order_by()
        .values("community_id")
        .annotate(count=Count("pk"))
    )
    return {row["community_id"]: row["count"] for row in rows}


UNREAD_KEPT = 60  # seconds the navigation's counts are kept before they are counted again


def unread_key(person) -> str:
    return f"unread:{person.pk}"


def unread_in_my_communities(person) -> dict[int, int]:
    """The navigation's counts of what is new in each of the person's communities: kept a
    minute in the cache (one query a minute, not one a page); opening a community's home
    clears its count at once (communities.services.record_visit)."""
    counts = caches["counts"].get(unread_key(person))
    if counts is None:
        counts = unread_counts(person, communities_inside(person).values("pk"))
        caches["counts"].set(unread_key(person), counts, UNREAD_KEPT)
    return counts


def communities_to_open(person) -> list[Community]:
    """The open communities a person is inside of, by name: where a newcomer lands."""
    return list(
        communities_inside(person)
        .exclude(status=Community.Status.CLOSED)
        .only(*NAMED)
        .order_by(translated_column("name"))
    )


def people_of(community: Community) -> QuerySet[User]:
    """The active people inside the community: its organisations' people, its guests and
    its facilitators; facilitators first (they are whom to ask), then by name."""
    inside = User.objects.filter(
        Q(
            organization__participations__community=community,
            organization__participations__left_on__isnull=True,
        )
        | Q(guest_of__community=community, guest_of__left_on__isnull=True)
        | Q(facilitated_communities=community)
    ).values("pk")
    facilitates = Community.facilitators.through.objects.filter(
        community_id=community.pk, user_id=OuterRef("pk")
    )
    return (
        User.objects.filter(pk__in=inside, is_active=True)
        .annotate(facilitates=Exists(facilitates))
        .select_related("organization")
        .only("full_name", "is_guest", *(f"organization__{column}" for column in NAMED))
        .order_by("-facilitates", "full_name")
    )


def community_people(community: Community) -> dict:
    """Who is in the community, for the people inside it: each organisation with its
    people, the guests, the facilitators."""
    participations = list(
        community.participations.filter(left_on__isnull=True)
        .select_related("organization")
        .only("community", "role", *(f"organization__{column}" for column in NAMED))
        .prefetch_related(
            Prefetch(
                "organization__people",
                queryset=User.objects.filter(is_active=True)
                .only("full_name", "organization")
                .order_by("full_name"),
            )
        )
        .order_by(translated_column("organization__name"))
    )
    return {"participations": participations, **facilitators_and_guests(community)}


# How many organisations and people the welcome panel names before "and N more".
WELCOME_NAMES = 6


def _telegram_connect_url(person) -> str:
    """Where the person connects Telegram, when this site offers Telegram and theirs is
    not connected yet; "" otherwise (and where the channel or its page is not installed)."""
    try:
        telegram = get_channel("telegram")
    except ModuleNotFoundError:  # a channel module named in the settings is not there
        return ""
    if telegram is None or telegram.reaches(person):
        return ""
    try:
        return reverse("telegram_connect")
    except NoReverseMatch:
        return ""


def welcome_panel(person, community: Community) -> dict | None:
    """What the welcome panel of a community shows a person who has just arrived in it
    (an accepted invitation), until they introduce themselves or close it: the ground
    rules, who is here, connecting Telegram, introducing themselves. None for anyone else."""
    if not (person.is_authenticated and person.is_active) or community.is_closed:
        return None
    if not is_inside(person, community):
        return None
    if hasattr(community, "welcome_pending"):  # annotated by with_access()
        if not community.welcome_pending:
            return None
    elif not Visit.objects.filter(
        person=person, community=community, welcome_pending=True
    ).exists():
        return None
    organizations = [
        participation.organization
        for participation in community.participations.filter(left_on__isnull=True)
        .select_related("organization")
        .only("community", *(f"organization__{column}" for column in NAMED))
        .order_by(translated_column("organization__name"))
    ]
    # The first few, and how many there are in all, in one query.
    people = list(
        people_of(community)
        .exclude(pk=person.pk)
        .annotate(everyone=Window(Count("pk")))[:WELCOME_NAMES]
    )
    people_count = people[0].everyone if people else 0
    return {
        "community": community,
        "organizations": organizations[:WELCOME_NAMES],
        "more_organizations": max(0, len(organizations) - WELCOME_NAMES),
        "people": people,
        "more_people": people_count - len(people),
        "telegram_url": _telegram_connect_url(person),
    }


def open_objectives(community: Community) -> QuerySet:
    """The community's objectives not reached yet, the nearest target first."""
    return community.objectives.filter(achieved_on__isnull=True).order_by(
        F("target_date").asc(nulls_last=True), "pk"
    )
