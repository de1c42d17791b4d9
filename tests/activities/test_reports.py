"""The programme and community reports: what their charts, data tables and spreadsheet
show, who may see them, and that nobody can be singled out by a small number."""

import datetime
import io
import re

import pytest
from openpyxl import load_workbook

from communities.models import Community
from cop_portal.middleware import KHMER_DIGITS
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    CommunityFactory,
    ObjectiveFactory,
    OrganizationFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db


def khmer(value) -> str:
    return str(value).translate(KHMER_DIGITS)


@pytest.fixture
def public_community(organization_b):
    community = CommunityFactory(
        name_km="សហគមន៍សាធារណៈ", visibility=Community.Visibility.PUBLIC, slug="public"
    )
    ParticipationFactory(community=community, organization=organization_b)
    return community


@pytest.fixture
def figures(community, public_community, organization_a, organization_b):
    """Organisation A's members-only community: 2 done activities in March 2026 (one with 3
    people with disabilities), 1 planned. The public community: 1 done in May 2026 with 2
    women."""
    meeting = ActivityTypeFactory(code="meeting", name_km="កិច្ចប្រជុំ", order=1)
    visit = ActivityTypeFactory(code="visit", name_km="ទស្សនកិច្ច", order=2)
    ActivityFactory(
        community=community,
        lead_organization=organization_a,
        activity_type=meeting,
        status="done",
        start_date=datetime.date(2026, 3, 2),
        participants_total=20,
        participants_women=12,
        participants_men=8,
        participants_disability=3,
        outcomes_km="ស្ត្រីបីនាក់បានចូលរួមជាលើកដំបូង",
    )
    ActivityFactory(
        community=community,
        lead_organization=organization_a,
        activity_type=visit,
        status="done",
        start_date=datetime.date(2026, 3, 20),
        participants_total=10,
        participants_women=6,
        participants_men=4,
    )
    ActivityFactory(
        community=community,
        lead_organization=organization_a,
        activity_type=visit,
        status="planned",
        start_date=datetime.date(2026, 9, 1),
    )
    ActivityFactory(
        community=public_community,
        lead_organization=organization_b,
        activity_type=meeting,
        status="done",
        start_date=datetime.date(2026, 5, 5),
        participants_total=7,
        participants_women=2,
        participants_men=5,
    )
    ObjectiveFactory(community=community, title_km="បណ្តុះបណ្តាលអ្នកដឹកនាំ", progress=40)


def _workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _pairs(sheet, heading):
    """The rows under a heading row of a sheet, up to the next empty row."""
    rows = list(sheet.values)
    start = next(i for i, row in enumerate(rows) if row and row[0] == heading)
    pairs = []
    for row in rows[start + 1 :]:
        if not row or row[0] is None:
            break
        pairs.append(tuple(cell for cell in row if cell is not None))
    return pairs


