from collections import defaultdict

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from activities.models import Activity, Attachment
from activities.selectors import activities_visible_to
from communities.models import Community, Idea, Objective, Participation, StreamEvent
from communities.selectors import (
    LISTED,
    communities_inside,
    communities_visible_to,
    facilitators_and_guests,
    insider_filter,
)
from communities.stream import path_of, sentence
from cop_portal.core.models import name_column
from cop_portal.core.text import normalize_query
from members.models import Invitation, Organization, Topic, User
from members.permissions import is_admin

# How many organisation names a list of the knowledge map shows before "and N more".
ORGANIZATIONS_NAMED = 5


# What the knowledge map's lists load of an organisation: enough to name and link it.
NAME_ONLY = (
    "topic",
    "organization",
    "organization__slug",
    *(f"organization__name_{language}" for language in ("km", "en")),
)


COMMUNITY_NAME = ("slug", "name_km", "name_en")


def visible_communities(user) -> list[Community]:
    """Every community this person may know exists (closed ones too), lightly loaded."""
    return list(
        communities_visible_to(user).only(*COMMUNITY_NAME, "status").order_by(name_column())
    )


def community_choices(communities: list[Community]) -> list[Community]:
    """The communities to filter organisations by: the open ones among those given."""
    return [community for community in communities if not community.is_closed]


def _in_scope(organizations, *, target_group="", taking_part=None) -> QuerySet[Organization]:
    """The organisations of a target group, and of the participations given (if any)."""
    if target_group:
        organizations = organizations.filter(target_group=target_group)
    if taking_part is not None:
        organizations = organizations.filter(
            pk__in=taking_part.filter(left_on__isnull=True).values("organization")
        )
    return organizations


def organization_directory(
    user, *, q="", target_group="", province="", community="", offers="", needs=""
) -> QuerySet[Organization]:
    """Active organisations, filtered, each with the topics it offers. `community` (a slug)
    only ever matches a community this person may see."""
    organizations = _in_scope(
        Organization.objects.filter(is_active=True),
        target_group=target_group,
        taking_part=Participation.objects.filter(
            community__in=communities_visible_to(user).filter(slug=community)
        )
        if community
        else None,
    )
    if q := normalize_query(q):
        organizations = organizations.filter(
            Q(name_km__icontains=q) | Q(name_en__icontains=q) | Q(acronym__icontains=q)
        )
    if province:
        organizations = organizations.filter(province=province)
    if offers:
        organizations = organizations.filter(offers__slug=offers)
    if needs:
        organizations = organizations.filter(needs__slug=needs)
    return organizations.prefetch_related(
        Prefetch("offers", queryset=Topic.objects.order_by(name_column()))
    ).order_by(name_column(), "pk")


def organization_page(user, organization: Organization) -> dict:
    """What an organisation's page shows this person: the communities it takes part in that
    they may see (never a members-only one they are outside of), the activities it led that
    they may see, and its people's names only to its own people, the facilitators of its
    communities and admins."""
    facilitates = Community.facilitators.through.objects.filter(
        community_id=OuterRef("community_id"), user_id=user.pk
    )
    participations = list(
        Participation.objects.filter(
            organization=organization,
            left_on__isnull=True,
            community__in=communities_visible_to(user),
        )
        .exclude(community__status=Community.Status.CLOSED)
        .select_related("community")
        .annotate(facilitates=Exists(facilitates))
        .order_by(name_column("community__"))
    )
    led = (
        activities_visible_to(user)
        .filter(lead_organization=organization)
        .aggregate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=Activity.Status.DONE)),
        )
    )
    topics = list(
        Topic.objects.annotate(
            offered=Exists(
                Organization.offers.through.objects.filter(
                    topic_id=OuterRef("pk"), organization_id=organization.pk
                )
            ),
            needed=Exists(
                Organization.needs.through.objects.filter(
                    topic_id=OuterRef("pk"), organization_id=organization.pk
                )
            ),
        )
        .filter(Q(offered=True) | Q(needed=True))
        .order_by(name_column())
    )
    sees_people = (
        is_admin(user)
        or user.organization_id == organization.pk
        or any(participation.facilitates for participation in participations)
    )
    return {
        "organization": organization,
        "participations": participations,
        "led": led,
        "offers": [topic for topic in topics if topic.offered],
        "needs": [topic for topic in topics if topic.needed],
        "people": list(organization.people.filter(is_active=True).order_by("full_name"))
        if sees_people
        else None,
    }


