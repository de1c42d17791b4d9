"""Browser journeys: Playwright driving Debian's Chromium (/usr/bin/chromium) against a
live server, with axe-core's WCAG 2.2 AA rules on every page visited."""

import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from members.models import User
from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in the test's thread; the ORM calls made by
# the test itself (fixtures, assertions) are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
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


class Visitor:
    """A person in the browser: every page they reach is checked with axe-core."""

    def __init__(self, page, base_url, language):
        self.page = page
        self.base = base_url
        self.language = language
        self.checked = []

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


@pytest.fixture
def visitor(page, live_server, language, seeded):
    return Visitor(page, live_server.url, language)
