"""The figures of the programme and community reports, computed in the database.

Every figure is an aggregate query (GROUP BY, COUNT, SUM); Python only puts the grouped
rows in order. The same functions feed the pages, their charts and data tables, and the
spreadsheet, so the three always agree.

Small numbers: a participant count shown to someone outside a community (its public page,
or a programme report and its spreadsheet for anyone but an admin) is rounded to the
nearest multiple of 5, and from 0 to 4 it reads "<5", so that nobody can be singled out;
those reports cover whole months only (activities/forms.py), so that subtracting one
period from another gives nothing finer than the rounding. People inside a community see
its exact figures on its own report; admins see exact figures everywhere.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from communities.models import Community, Objective, Participation
from communities.selectors import communities_inside, communities_visible_to
from cop_portal.core.cache import remember
from cop_portal.core.models import translated_column
from cop_portal.core.validators import FIRST_YEAR, LAST_YEAR
from members.permissions import is_admin

from .models import PARTICIPANT_COUNTS, Activity

SUPPRESS_BELOW = 5
ROUND_TO = 5
COUNTS = ("done", "planned", "cancelled", "organizations")
TOP_ORGANIZATIONS = 15
STORIES = 6

# (key, label) of the participant counts, in the order every report shows them.
PARTICIPANT_LABELS = [
    ("participants_total", _("All participants")),
    ("participants_women", _("Women")),
    ("participants_men", _("Men")),
    ("participants_disability", _("People with disabilities")),
    ("participants_youth", _("Youth")),
    ("participants_elderly", _("Elderly people")),
    ("participants_indigenous", _("Indigenous people")),
]


@dataclass(frozen=True)
class Figure:
    """A participant count as a reader sees it: exact, rounded to a multiple of 5, or "<5".

    A rounded or suppressed figure keeps only what is shown (`value` is the rounded count,
    0 when suppressed): nothing that draws it, caches it or writes it to a file can give
    the exact count away."""

    value: int
    suppressed: bool = False

    def __str__(self):
        if self.suppressed:
            return pgettext("a count too small to show", "<%(limit)s") % {"limit": SUPPRESS_BELOW}
        return str(self.value)

    @property
    def shown(self) -> int:
        """What a chart may draw: the number shown, nothing for a suppressed count."""
        return 0 if self.suppressed else self.value

    @property
    def cell(self):
        """The value for a spreadsheet cell: a number, or the text "<5"."""
        return str(self) if self.suppressed else self.value


def rounded(value: int) -> int:
    """`value` to the nearest multiple of ROUND_TO: 7 -> 5, 8 -> 10, 12 -> 10, 13 -> 15. A
    whole number is never halfway between two multiples of 5, so there is no tie."""
    return (value + ROUND_TO // 2) // ROUND_TO * ROUND_TO


def figure(value, *, suppress: bool) -> Figure:
    """A count as shown: exact, or, when `suppress` (for someone outside the community),
    "<5" from 0 to 4 (a shown 0 would tell nobody from a few) and else rounded."""
    value = value or 0
    if not suppress:
        return Figure(value)
    if value < SUPPRESS_BELOW:
        return Figure(0, suppressed=True)
    return Figure(rounded(value))


def participant_figures(sums: dict, *, suppress: bool) -> list[dict]:
    """Each participant count of `sums` (keyed by field name), labelled, in report order."""
    return [
        {"key": key, "label": label, "figure": figure(sums.get(key), suppress=suppress)}
        for key, label in PARTICIPANT_LABELS
    ]


def suppressed_for(user) -> bool:
    """Whether a programme report shows this person rounded and suppressed participant
    counts over whole months: everyone but an admin."""
    return not is_admin(user)


def whole_months(date_from, date_to) -> tuple:
    """The period widened to the whole months it touches: what a rounded and suppressed
    report covers, whatever its caller asks (the filter form already asks in months)."""
    if date_from:
        date_from = date_from.replace(day=1)
    if date_to:
        date_to = date_to.replace(day=calendar.monthrange(date_to.year, date_to.month)[1])
    return date_from, date_to


@dataclass
class Report:
    """What a report shows. `suppress` says whether participant counts are rounded and
    small ones hidden (and the period is whole months)."""

    suppress: bool
    date_from: datetime.date | None
    date_to: datetime.date | None
    counts: dict = field(default_factory=dict)  # activities by status, lead organisations
    participants: list = field(default_factory=list)
    months: list = field(default_factory=list)
    types: list = field(default_factory=list)
    organizations: list = field(default_factory=list)
    communities: list = field(default_factory=list)
    objectives: list = field(default_factory=list)
    stories: list = field(default_factory=list)


# Scope -------------------------------------------------------------------------------


def programme_communities(user) -> QuerySet[Community]:
    """The communities a programme report covers for this person: every one for an admin;
    for a facilitator those they may know exist (members-only ones they are outside of
    appear in no count). Each says whether the person is inside it."""
    return communities_visible_to(user).annotate(
        person_is_inside=Exists(communities_inside(user).filter(pk=OuterRef("pk"))),
        organization_count=Coalesce(
            Subquery(
                Participation.objects.filter(community=OuterRef("pk"), left_on__isnull=True)
                .order_by()
                .values("community")
                .annotate(count=Count("pk"))
                .values("count")
            ),
            0,
        ),
        progress=Subquery(
            Objective.objects.filter(community=OuterRef("pk"))
            .order_by()
            .values("community")
            .annotate(average=Avg("progress"))
            .values("average")
        ),
    )


def _activities(communities, date_from, date_to) -> QuerySet[Activity]:
    activities = Activity.objects.filter(community__in=communities)
    if date_from:
        activities = activities.filter(start_date__gte=date_from)
    if date_to:
        activities = activities.filter(start_date__lte=date_to)
    return activities.order_by()


def _done(activities) -> QuerySet[Activity]:
    return activities.filter(status=Activity.Status.DONE)


# Figures -----------------------------------------------------------------------------


def _grouped(rows, by_community: bool):
    """Aggregated rows as they come (a programme), or as lists per community id."""
    if not by_community:
        return list(rows)
    groups = defaultdict(list)
    for row in rows:
        groups[row.pop("community")].append(row)
    return groups


def _keys(by_community: bool, *keys) -> list[str]:
    return ["community", *keys] if by_community else list(keys)


def _totals(activities, by_community=False):
    """Activities by status and the participants of the done ones (one row, or one per
    community)."""
    done = Q(status=Activity.Status.DONE)
    aggregates = {
        "done": Count("pk", filter=done),
        "planned": Count("pk", filter=Q(status=Activity.Status.PLANNED)),
        "cancelled": Count("pk", filter=Q(status=Activity.Status.CANCELLED)),
        "organizations": Count("lead_organization", filter=done, distinct=True),
        **{key: Sum(key, filter=done) for key in PARTICIPANT_COUNTS},
    }
    if not by_community:
        return activities.aggregate(**aggregates)
    return {row["community"]: row for row in activities.values("community").annotate(**aggregates)}


def _months(done, by_community=False):
    """Done activities per month, from the first month with one to the last, the empty
    months between included."""
    rows = (
        done.annotate(month=TruncMonth("start_date"))
        .values(*_keys(by_community, "month"))
        .annotate(count=Count("pk"))
    )
    if not by_community:
        return _month_series(rows)
    return {pk: _month_series(group) for pk, group in _grouped(rows, True).items()}


def _month_series(rows):
    """The months with done activities, and the empty months between them within the years
    a date may take (a month outside them, stored by an import, stands on its own)."""
    counts = {_month(row["month"]): row["count"] for row in rows}
    months = set(counts)
    inside = sorted(month for month in counts if FIRST_YEAR <= month.year <= LAST_YEAR)
    if inside:
        month, last = inside[0], inside[-1]
        while month < last:
            month = (month + datetime.timedelta(days=32)).replace(day=1)
            months.add(month)
    return [{"month": month, "count": counts.get(month, 0)} for month in sorted(months)]


def _month(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.replace(day=1)


def _types(done, by_community=False):
    rows = (
        done.values(*_keys(by_community, "activity_type"))
        .annotate(
            name=translated_column("activity_type__name"),
            order=F("activity_type__order"),
            count=Count("pk"),
        )
        .order_by("order", "name")
    )
    return _grouped(rows, by_community)


def _organizations(done, limit=None, by_community=False):
    """The organisations that led the most done activities, with how many they led and
    in how many they took part as partners."""
    led = list(
        done.values(*_keys(by_community, "lead_organization"))
        .annotate(
            name=translated_column("lead_organization__name"),
            slug=F("lead_organization__slug"),
            led=Count("pk"),
        )
        .order_by("-led", "name")[:limit]
    )
    partners = Activity.partner_organizations.through.objects.filter(activity__in=done)
    if not by_community:
        partners = partners.filter(organization_id__in=[row["lead_organization"] for row in led])
    partnered = {
        (row.get("activity__community"), row["organization"]): row["count"]
        for row in partners.values(
            *(["activity__community"] if by_community else []), "organization"
        )
        .annotate(count=Count("activity", distinct=True))
        .order_by()
    }
    for row in led:
        row["partnered"] = partnered.get((row.get("community"), row["lead_organization"]), 0)
    return _grouped(led, by_community)


def _stories(done, inside_communities):
    """The latest outcomes and lessons learned, from the communities the person is inside."""
    return list(
        done.filter(community__in=inside_communities)
        .filter(
            ~Q(outcomes_km="")
            | ~Q(outcomes_en="")
            | ~Q(lessons_learned_km="")
            | ~Q(lessons_learned_en="")
        )
        .select_related("community", "lead_organization")
        .order_by("-start_date", "-pk")[:STORIES]
    )


def _report(totals, *, suppress, date_from, date_to) -> Report:
    return Report(
        suppress=suppress,
        date_from=date_from,
        date_to=date_to,
        counts={key: totals.get(key) or 0 for key in COUNTS},
        participants=participant_figures(totals, suppress=suppress),
    )


# Reports -----------------------------------------------------------------------------


def programme_key(user, communities: list[Community], *, date_from=None, date_to=None) -> tuple:
    """What a programme report depends on, for its cache key."""
    suppress = suppressed_for(user)
    if suppress:
        date_from, date_to = whole_months(date_from, date_to)
    return (
        "programme",
        "suppressed" if suppress else "exact",
        [c.pk for c in communities],
        [c.pk for c in communities if c.person_is_inside],
        date_from,
        date_to,
    )


def programme_report(user, communities: list[Community], *, date_from=None, date_to=None):
    """Programme-wide figures over `communities` (from programme_communities, or one of
    them), for an admin or a facilitator: for all but an admin rounded and suppressed, over
    the whole months the period touches (ReportFilterForm asks them in months)."""
    suppress = suppressed_for(user)
    if suppress:
        date_from, date_to = whole_months(date_from, date_to)
    activities = _activities(communities, date_from, date_to)
    done = _done(activities)
    report = _report(_totals(activities), suppress=suppress, date_from=date_from, date_to=date_to)
    report.months = _months(done)
    report.types = _types(done)
    report.organizations = _organizations(done, TOP_ORGANIZATIONS)
    per_community = _totals(activities, by_community=True)
    report.communities = [
        {
            "community": community,
            "report": _report(
                per_community.get(community.pk, {}),
                suppress=suppress,
                date_from=date_from,
                date_to=date_to,
            ),
            "organizations": community.organization_count,
            "progress": round(community.progress)
            if community.person_is_inside and community.progress is not None
            else None,
        }
        for community in communities
    ]
    report.stories = _stories(done, [c for c in communities if c.person_is_inside])
    return report


def community_reports(communities, *, suppress, date_from=None, date_to=None) -> dict:
    """Each community's figures (by its id), in five queries whatever their number; over
    whole months when suppressed."""
    if suppress:
        date_from, date_to = whole_months(date_from, date_to)
    activities = _activities(communities, date_from, date_to)
    done = _done(activities)
    totals = _totals(activities, by_community=True)
    months = _months(done, by_community=True)
    types = _types(done, by_community=True)
    organizations = _organizations(done, by_community=True)
    reports = {}
    for community in communities:
        report = _report(
            totals.get(community.pk, {}), suppress=suppress, date_from=date_from, date_to=date_to
        )
        report.months = months.get(community.pk, [])
        report.types = types.get(community.pk, [])
        report.organizations = organizations.get(community.pk, [])
        reports[community.pk] = report
    return reports


def community_key(community: Community, *, date_from=None, date_to=None) -> tuple:
    """What a community report depends on, for its cache key."""
    return ("community", "exact", community.pk, date_from, date_to)


def community_report(community: Community, *, date_from=None, date_to=None) -> Report:
    """One community's figures, for the people inside it (nothing is suppressed)."""
    report = community_reports([community], suppress=False, date_from=date_from, date_to=date_to)[
        community.pk
    ]
    report.objectives = list(community.objectives.order_by("target_date", "pk"))
    done = _done(_activities([community], date_from, date_to))
    report.stories = _stories(done, [community])
    return report


def public_figures(community: Community) -> Report:
    """What the public page of a community tells outsiders: activities done and their
    participants, rounded, small counts suppressed (over all dates: no period to choose)."""
    return remember(
        ("public", "suppressed", community.pk),
        lambda: _report(
            _totals(_activities([community], None, None)),
            suppress=True,
            date_from=None,
            date_to=None,
        ),
        communities=[community.pk],
    )