def _count_per_topic(through, organizations) -> Coalesce:
    """How many of these organisations offer (or need) each topic, counted in the database."""
    return Coalesce(
        Subquery(
            through.objects.filter(topic_id=OuterRef("pk"), organization__in=organizations)
            .order_by()
            .values("topic_id")
            .annotate(count=Count("organization_id", distinct=True))
            .values("count")
        ),
        0,
    )


def _first_per_topic(through, organizations, *, partner_topics: str, visible_ids, limit: int):
    """The first `limit` of these organisations (by name) for each topic, grouped by topic,
    each marked when it already takes part, in a community this person may see, with an
    organisation on the other side (one that offers what it needs, or needs what it offers)."""
    partner_in_community = Participation.objects.filter(
        organization_id=OuterRef("organization_id"),
        left_on__isnull=True,
        community_id__in=visible_ids,
        community__participations__left_on__isnull=True,
        community__participations__organization__is_active=True,
        **{f"community__participations__organization__{partner_topics}": OuterRef("topic_id")},
    )
    first = (
        through.objects.filter(organization__in=organizations)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("topic_id")],
                order_by=[F(name_column("organization__")).asc(), F("organization_id").asc()],
            )
        )
        .filter(rank__lte=limit)
        .values("pk")
    )
    # The note is worked out for the rows shown only, not for every row ranked.
    rows = (
        through.objects.filter(pk__in=first)
        .annotate(shares_community=Exists(partner_in_community))
        .select_related("organization")
        .only(*NAME_ONLY)
        .order_by("topic_id", name_column("organization__"), "organization_id")
    )
    grouped = defaultdict(list)
    for row in rows:
        row.organization.shares_community = row.shares_community
        grouped[row.topic_id].append(row.organization)
    return grouped


def _offers_for(organization: Organization, topics: list[Topic], scope, *, visible_ids, limit):
    """For each topic the organisation needs, the first organisations that offer it: those
    already taking part with it in a community this person may see first, each with the
    names of those communities."""
    if not topics:
        return {}
    shared = Participation.objects.filter(
        organization=organization, left_on__isnull=True, community_id__in=visible_ids
    ).values("community_id")
    rows = list(
        Organization.offers.through.objects.filter(
            topic_id__in=[topic.pk for topic in topics],
            organization__in=scope.exclude(pk=organization.pk),
        )
        .annotate(
            shares_community=Exists(
                Participation.objects.filter(
                    organization_id=OuterRef("organization_id"),
                    left_on__isnull=True,
                    community__in=shared,
                )
            ),
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("topic_id")],
                order_by=[
                    F("shares_community").desc(),
                    F(name_column("organization__")).asc(),
                    F("organization_id").asc(),
                ],
            ),
        )
        .filter(rank__lte=limit)
        .select_related("organization")
        .only(*NAME_ONLY)
        .order_by("topic_id", "rank")
    )
    together = defaultdict(list)
    sharing = {row.organization_id for row in rows if row.shares_community}
    if sharing:
        for participation in (
            Participation.objects.filter(
                organization_id__in=sharing, left_on__isnull=True, community__in=shared
            )
            .select_related("community")
            .only("organization", "community", *(f"community__{f}" for f in COMMUNITY_NAME))
            .order_by(name_column("community__"))
        ):
            together[participation.organization_id].append(participation.community)
    grouped = defaultdict(list)
    for row in rows:
        row.organization.shared_communities = together[row.organization_id]
        grouped[row.topic_id].append(row.organization)
    return grouped


