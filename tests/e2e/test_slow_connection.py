"""Forms sent over a slow connection, in both languages and sizes.

The form's request is held by the test (`page.route`) as a slow link would hold it, and
released by the test itself, never from inside the route handler. While it is held the
page has a navigation pending, and the browser answers no question about the page until
that navigation commits (Playwright's `evaluate` and locators, even the DevTools
protocol's Runtime.evaluate, wait for it). So the person taps with the mouse, and the page
itself tells the test, through an exposed function, what its button said after each
submission and whether the submission was stopped: events still come out of a page that
is waiting for its next one."""

import re
import time

import pytest

from activities.models import Activity
from communities.models import Discussion
from tests.e2e.conftest import ACTION_MS

SAVING = {"km": "កំពុងរក្សាទុក…", "en": "Saving…"}
SENDING = {"km": "កំពុងផ្ញើ…", "en": "Sending…"}

# After every handler of a submission has run: the pressed button's text and aria-busy,
# and whether the submission was stopped.
REPORT_SUBMISSIONS = """() => document.addEventListener("submit", (event) => {
  const button = event.submitter;
  setTimeout(() => window.reportSubmission({
    text: button.textContent,
    busy: button.getAttribute("aria-busy"),
    stopped: event.defaultPrevented,
  }), 0);
}, true)"""


def wait_until(page, done, what, timeout=ACTION_MS):
    """Let the browser's events in until `done()` holds, or fail after `timeout` ms."""
    deadline = time.monotonic() + timeout / 1000
    while not done():
        assert time.monotonic() < deadline, f"after {timeout} ms, still waiting for {what}"
        page.wait_for_timeout(25)


class SlowForm:
    """One form of the page on a slow connection: its POSTs held, its submissions told."""

    def __init__(self, page, path):
        self.page = page
        self.held = []
        self.submissions = []
        page.route(re.compile(rf".*{path}.*"), self._hold)
        page.expose_function("reportSubmission", self._told)
        page.evaluate(REPORT_SUBMISSIONS)

    def _told(self, submission):
        self.submissions.append(submission)

    def _hold(self, route):
        if route.request.method == "POST":
            self.held.append(route)
        else:
            route.continue_()

    def tap_twice(self, button):
        """Tap; once the request is on its way, tap again, as an impatient person does."""
        button.scroll_into_view_if_needed()
        box = button.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        self.page.mouse.click(x, y)
        wait_until(self.page, lambda: self.held and self.submissions, "the first submission")
        self.page.mouse.click(x, y)
        wait_until(self.page, lambda: len(self.submissions) == 2, "the second tap's submission")

    def let_go(self, visitor, landing):
        """The held request reaches the server; the person lands on `landing` (a pattern)."""
        for route in self.held:
            route.continue_()
        visitor.page.wait_for_url(re.compile(landing))
        visitor.check()


def test_save_says_it_is_saving_and_a_second_tap_sends_nothing_more(visitor, language):
    page = visitor.page
    visitor.sign_in("member.safe-place@example.org")
    visitor.goto("/activities/new/?community=lgbtqi")
    page.select_option("#id_activity_type", index=1)
    page.fill(f"#id_title_{language}", "ជំនួបតាមបណ្តាញយឺត")
    page.fill("#id_start_date", "2026-11-18")

    form = SlowForm(page, "/activities/new/")
    form.tap_twice(page.locator("main form button[type=submit]").last)
    busy = {"text": SAVING[language], "busy": "true"}
    assert form.submissions == [{**busy, "stopped": False}, {**busy, "stopped": True}]
    assert len(form.held) == 1

    form.let_go(visitor, r"/activities/\d+/(\?next=[^/]*)?$")
    assert Activity.objects.filter(title_km="ជំនួបតាមបណ្តាញយឺត").count() == (language == "km")
    assert Activity.objects.count() == 1


def test_a_new_discussion_tapped_twice_is_started_once(visitor, language):
    page = visitor.page
    visitor.sign_in("member.safe-place@example.org")
    visitor.goto("/communities/lgbtqi/discussions/")
    page.fill("#id_title", "សំណួរអំពីវេទិកាខែក្រោយ")
    page.fill("#id_text", "តើនរណាអាចចូលរួមបាន?")

    form = SlowForm(page, "/discussions/")
    form.tap_twice(page.locator("main form button[type=submit]").last)
    busy = {"text": SENDING[language], "busy": "true"}
    assert form.submissions == [{**busy, "stopped": False}, {**busy, "stopped": True}]
    assert len(form.held) == 1

    form.let_go(visitor, r"/discussions/\d+/$")
    assert Discussion.objects.filter(title="សំណួរអំពីវេទិកាខែក្រោយ").count() == 1


@pytest.fixture
def browser_context_args(browser_context_args):
    """Without the service worker: it would send the form's request in the page's stead,
    out of page.route's reach, and the request could not be held (the outbox's journey,
    tests/e2e/test_outbox.py, is the one with the worker)."""
    return {**browser_context_args, "service_workers": "block"}
