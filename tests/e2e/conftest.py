"""Browser journeys: Playwright driving Debian's Chromium (/usr/bin/chromium) against a
live server, with axe-core's WCAG 2.2 AA rules on every page visited."""

import contextlib
import datetime
import gc
import glob
import os
import re
import signal
import sys
import threading
import time
import traceback

import greenlet
import pytest
import pytest_timeout
from allauth.mfa.totp.internal.auth import TOTP
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.db.models import Q

from members.models import User
from tests.factories import PASSWORD, TOTP_SECRET, totp_code

# Playwright's sync API runs an event loop in the test's thread; the ORM calls made by
# the test itself (fixtures, assertions) are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Every wait is bounded: a journey that cannot go on fails with where it stopped, in
# seconds, instead of hanging CI. pytest-timeout bounds each whole journey on top.
ACTION_MS = 15_000
NAVIGATION_MS = 30_000
JOURNEY_SECONDS = 180
AXE = Axe()
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

SIZES = {
    "km": {"width": 360, "height": 740},  # a phone, in Khmer
    "en": {"width": 1280, "height": 800},  # a laptop, in English
}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(JOURNEY_SECONDS))


def descendants(pid):
    """The ids of every process below `pid` (Linux's /proc)."""
    children = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        with contextlib.suppress(OSError):
            with open(stat) as file:
                fields = file.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.split("/")[2]))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


@pytest.hookimpl(tryfirst=True)
def pytest_timeout_set_timer(item, settings):
    """A journey past its time ends the run with the stack of where it stopped.

    pytest-timeout's SIGALRM can be raised inside Playwright's event loop and swallowed
    there (seen: a journey hung past its limit), so journeys use a timer thread. Its own
    dump shows every thread, but Playwright parks the test in a greenlet that no thread
    dump shows: print those first, then let pytest-timeout end the run."""
    if item.get_closest_marker("e2e") is None:
        return None

    def overrun():
        for parked in gc.get_objects():
            if isinstance(parked, greenlet.greenlet) and parked.gr_frame is not None:
                sys.stderr.write(f"\n~~~ Stack of a Playwright greenlet ({item.nodeid}) ~~~\n")
                sys.stderr.write("".join(traceback.format_stack(parked.gr_frame)))
        for pid in descendants(os.getpid()):  # the driver and the browser, or they linger
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        pytest_timeout.timeout_timer(item, settings)

    timer = threading.Timer(settings.timeout, overrun)
    timer.name = f"journey timeout {item.nodeid}"
    timer.daemon = True

    def cancel():
        timer.cancel()
        timer.join()

    item.cancel_timeout = cancel
    timer.start()
    return True


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def context(context):
    context.set_default_timeout(ACTION_MS)
    context.set_default_navigation_timeout(NAVIGATION_MS)
    return context


def evaluate(page, expression, timeout=ACTION_MS):
    """`page.evaluate` with a time limit: the value of `expression`, read within `timeout` ms.

    Playwright's own `evaluate` has none, and it waits for a navigation that has started
    to commit, which may be never."""
    handle = page.wait_for_function(f"() => [{expression}]", timeout=timeout)
    return handle.json_value()[0]


@pytest.fixture(params=["km", "en"])
def language(request):
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, language):
    return {**browser_context_args, "viewport": SIZES[language], "locale": language}


@pytest.fixture
def seeded(transactional_db, settings):
    settings.DEBUG = True
    call_command("load_voice_seed", verbosity=0)
    call_command("create_demo_accounts", password=PASSWORD, verbosity=0)
    settings.DEBUG = False
    # The demo admin and facilitators set up two-step sign-in at their first sign-in; here
    # they have done so already, with an authenticator app whose key the journeys know.
    for person in User.objects.filter(Q(is_staff=True) | Q(is_facilitator=True)):
        TOTP.activate(person, TOTP_SECRET)


