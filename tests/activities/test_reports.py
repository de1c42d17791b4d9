"""The programme and community reports: what their charts, data tables and spreadsheet
show, who may see them, and that nobody can be singled out by a small number."""

import datetime
import io
import re

import pytest
from openpyxl import load_workbook

from communities.models import Community
from cop_portal.core.text import KHMER_DIGITS
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


def _cells(response):
    """The page without the roles and data-labels of its tables' cells."""
    return re.sub(r' (?:role|data-label)="[^"]*"', "", response.content.decode())


def _table(html, chart_id):
    """The data table of a chart on the page, as (label, values...) rows."""
    table = html.split(f'id="{chart_id}-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*><th scope=\"row\"[^>]*>(.*?)</th>(.*?)</tr>", table)
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
    html = _cells(client.get("/en/communities/public/"))
    assert "<td>&lt;5</td>" in html  # two women
    assert "<td>5</td>" in html  # seven people, rounded
    assert "<td>7</td>" not in html

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
    client,
    admin,
    community,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
    size,
):
    # Committed, as the portal's writes are: each renews its community's cache version.
    with django_capture_on_commit_callbacks(execute=True):
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
    # The report's figures, then every community's sheet in six queries whatever their number;
    # and the export's line in the membership log (a savepoint, the insert, its release), and
    # the check that this admin has a second factor.
    with django_assert_max_num_queries(20):
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


# Figures outside a community: rounded to 5, "<5" from 0 to 4, whole months ---------------


def _log(community, organization, day, total, women=0, men=0, disability=0):
    ActivityFactory(
        community=community,
        lead_organization=organization,
        status="done",
        start_date=day,
        participants_total=total,
        participants_women=women,
        participants_men=men,
        participants_disability=disability,
        participants_youth=0,
        participants_elderly=0,
        participants_indigenous=0,
    )


@pytest.fixture
def may(public_community, organization_b):
    """The public community: 20 people on 10 April 2026; 3, 2, 1 and 1 on four days of May
    (on 12 May: one woman, one man, one person with a disability); 20 on 15 June."""
    _log(public_community, organization_b, datetime.date(2026, 4, 10), 20, 10, 10)
    _log(public_community, organization_b, datetime.date(2026, 5, 5), 3, 2, 1)
    _log(public_community, organization_b, datetime.date(2026, 5, 12), 2, 1, 1, 1)
    _log(public_community, organization_b, datetime.date(2026, 5, 20), 1, 0, 1)
    _log(public_community, organization_b, datetime.date(2026, 5, 28), 1, 1, 0)
    _log(public_community, organization_b, datetime.date(2026, 6, 15), 20, 10, 10)


# What 12 May alone holds, and May: what subtraction must not give away.
ON_12_MAY = {"All participants": 2, "Women": 1, "Men": 1, "People with disabilities": 1}
IN_MAY = {"All participants": 7, "Women": 4, "Men": 3, "People with disabilities": 1}


def _number(shown):
    return int(shown) if str(shown).isdigit() else None


def _page_figures(client, query) -> dict:
    html = client.get("/en/reports/", query).content.decode()
    return {label: _number(value) for label, value in _table(html, "chart-participants")}


def _sheet_figures(client, query) -> dict:
    summary = _workbook(client.get("/en/reports/export.xlsx", query)).worksheets[0]
    return {
        label: _number(value)
        for label, value in _pairs(summary, "Participants in the activities done")
    }


def _differences(total, *parts) -> dict:
    """total minus parts, for the figures every one of them shows as a number."""
    return {
        label: value - sum(part[label] for part in parts)
        for label, value in total.items()
        if value is not None and all(part[label] is not None for part in parts)
    }


