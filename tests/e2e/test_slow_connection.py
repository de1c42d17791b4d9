"""Forms sent over a slow connection, in both languages and sizes."""

import re

from activities.models import Activity
from communities.models import Discussion

SAVING = {"km": "កំពុងរក្សាទុក…", "en": "Saving…"}
SENDING = {"km": "កំពុងផ្ញើ…", "en": "Sending…"}
# Read straight from the page: locators wait for the pending navigation to finish.
BUTTON = "document.querySelector('main form button[aria-busy]')"


def hold_posts(page, path):
    """The connection is slow: the form's request is held until the test lets it go."""
    held = []
    page.route(
        re.compile(rf".*{path}.*"),
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    return held


def tap_twice(page, button):
    """Tap, read what the button says while the request is held, and tap again."""
    button.click(no_wait_after=True)
    shown = page.evaluate(f"() => [{BUTTON}.textContent, {BUTTON}.getAttribute('aria-busy')]")
    page.evaluate(f"() => {BUTTON}.click()")  # an impatient second tap
    page.wait_for_timeout(500)
    return shown


def let_go(visitor, held, landing):
    """The held request reaches the server; the person lands on `landing` (a pattern)."""
    held[0].continue_()
    visitor.page.wait_for_url(re.compile(landing))
    visitor.check()


def test_save_says_it_is_saving_and_a_second_tap_sends_nothing_more(visitor, language):
    page = visitor.page
    visitor.sign_in("member.safe-place@example.org")
    visitor.goto("/activities/new/?community=lgbtqi")
    page.select_option("#id_activity_type", index=1)
    page.fill(f"#id_title_{language}", "ជំនួបតាមបណ្តាញយឺត")
    page.fill("#id_start_date", "2026-11-18")

    held = hold_posts(page, "/activities/new/")
    shown = tap_twice(page, page.locator("main form button[type=submit]").last)
    assert shown == [SAVING[language], "true"]
    assert len(held) == 1

    let_go(visitor, held, r"/activities/\d+/$")
    assert Activity.objects.filter(title_km="ជំនួបតាមបណ្តាញយឺត").count() == (language == "km")
    assert Activity.objects.count() == 1


def test_a_new_discussion_tapped_twice_is_started_once(visitor, language):
    page = visitor.page
    visitor.sign_in("member.safe-place@example.org")
    visitor.goto("/communities/lgbtqi/discussions/")
    page.fill("#id_title", "សំណួរអំពីវេទិកាខែក្រោយ")
    page.fill("#id_text", "តើនរណាអាចចូលរួមបាន?")
    held = hold_posts(page, "/discussions/")
    shown = tap_twice(page, page.locator("main form button[type=submit]").last)
    assert shown == [SENDING[language], "true"]
    assert len(held) == 1
    let_go(visitor, held, r"/discussions/\d+/$")
    assert Discussion.objects.filter(title="សំណួរអំពីវេទិកាខែក្រោយ").count() == 1
