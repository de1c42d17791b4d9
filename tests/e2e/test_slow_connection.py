"""Logging an activity over a slow connection, in both languages and sizes."""

import re

from activities.models import Activity

SAVING = {"km": "កំពុងរក្សាទុក…", "en": "Saving…"}


def test_save_says_it_is_saving_and_a_second_tap_sends_nothing_more(visitor, language):
    page = visitor.page
    visitor.sign_in("member.safe-place@example.org")
    visitor.goto("/activities/new/?community=lgbtqi")
    page.select_option("#id_activity_type", index=1)
    page.fill(f"#id_title_{language}", "ជំនួបតាមបណ្តាញយឺត")
    page.fill("#id_start_date", "2026-11-18")

    # The connection is slow: the form's request is held until the test lets it go.
    held = []
    page.route(
        re.compile(r".*/activities/new/.*"),
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    save = page.locator("main form button[type=submit]").last
    save.click(no_wait_after=True)
    # Read straight from the page: locators wait for the pending navigation to finish.
    button = "document.querySelector('main form button[data-sending]')"
    shown = page.evaluate(f"() => [{button}.textContent, {button}.getAttribute('aria-busy')]")
    assert shown == [SAVING[language], "true"]
    page.evaluate(f"() => {button}.click()")  # an impatient second tap
    page.wait_for_timeout(500)
    assert len(held) == 1

    held[0].continue_()
    page.wait_for_url(re.compile(r"/activities/\d+/$"))
    visitor.check()
    assert Activity.objects.filter(title_km="ជំនួបតាមបណ្តាញយឺត").count() == (language == "km")
    assert Activity.objects.count() == 1