class Visitor:
    """A person in the browser: every page they reach is checked with axe-core."""

    def __init__(self, page, base_url, language):
        self.page = page
        self.base = base_url
        self.language = language
        self.checked = []
        self.codes_typed = set()

    def url(self, path):
        return f"{self.base}/{self.language}{path}"

    def goto(self, path):
        self.page.goto(self.url(path))
        self.check()

    def check(self):
        self.page.wait_for_load_state("load")
        results = AXE.run(self.page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
        problems = [
            f"{violation['id']}: {violation['help']} "
            f"({', '.join(str(node['target']) for node in violation['nodes'][:3])})"
            for violation in results.response["violations"]
        ]
        assert problems == [], f"axe on {self.page.url}: {problems}"
        assert self.page.locator("html").get_attribute("lang") == self.language
        self.checked.append(self.page.url)

    def submit(self, name=None):
        """Click the main form's submit button (not the header's sign-out)."""
        button = (
            self.page.get_by_role("button", name=re.compile(name))
            if name
            else self.page.locator("main form button[type=submit]").last
        )
        button.click()
        self.check()

    def sign_in(self, email):
        # The person reads this journey's language: signing in opens their language.
        User.objects.filter(email=email).update(preferred_language=self.language)
        self.goto("/accounts/login/")
        self.page.fill("#id_login", email)
        self.page.fill("#id_password", PASSWORD)
        self.submit()
        if "/accounts/2fa/authenticate/" in self.page.url:  # admins and facilitators
            self.type_code(self.next_code())

    def open_menu(self):
        """Open the header's menu (a <details>), where everything beyond the tabs is."""
        menu = self.page.locator("header details.menu")
        if menu.get_attribute("open") is None:
            menu.locator("summary").click()

    def sign_out(self):
        """The header's sign-out button, in the menu; the person lands on the home page."""
        self.open_menu()
        self.page.locator("header form button[type=submit]").click()
        self.page.wait_for_url(re.compile(rf"/{self.language}/$"))
        self.check()

    def next_code(self, secret=TOTP_SECRET):
        """The code the authenticator app shows, never one this journey typed already (a
        code works once): the next period's then, which the portal accepts too."""
        code = totp_code(secret)
        if code in self.codes_typed:
            code = totp_code(secret, at=time.time() + 30)
        self.codes_typed.add(code)
        return code

    def type_code(self, code):
        """Type a two-step code and send it (Enter: the page has a Cancel button too)."""
        self.page.fill("#id_code", code)
        self.page.press("#id_code", "Enter")
        self.check()


@pytest.fixture
def visitor(page, live_server, language, seeded):
    return Visitor(page, live_server.url, language)


# --- Tap targets and focus rings (issue 19) ---------------------------------------------

# Every interactive element is at least 44 × 44 CSS pixels (WCAG 2.5.5; 2.5.8 asks 24),
# unless it is inline in running text: a link inside a sentence is as tall as the line,
# and making it taller would break the paragraph (2.5.8's "inline" exception). An element
# is inline in text when its own box is inline (display: inline) and the block that holds
# it (the nearest ancestor that is not inline) has words of its own outside the element,
# i.e. it is a sentence, not a list of links. Hidden elements, and those of zero size, are
# not targets. A visually hidden skip link is not one until it is focused.
SMALL_TARGETS_JS = """
(minimum) => {
  const offenders = [];
  const selector = 'a[href], button, input:not([type=hidden]), select, summary, textarea';
  for (const element of document.querySelectorAll(selector)) {
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.width <= 1 && box.height <= 1) continue;  // visually hidden
    if (element.closest('[hidden], details:not([open]) > :not(summary)')) continue;
    if (box.right < 0 || box.bottom < 0) continue;  // off screen (the skip link)
    if (box.width >= minimum && box.height >= minimum) continue;
    if (style.display === 'inline') {
      let block = element.parentElement;
      while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
      const own = (element.textContent || '').replace(/\\s+/g, '');
      const around = (block ? block.textContent : '').replace(/\\s+/g, '');
      if (around.length > own.length) continue;  // inline in running text
    }
    if (element.type === 'checkbox' || element.type === 'radio') {
      // A checkbox counts with its label: the label is the target (2.5.8's "equivalent").
      const label = element.labels && element.labels[0];
      if (label) {
        const area = label.getBoundingClientRect();
        if (area.height >= minimum || (area.height >= 24 && area.width >= minimum)) continue;
      }
    }
    offenders.push({
      tag: element.tagName.toLowerCase(),
      text: (element.textContent || element.value || element.name || '').trim().slice(0, 40),
      width: Math.round(box.width),
      height: Math.round(box.height),
    });
  }
  return offenders;
}
"""


def small_targets(page, minimum=44):
    """The visible interactive elements of the page smaller than `minimum` × `minimum` CSS
    pixels and not inline in a sentence (the rule above): a list of {tag, text, width,
    height}, empty when every target is big enough."""
    return page.evaluate(SMALL_TARGETS_JS, minimum)


FOCUS_RING_JS = """
() => {
  const element = document.activeElement;
  const parse = (colour) => {
    const m = colour.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const parts = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
  };
  const style = getComputedStyle(element);
  if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) === 0) return null;
  const ring = parse(style.outlineColor);
  // What is behind the ring: the first opaque background of the element's ancestors (the
  // ring is drawn outside the element, over its parent), white at the end.
  let node = element.parentElement, behind = null;
  while (node && !behind) {
    const background = parse(getComputedStyle(node).backgroundColor);
    if (background && background.a > 0.5) behind = background;
    node = node.parentElement;
  }
  behind = behind || {r: 255, g: 255, b: 255, a: 1};
  const luminance = ({r, g, b}) => {
    const [R, G, B] = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const [a, b] = [luminance(ring), luminance(behind)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""


def focus_ring_contrast(page, selector, presses=200):
    """Focus the first element matching `selector` with the keyboard (Tab from the top of
    the page, as a person would) and return the contrast ratio between its outline's
    colour and the background behind it (the first opaque background among its
    ancestors). None if Tab never reaches it or it shows no outline."""
    target = page.locator(selector).first.element_handle()
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(target) => document.activeElement === target", target):
            return page.evaluate(FOCUS_RING_JS)
    return None


def focus_rings(page, presses=150, weakest=3):
    """Tab through the whole page from its top, as a keyboard user would, and return the
    `weakest` focus rings met: (contrast ratio, what had the focus), lowest first. An
    element that shows no outline when focused counts as 0. Ends when the focus comes
    back to where it started or leaves the page."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    rings, first = {}, None
    for _ in range(presses):
        page.keyboard.press("Tab")
        where = page.evaluate(
            """() => { const e = document.activeElement;
              if (!e || e === document.body) return null;
              const text = (e.textContent || e.value || e.name || '').replace(/\\s+/g, ' ');
              return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' '
                + text.trim().slice(0, 30) + ' @'
                + Math.round(e.getBoundingClientRect().top + window.scrollY); }"""
        )
        if where is None or where == first:
            break
        first = first or where
        ratio = page.evaluate(FOCUS_RING_JS)
        rings[where] = 0 if ratio is None else ratio
    return sorted((ratio, where) for where, ratio in rings.items())[:weakest]


def activity_of(email, title_km="វេទិកាយុវជន"):
    """An activity led by the person's organisation in the LGBTQI community of the seed,
    for the journeys that attach, show or remove its files."""
    from activities.models import Activity
    from communities.models import Community
    from tests.factories import ActivityTypeFactory

    person = User.objects.get(email=email)
    return Activity.objects.create(
        community=Community.objects.get(slug="lgbtqi"),
        activity_type=ActivityTypeFactory(),
        lead_organization=person.organization,
        title_km=title_km,
        start_date=datetime.date(2026, 11, 18),
        created_by=person,
    )
