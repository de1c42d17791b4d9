"""Lists, the calendar and a report on a phone (issue 19, point 5): in Khmer at 360×740
nothing scrolls sideways, the calendar is an agenda, a table of figures is a card with a
name before each value, a chart's labels stay inside it; on a laptop the calendar is the
month grid. A person logs an activity and finds the way back to their own, the one just
saved first. axe-core checks every page. The Khmer screenshots go to JOURNEY_SCREENSHOTS
if set (JOURNEY_SCREENSHOTS=/tmp/shots-lists to look at them), else the test's own
directory."""

import datetime
import os
from pathlib import Path

from django.utils import timezone

from communities.models import Community
from tests.e2e.conftest import evaluate
from tests.factories import ActivityFactory, ActivityTypeFactory

TEXT = {
    "km": {"title": "វេទិកាសហគមន៍ស្តីពីសុខភាពស្ត្រី", "back": "ត្រឡប់ទៅសកម្មភាពវិញ", "women": "ស្ត្រី"},
    "en": {"title": "Community forum on women's health", "back": "Back to the activities"},
}
SCROLL_WIDTH = "document.documentElement.scrollWidth"


def _shoot(page, language, folder, name):
    if language == "km":
        page.screenshot(path=folder / f"{name}.png", full_page=True)


def _no_sideways_scroll(page, language):
    if language == "km":
        width = evaluate(page, SCROLL_WIDTH)
        assert width <= 360, f"{page.url} is {width} px wide"


def _visible(page, selector):
    return evaluate(page, f"getComputedStyle(document.querySelector('{selector}')).display")


def test_lists_the_calendar_and_a_report_fit_a_phone(visitor, language, tmp_path):
    folder = Path(os.environ.get("JOURNEY_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    text = TEXT[language]
    page = visitor.page
    women = Community.objects.get(slug="women")
    # The longest names the seed has, and the longest type of the seed's slides: labels
    # that once ran out of the charts.
    lead = max(
        (participation.organization for participation in women.participations.all()),
        key=lambda organization: len(organization.name_km),
    )
    today = timezone.localdate()
    kind = ActivityTypeFactory(
        name_km="ការកំណត់អត្តសញ្ញាណ និងការប្រើប្រាស់សក្តានុពលក្នុងក្រុម និងនៅខាងក្រៅ",
        name_en="Identification and use of potential, in the group and outside",
    )
    for month in (1, 2, 3):
        ActivityFactory(
            community=women,
            lead_organization=lead,
            activity_type=kind,
            status="done",
            start_date=datetime.date(today.year, month, 10),
            participants_total=12,
            participants_women=9,
            participants_men=3,
        )
    for day, title in ((1, "កិច្ចប្រជុំប្រចាំខែនៃក្រុមស្ត្រីនិងអ្នកសម្របសម្រួល"), (28, "ទស្សនកិច្ច")):
        ActivityFactory(
            community=women,
            lead_organization=lead,
            activity_type=kind,
            status="planned" if day > today.day else "done",
            title_km=title,
            title_en=title,
            start_date=today.replace(day=day),
        )
    ActivityFactory(
        community=women,
        lead_organization=lead,
        activity_type=kind,
        status="planned",
        start_date=today + datetime.timedelta(days=300),
    )

    visitor.sign_in(f"member.{lead.slug}@example.org")
    visitor.goto("/activities/")
    _no_sideways_scroll(page, language)
    _shoot(page, language, folder, "activity-list")

    # A person logs an activity of last week: it opens with a way back to their own
    # activities, where it comes first (before the one planned for next year).
    visitor.goto("/activities/new/?community=women")
    page.select_option("#id_activity_type", index=1)
    page.fill("#id_start_date", (today - datetime.timedelta(days=7)).isoformat())
    page.fill(f"#id_title_{language}", text["title"])
    page.fill("#id_participants_total", "20")
    page.fill("#id_participants_women", "14")
    page.fill("#id_participants_men", "6")
    visitor.submit()
    assert "/activities/" in page.url and "next=" in page.url, page.url
    _no_sideways_scroll(page, language)
    if language == "km":  # the participants table is a card: each figure after its name
        cell = "document.querySelector('table.figures td[data-label]')"
        assert evaluate(page, f"getComputedStyle({cell}).display") == "flex"
        label = evaluate(page, f"getComputedStyle({cell}, '::before').content")
        assert text["women"] in evaluate(page, "document.querySelector('table.figures').innerText")
        assert "សរុប" in label or "Total" in label, label
        _shoot(page, language, folder, "activity-detail")
    page.get_by_role("link", name=text["back"]).click()
    visitor.check()
    assert "mine=1" in page.url
    assert page.locator("ul.rows > li strong").first.inner_text() == text["title"]

    visitor.goto("/activities/calendar/")
    if language == "km":
        assert _visible(page, ".calendar-agenda") == "block"
        assert _visible(page, ".calendar-month") == "none"
        days = page.locator(".agenda-day h2").all_inner_texts()
        assert len(days) >= 2 and days[0].startswith("ថ្ងៃ"), days
        target = page.locator(".calendar-pager a[rel=next]").bounding_box()
        assert target["height"] >= 44, target
        _no_sideways_scroll(page, language)
        _shoot(page, language, folder, "calendar")
    else:
        assert _visible(page, ".calendar-month") == "block"
        assert _visible(page, ".calendar-agenda") == "none"
        assert page.locator("table.calendar").is_visible()

    visitor.goto("/communities/women/report/")
    _no_sideways_scroll(page, language)
    # No label of a chart runs out of its chart.
    overflowing = evaluate(
        page,
        """[...document.querySelectorAll('svg.chart')].flatMap(svg => {
             const box = svg.getBoundingClientRect();
             return [...svg.querySelectorAll('text')]
               .filter(t => t.getBoundingClientRect().right > box.right + 1)
               .map(t => t.textContent);
           })""",
    )
    assert overflowing == [], overflowing
    _shoot(page, language, folder, "report")
