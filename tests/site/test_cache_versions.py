"""Reports, maps and dashboards are kept in the cache with the versions of what they are
made of: a write in one community renews that community's figures only, and every write
path (a service, the admin, the shell, the seed, the demo generator) renews them."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command

from activities.models import Activity
from activities.services import log_activity
from communities.models import Objective
from communities.services import add_objective
from cop_portal.dev.demo_data import generate_demo_data
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    CommunityFactory,
    ObjectiveFactory,
    ParticipationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Writes made in the block commit, as outside a test: their on-commit work runs."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def other(organization_a, committed):
    """A second community organisation A takes part in, its report already kept."""
    with committed():
        other = CommunityFactory(slug="other")
        ParticipationFactory(community=other, organization=organization_a)
    return other


def report(client, community) -> str:
    return client.get(f"/km/communities/{community.slug}/report/").content.decode()


def done_in_programme(client) -> int:
    return client.get("/km/reports/").context["report"].counts["done"]


def test_a_write_in_one_community_keeps_the_other_communities_reports(
    client, admin, community, other, committed
):
    client.force_login(admin)
    with committed():
        ObjectiveFactory(community=other, title_km="គោលបំណងទីមួយ")
    assert "គោលបំណងទីមួយ" in report(client, other)  # now kept
    assert "chart-objectives-table" not in report(client, community)
    # Changed behind the portal's back (a bulk update sends no signal): what is kept for
    # `other` is what its report shows as long as nothing renews it.
    Objective.objects.filter(community=other).update(title_km="គោលបំណងកែក្រោយ")
    with committed():
        add_objective(by=admin, community=community, title_km="គោលបំណងនៅទីនេះ", target_date=None)
    assert "គោលបំណងនៅទីនេះ" in report(client, community)  # its own: renewed
    assert "គោលបំណងទីមួយ" in report(client, other)  # the other's: still kept


def test_a_save_from_the_shell_renews_the_report(client, admin, community, committed):
    client.force_login(admin)
    assert "គោលបំណងពីសែល" not in report(client, community)
    with committed():
        Objective.objects.create(community=community, title_km="គោលបំណងពីសែល", title="x")
    assert "គោលបំណងពីសែល" in report(client, community)
    with committed():
        Objective.objects.get(title_km="គោលបំណងពីសែល").delete()
    assert "គោលបំណងពីសែល" not in report(client, community)


def test_the_programme_report_depends_on_the_communities_it_includes(
    client, admin, community, other, facilitator, organization_a, committed
):
    client.force_login(admin)
    before = done_in_programme(client)
    with committed():
        log_activity(
            by=admin,
            community=other,
            title_km="សកម្មភាពថ្មី",
            activity_type=ActivityTypeFactory(),
            lead_organization=organization_a,
            status=Activity.Status.DONE,
            start_date=datetime.date(2026, 1, 5),
            participants_total=12,
        )
    assert done_in_programme(client) == before + 1
    # The facilitator of `community` only, with a members-only `other` they are outside of:
    # their programme report does not include it, and a write there keeps theirs.
    client.force_login(facilitator)
    assert client.get("/km/reports/").status_code == 200
    seen = done_in_programme(client)
    Activity.objects.filter(community=community).update(status=Activity.Status.PLANNED)
    with committed():
        ActivityFactory(community=other, status=Activity.Status.DONE)
    assert done_in_programme(client) == seen  # still the kept figures
    with committed():
        ActivityFactory(community=community, status=Activity.Status.DONE)
    assert done_in_programme(client) == 1  # renewed: what is stored now


def test_an_activity_moved_between_communities_renews_both(
    client, admin, community, other, organization_a, committed
):
    with committed():
        activity = ActivityFactory(
            community=community, lead_organization=organization_a, status=Activity.Status.DONE
        )
    client.force_login(admin)
    url = "/km/communities/{}/report/"
    assert client.get(url.format(community.slug)).context["report"].counts["done"] == 1
    assert client.get(url.format(other.slug)).context["report"].counts["done"] == 0
    with committed():
        activity.community = other
        activity.save()
    assert client.get(url.format(community.slug)).context["report"].counts["done"] == 0
    assert client.get(url.format(other.slug)).context["report"].counts["done"] == 1


def test_the_dashboard_follows_what_the_organisation_leads_anywhere(
    client, member_a, organization_a, other, committed
):
    client.force_login(member_a)

    def led() -> int:
        summary = client.get("/km/dashboard/").context["organization_summary"]
        return sum(row["count"] for row in summary["by_status"])

    assert led() == 0
    with committed():
        ActivityFactory(community=other, lead_organization=organization_a)
    assert led() == 1


def test_a_renamed_topic_is_on_the_next_map(client, focal_point_a, committed):
    with committed():
        topic = TopicFactory(name_km="ប្រធានបទចាស់")
        focal_point_a.organization.offers.add(topic)
    client.force_login(focal_point_a)
    assert "ប្រធានបទចាស់" in client.get("/km/knowledge/").content.decode()
    with committed():
        topic.name_km = "ប្រធានបទថ្មី"
        topic.save()
    page = client.get("/km/knowledge/").content.decode()
    assert "ប្រធានបទថ្មី" in page
    assert "ប្រធានបទចាស់" not in page


def test_bulk_writes_of_the_demo_generator_renew_everything(client, admin, committed):
    client.force_login(admin)
    before = done_in_programme(client)
    with committed():
        generate_demo_data(organizations=3, communities=2, activities=40, seed=7)
    assert done_in_programme(client) > before


def test_after_a_restore_the_command_renews_everything(client, admin, community, committed):
    client.force_login(admin)
    assert "chart-objectives-table" not in report(client, community)
    Objective.objects.bulk_create(
        [Objective(community=community, title="x", title_km="គោលបំណងពីការស្ដារ")]
    )
    assert "គោលបំណងពីការស្ដារ" not in report(client, community)  # no signal: still kept
    with committed():
        call_command("renew_derived_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert "គោលបំណងពីការស្ដារ" in report(client, community)


def test_a_cache_that_cannot_be_written_does_not_lose_the_write(
    client, admin, community, committed, monkeypatch, caplog
):
    def unreachable(*args, **kwargs):
        raise ConnectionError("the cache server is down")

    monkeypatch.setattr(cache, "set_many", unreachable)
    with committed():
        objective = add_objective(
            by=admin, community=community, title_km="គោលបំណងរក្សាទុក", target_date=None
        )
    assert Objective.objects.filter(pk=objective.pk).exists()
    assert "the cache server is down" in caplog.text  # logged, for whoever runs the portal
