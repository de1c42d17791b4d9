from collections import defaultdict

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    When,
)

from cop_portal.core.models import NAMED, translated_column
from members.models import User
from members.permissions import is_admin

from .models import Community, Idea, Participation, Post, Proposal, Resource

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
    """Annotate, in the same query, whether this person is inside each community and
    whether they facilitate it."""
    facilitates = (
        Community.facilitators.through.objects.filter(community_id=OuterRef("pk"), user_id=user.pk)
        if user.is_authenticated and user.is_active
        else Community.facilitators.through.objects.none()
    )
    return communities.annotate(
        person_is_inside=Exists(communities_inside(user).filter(pk=OuterRef("pk"))),
        facilitates=Exists(facilitates),
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
