"""Each rule of the data model is refused by the database itself, not only by a form."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from activities.models import DISAGGREGATED_COUNTS, Activity
from communities.models import Community, Objective, Participation, Resource
from tests.factories import (
    ActivityFactory,
    CommunityFactory,
    ObjectiveFactory,
    OrganizationFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db

SEXES = ("participants_women", "participants_men")


def refused(write, *constraint_names):
    """The write fails in the database, which names one of the constraints."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        write()
    message = str(caught.value)
    assert any(name in message for name in constraint_names), message


def refused_as_duplicate(write, constraint_name):
    """A unique constraint: PostgreSQL names it, SQLite names its columns."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        write()
    message = str(caught.value)
    assert constraint_name in message or "UNIQUE constraint failed" in message, message


@pytest.mark.parametrize("field", ["participants_total", *DISAGGREGATED_COUNTS])
def test_negative_participant_counts_are_refused(field):
    activity = ActivityFactory()
    within_total = [
        *(f"activity_{name}_within_total" for name in DISAGGREGATED_COUNTS),
        "activity_women_and_men_within_total",
    ]
    refused(
        lambda: Activity.objects.filter(pk=activity.pk).update(**{field: -1}),
        "activity_counts_not_negative",
        # A negative total also puts every count above it.
        *(within_total if field == "participants_total" else []),
    )


@pytest.mark.parametrize("field", DISAGGREGATED_COUNTS)
def test_a_disaggregated_count_above_the_total_is_refused(field):
    activity = ActivityFactory(participants_total=10, participants_women=0, participants_men=0)
    refused(
        lambda: Activity.objects.filter(pk=activity.pk).update(**{field: 11}),
        f"activity_{field}_within_total",
        # Women or men above the total are also above it together.
        *(["activity_women_and_men_within_total"] if field in SEXES else []),
    )


def test_women_and_men_together_above_the_total_are_refused():
    activity = ActivityFactory(participants_total=20, participants_women=12, participants_men=8)
    refused(
        lambda: Activity.objects.filter(pk=activity.pk).update(participants_men=9),
        "activity_women_and_men_within_total",
    )


def test_counts_at_the_limits_are_accepted():
    activity = ActivityFactory(
        participants_total=20,
        participants_women=12,
        participants_men=8,
        participants_disability=20,
        participants_youth=20,
        participants_elderly=0,
        participants_indigenous=20,
    )
    activity.refresh_from_db()
    assert activity.participants_women + activity.participants_men == 20


def test_an_activity_ending_before_it_starts_is_refused():
    activity = ActivityFactory(start_date=datetime.date(2026, 5, 10))
    refused(
        lambda: Activity.objects.filter(pk=activity.pk).update(end_date=datetime.date(2026, 5, 9)),
        "activity_end_after_start",
    )


def test_a_community_planned_to_end_before_it_starts_is_refused():
    community = CommunityFactory(start_date=datetime.date(2026, 1, 1))
    refused(
        lambda: Community.objects.filter(pk=community.pk).update(
            planned_end_date=datetime.date(2025, 12, 31)
        ),
        "community_end_after_start",
    )


@pytest.mark.parametrize("progress", [-1, 101])
def test_objective_progress_outside_0_to_100_is_refused(progress):
    objective = ObjectiveFactory()
    refused(
        lambda: Objective.objects.filter(pk=objective.pk).update(progress=progress),
        "objective_progress_0_to_100",
    )


def test_an_organisation_takes_part_in_a_community_only_once():
    participation = ParticipationFactory()
    refused_as_duplicate(
        lambda: Participation.objects.create(
            community=participation.community, organization=participation.organization
        ),
        "participation_once_per_organization",
    )


def test_the_same_organisation_may_take_part_in_two_communities():
    organization = OrganizationFactory()
    ParticipationFactory(organization=organization)
    ParticipationFactory(organization=organization)
    assert organization.participations.count() == 2


def test_leaving_before_joining_is_refused():
    participation = ParticipationFactory(joined_on=datetime.date(2026, 2, 1))
    refused(
        lambda: Participation.objects.filter(pk=participation.pk).update(
            left_on=datetime.date(2026, 1, 31)
        ),
        "participation_left_after_joined",
    )


def test_a_resource_needs_a_file_or_a_link():
    community = CommunityFactory()
    refused(
        lambda: Resource.objects.create(community=community, title="ឯកសារទទេ"),
        "resource_has_file_or_link",
    )
