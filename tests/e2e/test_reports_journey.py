"""A facilitator reads the programme report, narrows it, opens a community's printable
report, and looks for partners on the knowledge map; axe-core checks every page."""

import datetime

from communities.models import Community
from tests.factories import ActivityFactory, ActivityTypeFactory

TEXT = {
    "km": {"report": "របាយការណ៍កម្មវិធី", "error": "ចុងបញ្ចប់នៃរយៈពេល", "map": "ផែនទីចំណេះដឹង"},
    "en": {"report": "Programme report", "error": "The end of the period", "map": "Knowledge map"},
}


def test_a_facilitator_reads_the_reports_and_the_knowledge_map(visitor, language):
    text = TEXT[language]
    page = visitor.page
    women = Community.objects.get(slug="women")
    lead = women.participations.first().organization
    for month in (1, 2, 3):
        ActivityFactory(
            community=women,
            lead_organization=lead,
            activity_type=ActivityTypeFactory(),
            status="done",
            start_date=datetime.date(2026, month, 10),
            participants_total=12,
            participants_women=9,
            participants_men=3,
            outcomes_km="ស្ត្រីដឹកនាំកិច្ចប្រជុំដោយខ្លួនឯង",
        )

    visitor.sign_in("facilitator.women@example.org")
    visitor.goto("/reports/")
    assert page.get_by_role("heading", level=1).inner_text() == text["report"]
    assert page.locator("#chart-months-table").count() == 1
    # Whole months for a facilitator; a period that ends before it starts: told, and what
    # was chosen stays.
    page.fill("#id_month_from", "2026-06")
    page.fill("#id_month_to", "2026-01")
    visitor.submit()
    assert text["error"] in page.content()
    assert page.input_value("#id_month_from") == "2026-06"

    visitor.goto("/communities/women/report/")
    assert "ស្ត្រីដឹកនាំកិច្ចប្រជុំដោយខ្លួនឯង" in page.content()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    page.emulate_media(media="screen")

    visitor.goto("/knowledge/")
    assert page.get_by_role("heading", level=1).inner_text() == text["map"]
    visitor.goto("/organizations/")
    visitor.goto(f"/organizations/{lead.slug}/")