@pytest.mark.parametrize("read", [_page_figures, _sheet_figures], ids=["page", "spreadsheet"])
def test_subtracting_periods_no_longer_gives_a_small_count_away(
    client, facilitator, public_community, may, read
):
    client.force_login(facilitator)  # facilitates another community: outside this one
    chosen = {"community": public_community.pk}

    # The days before 12 May, then the same days and 12 May: exact, 23 and 25 people.
    before = read(client, {**chosen, "date_from": "2026-04-01", "date_to": "2026-05-11"})
    through = read(client, {**chosen, "date_from": "2026-04-01", "date_to": "2026-05-12"})
    after = read(client, {**chosen, "date_from": "2026-05-13", "date_to": "2026-06-30"})
    whole = read(client, {**chosen, "date_from": "2026-04-01", "date_to": "2026-06-30"})
    # Each period is widened to its whole months, so the two differ in nothing.
    assert before == through
    for label, count in ON_12_MAY.items():
        assert _differences(through, before).get(label) != count
        assert _differences(whole, before, after).get(label) != count

    # Month by month: April to June, minus April and June.
    april = read(client, {**chosen, "month_from": "2026-04", "month_to": "2026-04"})
    june = read(client, {**chosen, "month_from": "2026-06", "month_to": "2026-06"})
    spring = read(client, {**chosen, "month_from": "2026-04", "month_to": "2026-06"})
    for label, count in IN_MAY.items():
        if count < 5:
            assert _differences(spring, april, june).get(label) != count

    # Whatever the period, every figure is a multiple of 5 from 5 up, or "<5".
    for figures in (before, through, after, whole, april, june, spring):
        assert all(value is None or (value >= 5 and value % 5 == 0) for value in figures.values())


def test_a_day_level_period_is_widened_to_whole_months_for_an_outsider(
    client, facilitator, public_community, may
):
    client.force_login(facilitator)
    page = client.get("/km/reports/", {"date_from": "2026-05-12", "date_to": "2026-05-12"})
    html = page.content.decode()
    report = page.context["report"]
    assert (report.date_from, report.date_to) == (
        datetime.date(2026, 5, 1),
        datetime.date(2026, 5, 31),
    )
    assert "ក្រៅសហគមន៍ របាយការណ៍គ្របដណ្តប់ខែពេញ" in html  # the period was widened
    assert 'type="month" name="month_from" value="2026-05"' in html
    assert 'name="date_from"' not in html
    # The month picker, with Khmer digits typed where the browser has none.
    report = client.get("/km/reports/", {"month_from": "២០២៦-០៤", "month_to": "2026-06"}).context[
        "report"
    ]
    assert (report.date_from, report.date_to) == (
        datetime.date(2026, 4, 1),
        datetime.date(2026, 6, 30),
    )
    # Whole months already: nothing to tell.
    html = client.get(
        "/en/reports/", {"date_from": "2026-05-01", "date_to": "2026-05-31"}
    ).content.decode()
    assert "the period was widened" not in html
    assert "From May 2026 to May 2026" in html


def test_a_month_that_does_not_exist_is_refused_in_khmer(client, facilitator, may):
    client.force_login(facilitator)
    page = client.get("/km/reports/", {"month_from": "2026-13"})
    html = page.content.decode()
    assert "សូមផ្តល់ឆ្នាំ និងខែ" in html
    assert 'value="2026-13"' in html  # what was typed is kept
    assert page.context["report"].date_from is None  # all dates meanwhile


def test_an_admin_and_the_community_report_keep_day_level_periods(
    client, admin, member_b, public_community, may
):
    client.force_login(admin)
    page = client.get("/en/reports/", {"date_from": "2026-05-12", "date_to": "2026-05-12"})
    assert page.context["report"].date_from == datetime.date(2026, 5, 12)
    assert 'type="date" name="date_from"' in page.content.decode()
    assert _table(page.content.decode(), "chart-participants")[0] == ("All participants", "2")
    client.force_login(member_b)  # inside the public community
    page = client.get(
        "/en/communities/public/report/", {"date_from": "2026-05-12", "date_to": "2026-05-12"}
    )
    assert _table(page.content.decode(), "chart-participants")[0] == ("All participants", "2")


@pytest.fixture
def thirteen(public_community, organization_b):
    """The public community's only activity: 13 people, 7 women, 6 men, nobody else."""
    _log(public_community, organization_b, datetime.date(2026, 5, 5), 13, 7, 6)


OUTSIDE = [("All participants", "15"), ("Women", "5"), ("Men", "5")]
OUTSIDE += [("People with disabilities", "&lt;5")]
EXACT = [("All participants", "13"), ("Women", "7"), ("Men", "6")]
EXACT += [("People with disabilities", "0")]