def _table(html, chart_id):
    """The data table of a chart on the page, as (label, values...) rows."""
    table = html.split(f'id="{chart_id}-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", table)
    return [(label, *re.findall(r"<td[^>]*>(.*?)</td>", cells)) for label, cells in rows]


def test_the_programme_charts_tables_and_spreadsheet_agree(client, admin, figures):
    client.force_login(admin)
    page = client.get("/km/reports/")
    html = page.content.decode()
    charts = page.context["charts"]
    workbook = _workbook(client.get("/km/reports/export.xlsx"))
    summary = workbook.worksheets[0]

    participants = _table(html, "chart-participants")
    assert participants[0] == ("អ្នកចូលរួមទាំងអស់", khmer(37))
    assert ("ជនមានពិការភាព", khmer(3)) in participants
    sheet_participants = _pairs(summary, "អ្នកចូលរួមក្នុងសកម្មភាពដែលបានធ្វើរួច")
    assert [(label, khmer(value)) for label, value in sheet_participants] == participants

    months = _table(html, "chart-months")
    assert [value for _label, value in months] == [khmer(n) for n in (2, 0, 1)]
    assert _pairs(summary, "ខែ") == [("2026-03", 2), ("2026-04", 0), ("2026-05", 1)]

    types = _table(html, "chart-types")
    assert types == [("កិច្ចប្រជុំ", khmer(2)), ("ទស្សនកិច្ច", khmer(1))]
    assert _pairs(summary, "ប្រភេទសកម្មភាព") == [("កិច្ចប្រជុំ", 2), ("ទស្សនកិច្ច", 1)]

    # Every bar carries the figure of its table row.
    for chart in charts.values():
        for item in chart.items:
            assert f">{khmer(item['figure'])}" in html


def test_a_community_sheet_holds_the_figures_of_the_community_report(
    client, admin, community, figures
):
    client.force_login(admin)
    html = client.get(f"/km/communities/{community.slug}/report/").content.decode()
    workbook = _workbook(client.get("/km/reports/export.xlsx"))
    sheet = workbook[community.name_km[:31]]
    assert _table(html, "chart-participants")[:4] == [
        (label, khmer(value)) for label, value in _pairs(sheet, "អ្នកចូលរួមក្នុងសកម្មភាពដែលបានធ្វើរួច")[:4]
    ]
    assert _table(html, "chart-types") == [
        (label, khmer(value)) for label, value in _pairs(sheet, "ប្រភេទសកម្មភាព")
    ]
    assert _table(html, "chart-objectives") == [("បណ្តុះបណ្តាលអ្នកដឹកនាំ", khmer("40 %"))]
    assert "ស្ត្រីបីនាក់បានចូលរួមជាលើកដំបូង" in html  # the story


def test_small_numbers_read_below_five_for_a_facilitator_but_not_for_an_admin(
    client, admin, facilitator, public_community, figures
):
    client.force_login(facilitator)
    html = client.get("/en/reports/").content.decode()
    assert ("People with disabilities", "&lt;5") in _table(html, "chart-participants")
    sheet = _workbook(client.get("/en/reports/export.xlsx"))[public_community.name_en]
    assert ("Women", "<5") in _pairs(sheet, "Participants in the activities done")

    client.force_login(admin)
    html = client.get("/en/reports/").content.decode()
    assert ("People with disabilities", "3") in _table(html, "chart-participants")


def test_a_suppressed_count_draws_no_bar(client, facilitator, figures):
    client.force_login(facilitator)
    chart = client.get("/en/reports/").context["charts"]["participants"]
    disability = next(item for item in chart.items if item["label"] == "People with disabilities")
    assert disability["figure"].suppressed
    assert disability["width"] == 0


def test_the_public_page_of_a_community_hides_small_numbers_from_outsiders(
    client, member_a, member_b, public_community, figures
):
    client.force_login(member_a)  # not inside the public community
    html = client.get("/en/communities/public/").content.decode()
    assert "<td>&lt;5</td>" in html  # two women
    assert "<td>7</td>" in html

    client.force_login(member_b)  # inside: the full report instead
    html = client.get("/en/communities/public/").content.decode()
    assert "&lt;5" not in html
    assert "/en/communities/public/report/" in html


def test_a_members_only_community_counts_for_nobody_outside_it(
    client, organization_b, public_community, figures
):
    from tests.factories import UserFactory

    outsider = UserFactory(is_facilitator=True, organization=organization_b)
    client.force_login(outsider)
    page = client.get("/en/reports/")
    html = page.content.decode()
    assert page.context["report"].counts["done"] == 1  # the public community's only
    assert "ស្ត្រីបីនាក់" not in html
    workbook = _workbook(client.get("/en/reports/export.xlsx"))
    assert workbook.sheetnames == ["Summary", public_community.name_en]


def test_stories_come_only_from_communities_the_person_is_inside(
    client, organization_b, public_community, figures
):
    from tests.factories import UserFactory

    ActivityFactory(
        community=public_community,
        lead_organization=OrganizationFactory(),
        status="done",
        outcomes_km="លទ្ធផលសាធារណៈ",
    )
    facilitator = UserFactory(is_facilitator=True)  # outside every community
    client.force_login(facilitator)
    html = client.get("/en/reports/").content.decode()
    assert "លទ្ធផលសាធារណៈ" not in html
    assert "No outcome or lesson learned written down in this period." in html


def test_the_period_and_community_filters(client, admin, community, figures):
    client.force_login(admin)
    report = client.get(
        "/en/reports/", {"date_from": "2026-03-10", "date_to": "2026-12-31"}
    ).context["report"]
    assert report.counts == {"done": 2, "planned": 1, "cancelled": 0, "organizations": 2}
    report = client.get("/en/reports/", {"community": community.pk}).context["report"]
    assert report.counts["done"] == 2
    assert [row["community"] for row in report.communities] == [community]


def test_a_period_that_ends_before_it_starts_is_refused_with_what_was_typed_kept(
    client, admin, figures
):
    client.force_login(admin)
    response = client.get("/km/reports/", {"date_from": "2026-06-01", "date_to": "2026-01-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "ចុងបញ្ចប់នៃរយៈពេលមិនអាចនៅមុនការចាប់ផ្តើមរបស់វាបានទេ។" in html
    assert 'value="2026-06-01"' in html
    assert response.context["report"].counts["done"] == 3  # all dates meanwhile


def test_the_community_report_is_for_the_people_inside(
    client, member_a, member_b, community, public_community, figures
):
    client.force_login(member_b)
    assert client.get(f"/km/communities/{community.slug}/report/").status_code == 404
    client.force_login(member_a)
    assert client.get("/km/communities/public/report/").status_code == 403
    assert client.get(f"/km/communities/{community.slug}/report/").status_code == 200


@pytest.mark.parametrize("size", [5, 50])
def test_the_reports_query_count_does_not_grow_with_the_data(
    client, admin, community, django_assert_max_num_queries, size
):
    for index in range(size):
        other = CommunityFactory(slug=f"community-{size}-{index}")
        organization = OrganizationFactory()
        ParticipationFactory(community=other, organization=organization)
        ObjectiveFactory(community=other)
        ActivityFactory(
            community=other,
            lead_organization=organization,
            status="done",
            outcomes_km="លទ្ធផល",
            start_date=datetime.date(2025, 1 + index % 12, 1),
        )
        ActivityFactory(community=community, status="done", lessons_learned_km="មេរៀន")
    client.force_login(admin)
    for url in ("/km/reports/", f"/km/communities/{community.slug}/report/"):
        # Computed once and kept in the cache (here the database cache: each write to it is
        # five statements), then served from the cache.
        with django_assert_max_num_queries(22):
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(5):
            assert client.get(url).status_code == 200
    # The report's figures, then every community's sheet in six queries whatever their number.
    with django_assert_max_num_queries(16):
        assert client.get("/km/reports/export.xlsx").status_code == 200


def test_a_logged_activity_is_in_the_next_report(
    client, admin, community, organization_a, figures, django_capture_on_commit_callbacks
):
    from activities.services import log_activity

    client.force_login(admin)
    assert client.get("/en/reports/").context["report"].counts["done"] == 3
    with django_capture_on_commit_callbacks(execute=True):
        log_activity(
            by=admin,
            community=community,
            activity_type=ActivityTypeFactory(),
            lead_organization=organization_a,
            title_km="វគ្គបណ្តុះបណ្តាលថ្មី",
            status="done",
            start_date=datetime.date(2026, 4, 1),
            participants_total=9,
            participants_women=5,
            participants_men=4,
        )
    report = client.get("/en/reports/").context["report"]
    assert report.counts["done"] == 4
    assert report.participants[0]["figure"].value == 46
