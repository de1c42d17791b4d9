import csv
import io

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