def knowledge_map(
    user, *, visible=None, target_group="", community="", limit=ORGANIZATIONS_NAMED
) -> dict:
    """Who offers and who needs each topic, among the active organisations of the chosen
    target group and community (one this person may see): counts made in the database and
    the first names of each list; the gaps (needed, offered by none of them); and, for the
    person's own organisation, who offers what it needs. `visible` is the list of the
    communities this person may see, when the caller has it already."""
    if visible is None:
        visible = visible_communities(user)
    # What the notes may name: communities this person may see that have not closed.
    visible_ids = [c.pk for c in community_choices(visible)]
    everyone = Organization.objects.filter(is_active=True)
    taking_part = None
    if community:
        chosen = [c.pk for c in visible if c.slug == community]
        taking_part = Participation.objects.filter(community_id__in=chosen)
    scope = _in_scope(everyone, target_group=target_group, taking_part=taking_part)
    own = user.organization_id if user.is_authenticated else None
    topics = list(
        Topic.objects.annotate(
            offer_count=_count_per_topic(Organization.offers.through, scope),
            need_count=_count_per_topic(Organization.needs.through, scope),
            # Offered outside the selection: the same as offer_count when nothing is chosen.
            offer_count_anywhere=_count_per_topic(Organization.offers.through, everyone)
            if target_group or community
            else F("offer_count"),
            own_need=Exists(
                Organization.needs.through.objects.filter(
                    topic_id=OuterRef("pk"), organization_id=own, organization__is_active=True
                )
            ),
            # The size of the selection, in the same query.
            organization_count=Subquery(
                scope.order_by()
                .annotate(one=Value(1))
                .values("one")
                .annotate(count=Count("pk"))
                .values("count")
            ),
        ).order_by(name_column())
    )
    offered = _first_per_topic(
        Organization.offers.through,
        scope,
        partner_topics="needs",
        visible_ids=visible_ids,
        limit=limit,
    )
    needed = _first_per_topic(
        Organization.needs.through,
        scope,
        partner_topics="offers",
        visible_ids=visible_ids,
        limit=limit,
    )
    for topic in topics:
        topic.first_offering = offered.get(topic.pk, [])
        topic.first_needing = needed.get(topic.pk, [])
        topic.more_offering = topic.offer_count - len(topic.first_offering)
        topic.more_needing = topic.need_count - len(topic.first_needing)
    own_needs = [topic for topic in topics if topic.own_need]
    if own_needs:
        organization = Organization(pk=own)
        offers = _offers_for(organization, own_needs, scope, visible_ids=visible_ids, limit=limit)
        for topic in own_needs:
            topic.offers_for_you = offers.get(topic.pk, [])
            topic.more_for_you = topic.offer_count - len(topic.offers_for_you)
    return {
        "topics": topics,
        "gaps": [topic for topic in topics if topic.need_count and not topic.offer_count],
        "own_needs": own_needs,
        "organization_count": (topics[0].organization_count or 0) if topics else scope.count(),
    }


def directory(user, *, q="", target_group="", status="", mode="") -> QuerySet[Community]:
    """The communities directory: what this person may see, filtered, each with whether
    the person is inside and the date of its next planned activity (its organisations:
    with_current_organizations, for the page shown)."""
    communities = communities_visible_to(user)
    if q := normalize_query(q):
        communities = communities.filter(
            Q(name_km__icontains=q)
            | Q(name_en__icontains=q)
            | Q(domain_km__icontains=q)
            | Q(domain_en__icontains=q)
        )
    if target_group:
        communities = communities.filter(target_group=target_group)
    if status:
        communities = communities.filter(status=status)
    if mode:
        communities = communities.filter(mode=mode)
    next_activity = Activity.objects.filter(
        community=OuterRef("pk"),
        status=Activity.Status.PLANNED,
        start_date__gte=timezone.localdate(),
    ).order_by("start_date")
    return (
        communities.annotate(
            person_is_inside=Exists(communities_inside(user).filter(pk=OuterRef("pk"))),
            next_activity_date=Subquery(next_activity.values("start_date")[:1]),
        )
        .only(*LISTED, "target_group", "mode", "domain", "domain_km", "domain_en")
        .order_by("status", "name")
    )


# Figures of the community page, computed in the query that fetches the community.
COMMUNITY_PAGE_FIGURES = {
    "open_idea_count": Count("ideas", filter=Q(ideas__status=Idea.Status.OPEN), distinct=True),
}


