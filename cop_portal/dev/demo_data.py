"""Demo data at scale: organisations, communities and three years of their activities.

For trying the portal with realistic volumes and for measuring it (DESIGN.md §8: 100,000
activities, 500 organisations). Rows are added on top of what exists, after the Voice
seed, and every rule of the data model holds: the lead and partner organisations of an
activity take part in its community, the objectives it served are its community's,
participant counts stay within the total, dates run forward, provinces are real codes.

Text is written in Khmer and in English from parallel phrase lists, so both languages
say the same thing. Rows are written with bulk_create, in batches: fast, and without
history records (simple-history listens to save()), which is fine for demo data.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from math import prod

from django.contrib.auth.hashers import make_password
from django.db import reset_queries, transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from activities.models import Activity, ActivityType
from communities.models import Community, Objective, Participation, StreamEvent
from cop_portal.core.cache import renew_everything
from cop_portal.core.models import Mode, TargetGroup, province_choices
from cop_portal.dev.demo_accounts import DEMO_DOMAIN
from cop_portal.seed import load_voice_seed
from cop_portal.seed_data import CHARTER, KNOWLEDGE_TOPICS, PRACTICE
from members.models import Organization, Topic, User

from .phrases import (
    AUDIENCES,
    CANCELLATIONS,
    DONE_SENTENCES,
    EVENT_KINDS,
    EXPECTED,
    FAMILY_NAMES,
    FOLLOW_UPS,
    GENERAL_EVENT_KINDS,
    GIVEN_NAMES,
    LESSONS,
    NO_OUTCOMES,
    NOT_YET,
    OBJECTIVE_DESCRIPTION,
    OBJECTIVES,
    ONLINE_VENUES,
    ORGANIZATION_FOCUS,
    ORGANIZATION_KINDS,
    OUTCOMES,
    PLANNED_SENTENCES,
    REGIONS,
    SUBJECTS,
    VENUES,
)

BATCH_SIZE = 5000
DAYS_BACK = 3 * 365  # activities spread over the last three years...
DAYS_AHEAD = 60  # ...and a few planned in the coming weeks
MEMBERS_ONLY_SHARE = 1 / 3
ORGANIZATIONS_PER_COMMUNITY = 3  # at least, where there are that many organisations
SECOND_COMMUNITY_SHARE = 0.3  # organisations that also take part in another community
LANGUAGES = [User.Language.KHMER] * 4 + [User.Language.ENGLISH]  # most people read Khmer


@dataclass
class DemoDataResult:
    organizations: int = 0
    communities: int = 0
    participations: int = 0
    objectives: int = 0
    users: int = 0
    activities: int = 0
    partner_links: int = 0
    objective_links: int = 0


@dataclass
class _Province:
    code: str
    km: str  # after នៅ ("in"): ខេត្តបាត់ដំបង, រាជធានីភ្នំពេញ
    en: str


@dataclass
class _Member:
    """What an activity needs of an organisation taking part in its community."""

    pk: int
    name_km: str
    name_en: str
    province: _Province
    focal_point_id: int


@dataclass
class _CommunityPlan:
    """What activities need of a community: its organisations and objectives."""

    community: Community
    subject: tuple[str, str, str | None]
    facilitator_id: int
    members: list[_Member] = field(default_factory=list)
    objective_ids: list[int] = field(default_factory=list)


def _provinces() -> list[_Province]:
    codes = [code for code, _label in province_choices()]
    with translation.override("km"):
        names_km = [str(label) for _code, label in province_choices()]
    with translation.override("en"):
        names_en = [str(label) for _code, label in province_choices()]
    return [
        _Province(code, km if km.startswith("រាជធានី") else f"ខេត្ត{km}", en)
        for code, km, en in zip(codes, names_km, names_en, strict=True)
    ]


def _distinct(rng: random.Random, count: int, *pools: list) -> list[tuple[tuple, int]]:
    """`count` combinations of one item of each pool, distinct as long as there are enough;
    beyond that, each combination comes back with a round number (2, 3, ...) to tell it apart."""
    total = prod(len(pool) for pool in pools)
    order = rng.sample(range(total), min(count, total))
    combinations = []
    for n in range(count):
        index, round_ = order[n % total], n // total + 1
        items = []
        for pool in reversed(pools):
            index, position = divmod(index, len(pool))
            items.append(pool[position])
        combinations.append((tuple(reversed(items)), round_))
    return combinations


def _unique_slug(base: str, taken: set[str]) -> str:
    slug, n = base[:110], 2
    while slug in taken:
        slug, n = f"{base[:110]}-{n}", n + 1
    taken.add(slug)
    return slug


def _person_name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES)}"


class _Emails:
    """Demo addresses as create_demo_accounts makes them (role.slug@example.org), never
    one that exists: that command can later give these people a password."""

    def __init__(self):
        self.taken = set(User.objects.values_list("email", flat=True))

    def new(self, role: str, slug: str) -> str:
        email, n = f"{role}.{slug}@{DEMO_DOMAIN}", 2
        while email in self.taken:
            email, n = f"{role}.{slug}-{n}@{DEMO_DOMAIN}", n + 1
        self.taken.add(email)
        return email


@transaction.atomic
def generate_demo_data(
    *,
    organizations: int,
    communities: int,
    activities: int,
    seed: int | None = None,
    today: date | None = None,
    batch_size: int = BATCH_SIZE,
) -> DemoDataResult:
    """Add `organizations` organisations, `communities` communities and `activities`
    activities (with their participations, objectives, people and links), on top of the
    Voice seed and whatever exists. The same seed gives the same text and numbers.

    Raises ValueError for sizes that cannot satisfy the rules: every community needs
    organisations, every organisation a community, every activity a community.
    """
    if min(organizations, communities, activities) < 0:
        raise ValueError("Sizes cannot be negative.")
    if (organizations or communities or activities) and not (organizations and communities):
        raise ValueError(
            "Organisations and communities go together: each organisation takes part in a "
            "community, and activities need both."
        )
    rng = random.Random(seed)  # noqa: S311 -- reproducible demo data, not secrets
    today = today or timezone.localdate()
    load_voice_seed()  # the activity types
    result = DemoDataResult()
    if not organizations:
        return result

    provinces = _provinces()
    emails = _Emails()
    members = _add_organizations(rng, organizations, provinces, emails, batch_size)
    plans = _add_communities(rng, communities, today, emails, batch_size)
    result.organizations = len(members)
    result.communities = len(plans)
    result.users = 2 * len(members) + len(plans)
    result.participations = _add_participations(rng, plans, members, batch_size)
    result.objectives = _add_objectives(rng, plans, today, batch_size)

    activity_types = list(ActivityType.objects.filter(is_active=True).order_by("order", "code"))
    if activities and not activity_types:
        raise ValueError("Activities need an active activity type.")
    # Some communities are busier than others.
    weights, total = [], 0.0
    for _plan in plans:
        total += rng.uniform(0.5, 2.0)
        weights.append(total)
    for batch_start in range(0, activities, batch_size):
        count = min(batch_size, activities - batch_start)
        rows, links = [], []
        for plan in rng.choices(plans, cum_weights=weights, k=count):
            activity, partner_ids, objective_ids = _activity(
                rng, plan, activity_types, provinces, today
            )
            rows.append(activity)
            links.append((partner_ids, objective_ids))
        rows = Activity.objects.bulk_create(rows, batch_size=batch_size)
        partners = [
            Activity.partner_organizations.through(activity_id=row.pk, organization_id=pk)
            for row, (partner_ids, _o) in zip(rows, links, strict=True)
            for pk in partner_ids
        ]
        served = [
            Activity.objectives.through(activity_id=row.pk, objective_id=pk)
            for row, (_p, objective_ids) in zip(rows, links, strict=True)
            for pk in objective_ids
        ]
        Activity.partner_organizations.through.objects.bulk_create(partners, batch_size=batch_size)
        Activity.objectives.through.objects.bulk_create(served, batch_size=batch_size)
        StreamEvent.objects.bulk_create(_stream_events(rows), batch_size=batch_size)
        result.activities += len(rows)
        result.partner_links += len(partners)
        result.objective_links += len(served)
        # With DEBUG on, Django keeps the text of every query: megabytes per batch here.
        reset_queries()
    renew_everything()  # bulk writes send no signals: the kept reports are made again
    return result


STREAM_KINDS = {
    Activity.Status.PLANNED: StreamEvent.Kind.ACTIVITY_PLANNED,
    Activity.Status.DONE: StreamEvent.Kind.ACTIVITY_DONE,
}


def _stream_events(rows) -> list[StreamEvent]:
    """The activities' cards on their communities' streams, dated as they happened: a
    done activity the day it was done, a planned one a month before its date."""
    now = timezone.now()
    events = []
    for row in rows:
        kind = STREAM_KINDS.get(row.status)
        if kind is None:
            continue
        day = (
            row.start_date
            if kind == StreamEvent.Kind.ACTIVITY_DONE
            else row.start_date - timedelta(days=30)
        )
        when = min(now, timezone.make_aware(datetime.combine(day, time(12))))
        events.append(
            StreamEvent(
                community_id=row.community_id,
                kind=kind,
                actor_id=row.created_by_id,
                organization_id=row.lead_organization_id,
                subject_id=row.pk,
                title=row.title_km or row.title_en,
                title_km=row.title_km or "",
                title_en=row.title_en or "",
                created_at=when,
            )
        )
    return events


def _add_organizations(rng, count, provinces, emails, batch_size) -> list[_Member]:
    """Organisations with their knowledge-map topics, a focal point and a member each."""
    taken_slugs = set(Organization.objects.values_list("slug", flat=True))
    organizations, their_provinces = [], []
    for (kind, focus, province), round_ in _distinct(
        rng, count, ORGANIZATION_KINDS, ORGANIZATION_FOCUS, provinces
    ):
        suffix = f" {round_}" if round_ > 1 else ""
        name_km = f"{kind[0]}{focus[0]} {province.km}{suffix}"
        name_en = f"{province.en} {kind[1]} {focus[1]}{suffix}"
        target_group = focus[2] or rng.choice(TargetGroup.values)
        subject = rng.choice([s for s in SUBJECTS if s[2] in (target_group, None)])
        slug = _unique_slug(slugify(name_en), taken_slugs)
        organizations.append(
            Organization(
                name_km=name_km,
                name_en=name_en,
                acronym="".join(word[0] for word in name_en.split() if word[0].isupper())[:10],
                slug=slug,
                description_km=f"{name_km} ធ្វើការជាមួយសហគមន៍មូលដ្ឋាននៅ{province.km} លើ{subject[0]}។",
                description_en=(
                    f"{name_en} works with local communities in {province.en} on {subject[1]}."
                ),
                target_group=target_group,
                province=province.code,
                address=f"ផ្ទះលេខ {rng.randint(1, 300)} ផ្លូវ {rng.randint(1, 600)} {province.km}",
                website=f"https://{slug}.example.org/",
                contact_email=f"info@{slug}.example.org",
                contact_phone=(
                    f"0{rng.choice([12, 17, 77, 92, 97])}"
                    f" {rng.randint(100, 999)} {rng.randint(100, 999)}"
                ),
            )
        )
        their_provinces.append(province)
    organizations = Organization.objects.bulk_create(organizations, batch_size=batch_size)

    topics = [
        Topic.objects.get_or_create(slug=slug, defaults={"name_km": km, "name_en": en})[0]
        for slug, km, en in KNOWLEDGE_TOPICS
    ]
    offers, needs = [], []
    for organization in organizations:
        chosen = rng.sample(topics, 5)  # what it offers is not what it needs
        offers += [
            Organization.offers.through(organization_id=organization.pk, topic_id=topic.pk)
            for topic in chosen[: rng.randint(1, 3)]
        ]
        needs += [
            Organization.needs.through(organization_id=organization.pk, topic_id=topic.pk)
            for topic in chosen[3 : 3 + rng.randint(1, 2)]
        ]
    Organization.offers.through.objects.bulk_create(offers, batch_size=batch_size)
    Organization.needs.through.objects.bulk_create(needs, batch_size=batch_size)

    people = [
        User(
            email=emails.new(role, organization.slug),
            full_name=_person_name(rng),
            organization=organization,
            is_focal_point=role == "focal",
            preferred_language=rng.choice(LANGUAGES),
            password=make_password(None),  # demo people cannot sign in
        )
        for organization in organizations
        for role in ("focal", "member")
    ]
    people = User.objects.bulk_create(people, batch_size=batch_size)
    focal_points = [person for person in people if person.is_focal_point]
    return [
        _Member(
            pk=organization.pk,
            name_km=organization.name_km,
            name_en=organization.name_en,
            province=province,
            focal_point_id=focal_point.pk,
        )
        for organization, province, focal_point in zip(
            organizations, their_provinces, focal_points, strict=True
        )
    ]


def _add_communities(rng, count, today, emails, batch_size) -> list[_CommunityPlan]:
    """Communities, each with a subject, a region and a facilitator; a third members-only."""
    taken_slugs = set(Community.objects.values_list("slug", flat=True))
    members_only = set(rng.sample(range(count), round(count * MEMBERS_ONLY_SHARE)))
    communities, subjects, facilitators = [], [], []
    for index, ((subject, region), round_) in enumerate(_distinct(rng, count, SUBJECTS, REGIONS)):
        suffix = f" {round_}" if round_ > 1 else ""
        name_km = f"ក្រុម{subject[0]} {region[0]}{suffix}"
        name_en = f"{subject[1][0].upper()}{subject[1][1:]} – {region[1]}{suffix}"
        slug = _unique_slug(slugify(name_en), taken_slugs)
        start_date = today - timedelta(days=DAYS_BACK + rng.randint(30, 400))
        facilitators.append(
            User(
                email=emails.new("facilitator", slug),
                full_name=_person_name(rng),
                is_facilitator=True,
                password=make_password(None),
            )
        )
        subjects.append(subject)
        communities.append(
            Community(
                name_km=name_km,
                name_en=name_en,
                slug=slug,
                target_group=subject[2] or rng.choice(TargetGroup.values),
                domain_km=f"តើសមាជិកអាចលើកកម្ពស់{subject[0]}នៅ{region[0]} ជាមួយគ្នាដោយរបៀបណា?",
                domain_en=f"How can members advance {subject[1]} in {region[2]} together?",
                practice_km=PRACTICE[0],
                practice_en=PRACTICE[1],
                goal_km=(
                    f"ក្នុងរយៈពេលបីឆ្នាំ សមាជិកចងក្រងការអនុវត្តល្អស្តីពី{subject[0]}"
                    " ហើយចែករំលែកវាជាមួយអាជ្ញាធរមូលដ្ឋាន។"
                ),
                goal_en=(
                    f"Within three years, members document good practices in {subject[1]}"
                    " and share them with the local authorities."
                ),
                charter_km=CHARTER[0],
                charter_en=CHARTER[1],
                start_date=start_date,
                planned_end_date=start_date + timedelta(days=5 * 365),
                status=Community.Status.ACTIVE,
                mode=rng.choice(Mode.values),
                meeting_cadence=rng.choice(Community.Cadence.values),
                visibility=(
                    Community.Visibility.MEMBERS
                    if index in members_only
                    else Community.Visibility.PUBLIC
                ),
            )
        )
    facilitators = User.objects.bulk_create(facilitators, batch_size=batch_size)
    for community, facilitator in zip(communities, facilitators, strict=True):
        community.created_by = facilitator
    communities = Community.objects.bulk_create(communities, batch_size=batch_size)
    Community.facilitators.through.objects.bulk_create(
        [
            Community.facilitators.through(community_id=community.pk, user_id=facilitator.pk)
            for community, facilitator in zip(communities, facilitators, strict=True)
        ],
        batch_size=batch_size,
    )
    return [
        _CommunityPlan(community=community, subject=subject, facilitator_id=facilitator.pk)
        for community, subject, facilitator in zip(communities, subjects, facilitators, strict=True)
    ]


def _add_participations(rng, plans, organizations, batch_size) -> int:
    """Every organisation in one community (round robin over a shuffled order), some in a
    second one, and at least a few organisations in every community. Fills plan.members."""
    order = list(range(len(organizations)))
    rng.shuffle(order)
    chosen = [[] for _plan in plans]
    for position, index in enumerate(order):
        chosen[position % len(plans)].append(index)
    least = min(ORGANIZATIONS_PER_COMMUNITY, len(organizations))
    for indexes in chosen:
        while len(indexes) < least:
            candidate = rng.randrange(len(organizations))
            if candidate not in indexes:
                indexes.append(candidate)
    for index in range(len(organizations)):
        if rng.random() < SECOND_COMMUNITY_SHARE:
            indexes = chosen[rng.randrange(len(plans))]
            if index not in indexes:
                indexes.append(index)
    participations = []
    accepted_at = timezone.now()  # demo data: taking part by an admin's decision
    for plan, indexes in zip(plans, chosen, strict=True):
        plan.members = [organizations[index] for index in indexes]
        participations += [
            Participation(
                community=plan.community,
                organization_id=member.pk,
                role=Participation.Role.LEAD if position == 0 else Participation.Role.MEMBER,
                joined_on=plan.community.start_date,  # before any of its activities
                accepted_at=accepted_at,
            )
            for position, member in enumerate(plan.members)
        ]
    return len(Participation.objects.bulk_create(participations, batch_size=batch_size))


def _add_objectives(rng, plans, today, batch_size) -> int:
    """Two to four objectives per community, on its subject. Fills plan.objective_ids."""
    objectives, owners = [], []
    for plan in plans:
        subject_km, subject_en, _group = plan.subject
        for title_km, title_en in rng.sample(OBJECTIVES, rng.randint(2, 4)):
            target_date = plan.community.start_date + timedelta(days=rng.randint(365, 5 * 365))
            if target_date <= today:
                progress = rng.choice([60, 70, 80, 90, 100, 100, 100])
            else:
                progress = 5 * rng.randint(0, 18)
            objectives.append(
                Objective(
                    community=plan.community,
                    title_km=title_km.format(km=subject_km),
                    title_en=title_en.format(en=subject_en),
                    description_km=OBJECTIVE_DESCRIPTION[0],
                    description_en=OBJECTIVE_DESCRIPTION[1],
                    target_date=target_date,
                    progress=progress,
                    achieved_on=target_date if progress == 100 else None,
                )
            )
            owners.append(plan)
    objectives = Objective.objects.bulk_create(objectives, batch_size=batch_size)
    for objective, plan in zip(objectives, owners, strict=True):
        plan.objective_ids.append(objective.pk)
    return len(objectives)


def _activity(rng, plan: _CommunityPlan, activity_types, provinces, today):
    """One activity of a community, with the partners and objectives it links to."""
    lead = rng.choice(plan.members)
    subject = plan.subject if rng.random() < 0.6 else rng.choice(SUBJECTS)
    subject_km, subject_en = subject[0], subject[1]
    activity_type = rng.choice(activity_types)
    kind_km, kind_en = rng.choice(EVENT_KINDS.get(activity_type.code, GENERAL_EVENT_KINDS))
    audience_km, audience_en = rng.choice(AUDIENCES)

    start_date = today + timedelta(days=rng.randint(-DAYS_BACK, DAYS_AHEAD))
    if start_date > today:
        status = Activity.Status.PLANNED
    else:
        status = Activity.Status.CANCELLED if rng.random() < 0.06 else Activity.Status.DONE
    length = rng.random()
    end_date = (
        None
        if length < 0.15
        else start_date
        if length < 0.75
        else start_date + timedelta(days=rng.randint(1, 4))
    )
    mode = rng.choices((Mode.IN_PERSON, Mode.HYBRID, Mode.ONLINE), weights=(65, 20, 15))[0]
    if mode == Mode.ONLINE:
        place, province = rng.choice(ONLINE_VENUES), None
        where_km, where_en = " (តាមអនឡាញ)", " (online)"
    else:
        place = rng.choice(VENUES)
        province = lead.province if rng.random() < 0.6 else rng.choice(provinces)
        where_km, where_en = f" នៅ{province.km}", f" in {province.en}"

    title_km = f"{kind_km}ស្តីពី{subject_km}{audience_km}{where_km}"
    title_en = f"{kind_en} on {subject_en}{audience_en}{where_en}"
    if status == Activity.Status.DONE:
        sentences = rng.sample(DONE_SENTENCES, 2)
        summary_km = f"រៀបចំដោយ {lead.name_km}។ " + " ".join(
            s[0].format(km=subject_km) for s in sentences
        )
        summary_en = f"Organised by {lead.name_en}. " + " ".join(
            s[1].format(en=subject_en) for s in sentences
        )
        outcomes = rng.sample(OUTCOMES, rng.randint(1, 2))
        outcomes_km = " ".join(o[0] for o in outcomes).format(km=subject_km)
        outcomes_en = " ".join(o[1] for o in outcomes).format(en=subject_en)
        lessons = rng.sample(LESSONS, rng.randint(1, 2))
        lessons_km = " ".join(lesson[0] for lesson in lessons)
        lessons_en = " ".join(lesson[1] for lesson in lessons)
    else:
        sentence = rng.choice(PLANNED_SENTENCES)
        summary_km = f"នឹងរៀបចំដោយ {lead.name_km}។ " + sentence[0].format(km=subject_km)
        summary_en = f"To be organised by {lead.name_en}. " + sentence[1].format(en=subject_en)
        if status == Activity.Status.PLANNED:
            outcome = rng.choice(OUTCOMES)
            outcomes_km = EXPECTED[0] + outcome[0].format(km=subject_km)
            outcomes_en = EXPECTED[1] + outcome[1].format(en=subject_en)
            lessons_km, lessons_en = NOT_YET
        else:
            outcomes_km, outcomes_en = NO_OUTCOMES
            lessons_km, lessons_en = rng.choice(CANCELLATIONS)

    counts = {}
    if status == Activity.Status.DONE:
        total = rng.randint(8, 120)
        women = round(total * rng.uniform(0.3, 0.75))
        men = rng.randint((total - women) * 2 // 3, total - women)
        counts = {
            "participants_total": total,
            "participants_women": women,
            "participants_men": men,
            "participants_disability": rng.randint(0, total // 6),
            "participants_youth": rng.randint(0, total // 2),
            "participants_elderly": rng.randint(0, total // 5),
            "participants_indigenous": rng.randint(0, total // 5),
        }
        # The community's own target group is well represented.
        emphasis = {
            TargetGroup.DISABILITY: "participants_disability",
            TargetGroup.INDIGENOUS: "participants_indigenous",
            TargetGroup.ELDERLY_YOUTH: "participants_youth",
        }.get(plan.community.target_group)
        if emphasis:
            counts[emphasis] = rng.randint(total // 2, total)

    others = [member for member in plan.members if member is not lead]
    partners = rng.sample(others, min(len(others), rng.choices((0, 1, 2, 3), (30, 35, 25, 10))[0]))
    served = []
    if status == Activity.Status.DONE and plan.objective_ids:
        served = rng.sample(plan.objective_ids, min(len(plan.objective_ids), rng.randint(0, 2)))
    author_id = lead.focal_point_id if rng.random() < 0.7 else plan.facilitator_id
    activity = Activity(
        community=plan.community,
        activity_type=activity_type,
        title_km=title_km,
        title_en=title_en,
        summary_km=summary_km,
        summary_en=summary_en,
        lead_organization_id=lead.pk,
        status=status,
        start_date=start_date,
        end_date=end_date,
        mode=mode,
        place=place,
        province=province.code if province else "",
        outcomes_km=outcomes_km,
        outcomes_en=outcomes_en,
        lessons_learned_km=lessons_km,
        lessons_learned_en=lessons_en,
        follow_up=rng.choice(FOLLOW_UPS) if status == Activity.Status.DONE else "",
        created_by_id=author_id,
        updated_by_id=author_id,
        **counts,
    )
    return activity, [partner.pk for partner in partners], served