def test_outsiders_read_rounded_figures_and_a_zero_as_below_five(
    client, facilitator, member_a, public_community, thirteen
):
    client.force_login(member_a)  # the public page
    html = _cells(client.get("/en/communities/public/"))
    cells = re.findall(r"<td>(.*?)</td>", html.split('id="figures-caption"', 1)[1])
    assert cells[:4] == [value for _label, value in OUTSIDE]
    html = _cells(client.get("/km/communities/public/"))
    assert "<td>១៥</td>" in html and "<td>តិចជាង ៥</td>" in html
    assert "<td>១៣</td>" not in html

    client.force_login(facilitator)  # the programme report, its charts and its spreadsheet
    page = client.get("/en/reports/", {"community": public_community.pk})
    html = page.content.decode()
    assert _table(html, "chart-participants")[:4] == OUTSIDE
    assert ">13<" not in html and ">7<" not in html
    chart = page.context["charts"]["participants"]
    assert [item["figure"].shown for item in chart.items][:4] == [15, 5, 5, 0]
    assert "the highest is All participants, with 15" in html
    communities = _table(html, "chart-communities")
    assert communities == [(public_community.name_en, "1", "15", "1", "–")]
    workbook = _workbook(client.get("/en/reports/export.xlsx"))
    summary, sheet = workbook.worksheets[0], workbook[public_community.name_en]
    for worksheet in (summary, sheet):
        assert _pairs(worksheet, "Participants in the activities done")[:4] == [
            ("All participants", 15),
            ("Women", 5),
            ("Men", 5),
            ("People with disabilities", "<5"),
        ]
    assert 13 not in [cell for row in summary.values for cell in row]
    html = client.get("/km/reports/").content.decode()
    assert "តិចជាង ៥" in html
    workbook = _workbook(client.get("/km/reports/export.xlsx"))
    assert "តិចជាង 5" in [cell for row in workbook.worksheets[0].values for cell in row]


def test_insiders_and_admins_read_the_exact_figures(
    client, admin, member_b, public_community, thirteen
):
    client.force_login(member_b)  # inside the public community: its own report
    html = client.get("/en/communities/public/report/").content.decode()
    assert _table(html, "chart-participants")[:4] == EXACT
    assert "rounded" not in html

    client.force_login(admin)
    html = client.get("/en/reports/", {"community": public_community.pk}).content.decode()
    assert _table(html, "chart-participants")[:4] == EXACT
    summary = _workbook(client.get("/en/reports/export.xlsx")).worksheets[0]
    assert _pairs(summary, "Participants in the activities done")[0] == ("All participants", 13)


def test_a_rounded_and_an_exact_report_never_share_a_cache_entry(
    client, admin, facilitator, public_community, thirteen
):
    from django.core.cache import cache

    # The facilitator facilitates it too: the same communities, inside the same ones.
    public_community.facilitators.add(facilitator)
    chosen = {"community": public_community.pk}
    for first, second in ((admin, facilitator), (facilitator, admin)):
        cache.clear()
        for person in (first, second):
            client.force_login(person)
            html = client.get("/en/reports/", chosen).content.decode()
            expected = "13" if person == admin else "15"
            assert _table(html, "chart-participants")[0] == ("All participants", expected)


def test_the_rounding_rule():
    from django.utils import translation

    from activities.reports import figure

    with translation.override("en"):
        shown = {value: str(figure(value, suppress=True)) for value in (0, 1, 4, 5, 7, 8, 12, 13)}
    assert shown == {0: "<5", 1: "<5", 4: "<5", 5: "5", 7: "5", 8: "10", 12: "10", 13: "15"}
    assert [str(figure(value, suppress=False)) for value in (0, 3, 13)] == ["0", "3", "13"]
    assert figure(3, suppress=True).value == 0  # the exact count is not kept


def test_a_rounded_report_covers_whole_months_whoever_asks(facilitator, public_community, may):
    from activities import reports

    communities = list(reports.programme_communities(facilitator).filter(pk=public_community.pk))
    day = {"date_from": datetime.date(2026, 5, 12), "date_to": datetime.date(2026, 5, 12)}
    may_month = {"date_from": datetime.date(2026, 5, 1), "date_to": datetime.date(2026, 5, 31)}
    report = reports.programme_report(facilitator, communities, **day)
    assert (report.date_from, report.date_to) == tuple(may_month.values())
    assert report.participants[0]["figure"].value == 5  # the 7 of May, not the 2 of 12 May
    sheets = reports.community_reports(communities, suppress=True, **day)
    assert sheets[public_community.pk].participants[0]["figure"].value == 5
    assert reports.programme_key(facilitator, communities, **day) == reports.programme_key(
        facilitator, communities, **may_month
    )