def community_page(community: Community, *, inside: bool) -> dict:
    """What the community's page shows: the summary to everyone allowed to see it, the
    Practice and Community parts only to those inside it."""
    context = {"community": community, "inside": inside}
    if not inside:
        return context
    today = timezone.localdate()
    activities = (
        Activity.objects.filter(community=community)
        .select_related("activity_type", "lead_organization")
        .only(
            "title_km",
            "title_en",
            "start_date",
            "lessons_learned_km",
            "lessons_learned_en",
            *(
                f"{relation}__{column}"
                for relation in ("activity_type", "lead_organization")
                for column in ("name", "name_km", "name_en")
            ),
        )
    )
    objectives = list(community.objectives.all())
    participations = list(
        community.participations.filter(left_on__isnull=True)
        .select_related("organization")
        .only(
            "community",
            "role",
            "organization__name",
            "organization__name_km",
            "organization__name_en",
        )
        .prefetch_related(
            Prefetch(
                "organization__people",
                queryset=User.objects.filter(is_active=True)
                .only("full_name", "organization")
                .order_by("full_name"),
            )
        )
        .order_by("organization__name")
    )
    context.update(
        objectives=objectives,
        progress=round(sum(o.progress for o in objectives) / len(objectives))
        if objectives
        else None,
        upcoming=list(
            activities.filter(status=Activity.Status.PLANNED, start_date__gte=today).order_by(
                "start_date"
            )[:5]
        ),
        recent=list(activities.filter(status=Activity.Status.DONE).order_by("-start_date")[:5]),
        participations=participations,
        **facilitators_and_guests(community),
        recent_discussions=list(
            community.discussions.only("title", "updated_at").order_by("-updated_at")[:3]
        ),
    )
    return context


def _count_per_community(queryset) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.filter(community=OuterRef("pk"))
            .order_by()
            .values("community")
            .annotate(count=Count("pk"))
            .values("count")
        ),
        0,
    )


def dashboard_communities(user) -> QuerySet[Community]:
    """The person's communities; for those they facilitate, what needs doing: objectives
    past their date and not achieved, planned activities whose date has passed without a
    report, open ideas, invitations not yet accepted."""
    today = timezone.localdate()
    facilitates = Community.facilitators.through.objects.filter(
        community_id=OuterRef("pk"), user_id=user.pk
    )
    return (
        Community.objects.filter(pk__in=Community.objects.filter(insider_filter(user)).values("pk"))
        .annotate(
            facilitates=Exists(facilitates),
            overdue_objectives=_count_per_community(
                Objective.objects.filter(target_date__lt=today, achieved_on__isnull=True)
            ),
            unreported_activities=_count_per_community(
                Activity.objects.filter(status=Activity.Status.PLANNED, start_date__lt=today)
            ),
            open_ideas=_count_per_community(Idea.objects.filter(status=Idea.Status.OPEN)),
            pending_invitations=_count_per_community(
                Invitation.objects.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())
            ),
        )
        .only(*LISTED)
        .order_by("status", "name")
    )


# The stream's cards: where each leads (communities.stream.path_of), an activity's photo.
def stream_cards(events: list[StreamEvent], *, new_since, person=None) -> list:
    """The events as cards: each with its `url`, whether it is `new` (after `new_since`,
    by someone else: a time, or a function of the community's id giving one), and for an
    activity its first photo (`photo`: the attachment), in one query for the whole page."""
    since = new_since if callable(new_since) else (lambda _community_id: new_since)
    activity_kinds = (StreamEvent.Kind.ACTIVITY_PLANNED, StreamEvent.Kind.ACTIVITY_DONE)
    activity_ids = {e.subject_id for e in events if e.kind in activity_kinds}
    photos = {}
    if activity_ids:
        for attachment in (
            Attachment.objects.filter(
                activity_id__in=activity_ids, content_type__startswith="image/"
            )
            .only("activity_id", "caption", "file_name")
            .order_by("-activity_id", "pk")
        ):
            photos.setdefault(attachment.activity_id, attachment)
    for event in events:
        event.url = path_of(event)
        event.sentence = sentence(event)
        event.photo = photos.get(event.subject_id) if event.kind in activity_kinds else None
        event.new = event.created_at > since(event.community_id) and (
            person is None or event.actor_id != person.pk
        )
    return events
