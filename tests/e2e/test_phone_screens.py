"""The six pages a grantee and a facilitator use most, on a 360 × 740 phone in Khmer
(issue 19, "Done when"): the dashboard, a community's home, the activity form refused with
an error, the calendar, the activity list and a report. On each: the header is at most
56 px, nothing is wider than the screen, every target is big enough to hit (or inline in a
sentence), every focus ring the keyboard reaches stands out from what is behind it by at
least 3:1, and axe finds nothing (the visitor checks every page). What the first screen
shows is written, with the screenshots, to SHOTS_DIR, to be looked at."""

import datetime
import json
import os
import tempfile

import pytest
from django.utils import timezone

from activities.models import Activity, ActivityType
from activities.services import log_activity
from communities.models import Community
from members.models import User
from tests.e2e.conftest import evaluate, focus_rings, small_targets

SHOTS = os.environ.get("SHOTS_DIR", os.path.join(tempfile.gettempdir(), "shots-phone"))
MEMBER = "member.safe-place@example.org"
FACILITATOR = "facilitator.women@example.org"

# What fills the first screen: the headings, buttons and cards whose top is above the fold
# (the bottom bar's top), by their text; the closing note reports them.
FIRST_SCREEN_JS = """
() => {
  const bar = document.querySelector('nav.tab-bar');
  const fold = bar && getComputedStyle(bar).display !== 'none'
    ? bar.getBoundingClientRect().top : window.innerHeight;
  const seen = [];
  for (const element of document.querySelectorAll(
      'main h1, main h2, main h3, main .button, main .card, main .event, main legend, '
      + 'main .error-summary, main table caption, main .agenda-day, main svg.chart')) {
    const box = element.getBoundingClientRect();
    if (box.top < fold && box.bottom > 0 && box.height > 0) {
      seen.push(element.tagName.toLowerCase() + ': '
        + (element.textContent || element.getAttribute('aria-label') || '')
          .replace(/\\s+/g, ' ').trim().slice(0, 60));
    }
  }
  return {fold: Math.round(fold), seen};
}
"""


def some_activities():
    """Safe Place's activities in the LGBTQI community: done last week, planned next month."""
    member = User.objects.get(email=MEMBER)
    lgbtqi = Community.objects.get(slug="lgbtqi")
    today = timezone.localdate()
    for days, status, title in (
        (-6, Activity.Status.DONE, "ការពិភាក្សាក្រុមស្តីពីសុខភាពផ្លូវចិត្ត"),
        (-2, Activity.Status.DONE, "វគ្គបណ្តុះបណ្តាលអំពីសិទ្ធិមនុស្ស"),
        (12, Activity.Status.PLANNED, "កិច្ចប្រជុំប្រចាំខែរបស់សហគមន៍"),
    ):
        log_activity(
            by=member,
            community=lgbtqi,
            activity_type=ActivityType.objects.first(),
            lead_organization=member.organization,
            start_date=today + datetime.timedelta(days=days),
            status=status,
            title_km=title,
            participants_total=15,
            participants_women=8,
            participants_men=7,
        )


class Screens:
    """Each page looked at the same way; what was seen is kept for the closing note."""

    def __init__(self, visitor):
        self.visitor = visitor
        self.page = visitor.page
        self.seen = {}

    def look(self, name):
        page = self.page
        header = page.locator("header.site-header").bounding_box()
        assert header["height"] <= 56, (name, header)
        width = evaluate(page, "document.documentElement.scrollWidth")
        assert width <= 360, (name, f"{width} px wide")
        offenders = small_targets(page)
        assert offenders == [], (name, offenders)
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))
        first = page.evaluate(FIRST_SCREEN_JS)
        weakest = focus_rings(page)
        assert weakest and all(ratio >= 3 for ratio, _ in weakest), (name, weakest)
        self.seen[name] = {
            "header_px": round(header["height"], 1),
            "page_px": evaluate(page, "document.documentElement.scrollHeight"),
            "weakest_focus_ring": round(weakest[0][0], 1),
            "weakest_focus_ring_on": weakest[0][1],
            **first,
        }

    def write(self):
        with open(os.path.join(SHOTS, "first-screens.json"), "w", encoding="utf-8") as file:
            json.dump(self.seen, file, ensure_ascii=False, indent=2)


@pytest.mark.timeout(300)
@pytest.mark.parametrize("language", ["km"])
def test_the_six_pages_on_a_phone_in_khmer(visitor, language):
    some_activities()
    screens = Screens(visitor)
    page = visitor.page
    visitor.sign_in(MEMBER)

    visitor.goto("/dashboard/")
    screens.look("dashboard")
    visitor.goto("/communities/lgbtqi/")
    screens.look("community-home")

    visitor.goto("/activities/new/?community=lgbtqi")
    page.select_option("#id_activity_type", index=1)
    page.fill("#id_start_date", "2026-11-18")
    page.fill("#id_title_km", "ការជួបជុំយុវជន")
    page.fill("#id_participants_total", "២០")
    page.fill("#id_participants_women", "៣០")
    visitor.submit()
    assert page.title().startswith("កំហុស៖"), page.title()
    assert evaluate(page, "document.activeElement.id") == "form-error-summary"
    assert page.input_value("#id_title_km") == "ការជួបជុំយុវជន"
    screens.look("activity-form-error")

    visitor.goto("/activities/calendar/")
    screens.look("calendar")
    visitor.goto("/activities/")
    screens.look("activity-list")

    visitor.sign_out()
    visitor.sign_in(FACILITATOR)
    visitor.goto("/reports/")
    screens.look("report")
    screens.write()
