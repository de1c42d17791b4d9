"""The navigation on a phone and on a laptop (issue 19, point 1): on a 360-pixel phone in
Khmer, a header of at most 56 px and a bar of tabs at the bottom, the rest in a menu that
opens without JavaScript; on a laptop, the tabs in one row at the top and no bottom bar.
Every target is big enough to hit, and the focus ring stands out on every background."""

import datetime
import os
import tempfile

import pytest

from activities.models import Activity, ActivityType
from activities.services import log_activity
from communities.models import Community
from members.models import User
from tests.e2e.conftest import SIZES, Visitor, focus_ring_contrast, small_targets
from tests.factories import PASSWORD

# Screenshots to look at (the closing note of issue 19 describes them).
SHOTS = os.environ.get("SHOTS_DIR", os.path.join(tempfile.gettempdir(), "shots-look"))
MEMBER = "member.safe-place@example.org"
ADMIN = "admin@example.org"


def an_activity_in_the_stream():
    """A done activity of Safe Place in the LGBTQI community, so the stream has news."""
    member = User.objects.get(email=MEMBER)
    log_activity(
        by=member,
        community=Community.objects.get(slug="lgbtqi"),
        activity_type=ActivityType.objects.first(),
        lead_organization=member.organization,
        start_date=datetime.date(2026, 11, 20),
        status=Activity.Status.DONE,
        title_km="ការពិភាក្សាក្រុមស្តីពីសុខភាពផ្លូវចិត្ត និងការគាំទ្រគ្នាទៅវិញទៅមក",
        title_en="Group talk on mental health",
    )


def shoot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))


def box(locator):
    return locator.bounding_box()


@pytest.mark.parametrize("language", ["km"])
@pytest.mark.parametrize("email", [MEMBER, ADMIN])
def test_on_a_phone_a_short_header_a_bar_of_tabs_and_the_rest_in_the_menu(visitor, language, email):
    an_activity_in_the_stream()
    page = visitor.page
    visitor.sign_in(email)
    visitor.goto("/dashboard/")
    header = box(page.locator("header.site-header"))
    assert header["height"] <= 56, header

    tabs = page.locator("nav.tab-bar a")
    assert tabs.count() == 5
    viewport = SIZES["km"]
    for index in range(5):
        tab = box(tabs.nth(index))
        assert tab["width"] >= 44 and tab["height"] >= 44, tab
        # On the screen, at its bottom.
        assert tab["y"] + tab["height"] <= viewport["height"] + 1
        assert tab["y"] >= viewport["height"] - 100
    # The stream's tab is this page's.
    assert (
        page.locator("nav.tab-bar a[aria-current=page]")
        .get_attribute("href")
        .endswith("/km/dashboard/")
    )
    # Nothing hides behind the bar: the page's end scrolls above it.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    footer = box(page.locator("footer.site-footer"))
    bar = box(page.locator("nav.tab-bar"))
    assert footer["y"] + footer["height"] <= bar["y"] + 1
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, f"dashboard-{email.split('@')[0]}")

    summary = page.locator("header details.menu > summary")
    summary_box = box(summary)
    assert summary_box["width"] >= 44 and summary_box["height"] >= 44
    assert not page.locator("header .sign-out button").is_visible()
    summary.click()
    assert page.locator("header .sign-out button").is_visible()
    if email == ADMIN:
        assert page.locator("header .menu-panel a[href='/admin/']").is_visible()
    visitor.check()
    shoot(page, f"menu-{email.split('@')[0]}")
    assert small_targets(page) == []

    visitor.goto("/communities/lgbtqi/")
    assert box(page.locator("header.site-header"))["height"] <= 56
    assert (
        page.locator("nav.tab-bar a[aria-current=page]")
        .get_attribute("href")
        .endswith("/km/communities/")
    )
    shoot(page, f"community-home-{email.split('@')[0]}")
    assert small_targets(page) == []

    # The organisations, each with its avatar (axe checks the pages as they are reached).
    visitor.goto("/communities/lgbtqi/about/")
    shoot(page, f"community-about-{email.split('@')[0]}")
    visitor.goto("/organizations/")
    shoot(page, f"organisations-{email.split('@')[0]}")


@pytest.mark.parametrize("language", ["km"])
def test_the_menu_opens_without_javascript(browser, live_server, seeded, language):
    context = browser.new_context(viewport=SIZES["km"], locale="km", java_script_enabled=False)
    page = context.new_page()
    visitor = Visitor(page, live_server.url, "km")
    User.objects.filter(email=MEMBER).update(preferred_language="km")
    page.goto(visitor.url("/accounts/login/"))
    page.fill("#id_login", MEMBER)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(visitor.url("/dashboard/"))
    assert not page.locator("header .sign-out button").is_visible()
    page.locator("header details.menu > summary").click()
    sign_out = page.locator("header .sign-out button")
    assert sign_out.is_visible()
    sign_out.click()
    page.wait_for_url(f"{live_server.url}/km/")
    assert page.locator("nav.tab-bar a[href='/km/accounts/login/']").is_visible()
    context.close()


@pytest.mark.parametrize("language", ["en"])
def test_on_a_laptop_the_tabs_are_the_top_bar(visitor, language):
    page = visitor.page
    visitor.sign_in(MEMBER)
    visitor.goto("/dashboard/")
    tabs = page.locator("nav.tab-bar a")
    assert tabs.count() == 5
    header = box(page.locator("header.site-header"))
    for index in range(5):
        tab = box(tabs.nth(index))
        assert (
            tab["y"] >= header["y"] and tab["y"] + tab["height"] <= header["y"] + header["height"]
        )
        assert tab["height"] >= 44
    # In one row: the same top for every tab.
    assert len({round(box(tabs.nth(index))["y"]) for index in range(5)}) == 1
    assert (
        page.locator("nav.tab-bar").evaluate("(nav) => getComputedStyle(nav).position") == "static"
    )
    assert small_targets(page) == []
    page.locator("header details.menu > summary").click()
    shoot(page, "dashboard-laptop-menu")


@pytest.mark.parametrize("language", ["km", "en"])
def test_the_focus_ring_stands_out_on_white_in_the_header_and_on_a_button(visitor, language):
    page = visitor.page
    visitor.sign_in(MEMBER)
    visitor.goto("/dashboard/")
    assert focus_ring_contrast(page, "header a.brand") >= 3
    assert focus_ring_contrast(page, "main a:not(.button)") >= 3
    assert focus_ring_contrast(page, "main a.button") >= 3
