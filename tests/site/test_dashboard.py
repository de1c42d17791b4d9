import datetime

import pytest

from activities.models import Activity
from tests.factories import (
    ActivityFactory,
    CommunityFactory,
    ObjectiveFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db


def test_the_facilitator_sees_what_each_community_needs(
    client, facilitator, community, organization_a
):
    past = datetime.date(2025, 1, 1)
    ObjectiveFactory(community=community, target_date=past)
    ObjectiveFactory(community=community, target_date=past, achieved_on=past, progress=100)
    ActivityFactory(
        community=community,
        lead_organization=organization_a,
        status=Activity.Status.PLANNED,
        start_date=past,
    )
    client.force_login(facilitator)
    html = client.get("/en/dashboard/").content.decode()
    assert "1 objective past its date" in html
    assert "1 planned activity passed without a report" in html
    assert "Nothing waiting" not in html


def test_a_member_sees_their_communities_only(client, member_a, community):
    CommunityFactory(name_km="សហគមន៍ផ្សេង", visibility="public")
    client.force_login(member_a)
    page = client.get("/km/dashboard/")
    assert list(page.context["communities"]) == [community]
    assert page.context["facilitated"] == []


def test_signing_in_leads_to_the_dashboard(client, member_a):
    from tests.factories import PASSWORD

    member_a.emailaddress_set.create(email=member_a.email, verified=True, primary=True)
    page = client.post("/km/accounts/login/", {"login": member_a.email, "password": PASSWORD})
    assert page.url == "/km/dashboard/"


def test_the_dashboard_runs_a_constant_number_of_queries(
    client, facilitator, organization_a, django_assert_max_num_queries
):
    def fill(count):
        for _ in range(count):
            community = CommunityFactory()
            community.facilitators.add(facilitator)
            ParticipationFactory(community=community, organization=organization_a)
            ObjectiveFactory(community=community, target_date=datetime.date(2025, 1, 1))

    client.force_login(facilitator)
    fill(5)
    with django_assert_max_num_queries(10):
        client.get("/km/dashboard/")
    fill(45)
    with django_assert_max_num_queries(10):
        page = client.get("/km/dashboard/")
    assert len(page.context["facilitated"]) == 51  # and the fixture's own community


def test_a_member_sees_their_organisations_figures(client, member_a, community, organization_a):
    ActivityFactory(
        community=community,
        lead_organization=organization_a,
        status=Activity.Status.DONE,
        participants_total=20,
        participants_women=12,
        participants_men=8,
    )
    ActivityFactory(
        community=community,
        lead_organization=organization_a,
        status=Activity.Status.DONE,
        participants_total=10,
        participants_women=4,
        participants_men=6,
    )
    ActivityFactory(community=community, lead_organization=organization_a, status="planned")
    client.force_login(member_a)
    summary = client.get("/km/dashboard/").context["organization_summary"]
    assert summary["participants"]["total"] == 30
    assert summary["participants"]["women"] == 16
    assert {row["count"] for row in summary["by_status"]} == {2, 1}
    assert sum(row["count"] for row in summary["by_type"]) == 3


def test_the_member_dashboard_runs_a_constant_number_of_queries(
    client,
    member_a,
    community,
    organization_a,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    client.force_login(member_a)
    for count in (5, 45):
        # Committed, as a logged activity is: the kept figures are not read again.
        with django_capture_on_commit_callbacks(execute=True):
            ActivityFactory.create_batch(
                count, community=community, lead_organization=organization_a
            )
        # The organisation's figures, computed and kept in the (here database) cache, whose
        # writes are five statements each; then read from the cache.
        with django_assert_max_num_queries(22):
            page = client.get("/km/dashboard/")
        by_status = page.context["organization_summary"]["by_status"]
        assert sum(row["count"] for row in by_status) == (5 if count == 5 else 50)
        with django_assert_max_num_queries(10):
            client.get("/km/dashboard/")
