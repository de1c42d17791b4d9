"""The portal installed on a phone, and without a connection (issue 20, points 1 and 2):
in Khmer on a 360 px phone and in English on a laptop.

- Chromium finds nothing missing to install it (the DevTools protocol's
  Page.getInstallabilityErrors, in a profile that is not incognito) and reads its
  manifest without errors.
- Once the service worker is active, a page never seen opens the offline page, in the
  person's language, without an axe violation; back online, "Try again" opens the page.
- A members-only community's page seen online is never kept: offline, the offline page
  shows instead. A public community's page seen before signing in is kept, and read
  offline; it is gone after sign-out."""

import re
import time

from communities.models import Community
from tests.e2e.conftest import ACTION_MS, SIZES, Visitor

PERSON = "member.safe-place@example.org"  # Safe Place, in the members-only "lgbtqi"
MEMBERS_ONLY = "lgbtqi"
NO_CONNECTION = {"km": "គ្មានអ៊ីនធឺណិត", "en": "No connection"}
TRY_AGAIN = {"km": "ព្យាយាមម្តងទៀត", "en": "Try again"}
KEPT_PAGES = """caches.keys()
  .then((names) => Promise.all(names.filter((name) => name.startsWith('cop-pages-'))
    .map((name) => caches.open(name).then((cache) => cache.keys()))))
  .then((lists) => lists.flat().map((request) => new URL(request.url).pathname))"""


def kept_pages(page, until=lambda paths: True, timeout=ACTION_MS):
    """The paths of the pages the worker keeps, once `until` holds of them (the worker
    keeps a page just after answering it); the last read if it never does."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        paths = page.evaluate(KEPT_PAGES)
        if until(paths) or time.monotonic() > deadline:
            return paths
        page.wait_for_timeout(100)


def worker_ready(page):
    """Wait until this page's service worker is active and controls the page."""
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def heading(page):
    return page.locator("main h1").inner_text().strip()


def test_the_portal_installs_and_shows_its_offline_page(visitor, language, page, context):
    public = Community.objects.filter(visibility=Community.Visibility.PUBLIC).first()
    members_only = Community.objects.get(slug=MEMBERS_ONLY)

    # A visitor reads a public community's page: the worker keeps it.
    visitor.goto("/")
    worker_ready(page)
    visitor.goto(f"/communities/{public.slug}/")
    public_title = heading(page)
    assert public_title == getattr(public, f"name_{language}")
    path = f"/{language}/communities/{public.slug}/"
    assert path in kept_pages(page, until=lambda paths: path in paths)

    # Chromium reads the manifest of the page's language without an error.
    manifest = context.new_cdp_session(page).send("Page.getAppManifest")
    assert manifest["url"].endswith(f"/manifest.webmanifest?lang={language}")
    assert manifest["errors"] == []

    # Signed in, the person opens their members-only community online.
    visitor.sign_in(PERSON)
    visitor.goto(f"/communities/{MEMBERS_ONLY}/")
    assert heading(page) == getattr(members_only, f"name_{language}")
    worker_ready(page)

    context.set_offline(True)
    # A page never seen: the offline page, in the person's language.
    visitor.goto("/search/?q=forum")
    assert heading(page) == NO_CONNECTION[language]
    assert page.get_by_role("link", name=TRY_AGAIN[language]).is_visible()
    # The public page seen before is read from what the worker kept.
    visitor.goto(f"/communities/{public.slug}/")
    assert heading(page) == public_title
    # The members-only community seen online was never kept.
    visitor.goto(f"/communities/{MEMBERS_ONLY}/")
    assert heading(page) == NO_CONNECTION[language]
    assert members_only.name_en not in page.content() and members_only.name_km not in page.content()

    # Back online, "Try again" opens the page asked for.
    context.set_offline(False)
    page.get_by_role("link", name=TRY_AGAIN[language]).click()
    page.wait_for_load_state("load")
    assert heading(page) == getattr(members_only, f"name_{language}")
    visitor.check()
    visitor.goto("/search/?q=forum")
    assert heading(page) != NO_CONNECTION[language]

    # Sign-out: nothing the worker kept stays but the offline pages.
    visitor.sign_out()
    kept = kept_pages(page, until=lambda paths: path not in paths)
    outboxes = {"/km/activities/waiting/", "/en/activities/waiting/"}
    assert set(kept) <= {"/km/offline/", "/en/offline/", *outboxes}, kept


def test_chromium_finds_nothing_missing_to_install_the_portal(
    playwright, browser_type_launch_args, live_server, transactional_db, language, tmp_path
):
    """In a profile of its own: Playwright's usual contexts are incognito, where Chromium
    installs nothing (its only installability error there: "in-incognito")."""
    context = playwright.chromium.launch_persistent_context(
        tmp_path / "profile",
        **browser_type_launch_args,
        viewport=SIZES[language],
        locale=language,
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        visitor = Visitor(page, live_server.url, language)
        visitor.goto("/")
        worker_ready(page)
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getAppManifest")["errors"] == []
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()


def test_a_sign_out_leaves_no_kept_page_even_without_clear_site_data(visitor, language, page):
    """Where a browser ignores Clear-Site-Data, the sign-out form tells the worker."""
    public = Community.objects.filter(visibility=Community.Visibility.PUBLIC).first()
    # The answer to the sign-out, without its Clear-Site-Data header.
    page.route(
        re.compile(r".*/accounts/logout/$"),
        lambda route: route.fulfill(
            response=(answer := route.fetch(max_redirects=0)),
            headers={k: v for k, v in answer.headers.items() if k != "clear-site-data"},
        ),
    )
    visitor.goto("/")
    worker_ready(page)
    visitor.goto(f"/communities/{public.slug}/")
    path = f"/{language}/communities/{public.slug}/"
    assert path in kept_pages(page, until=lambda paths: path in paths)
    visitor.sign_in(PERSON)
    visitor.sign_out()
    assert path not in kept_pages(page, until=lambda paths: path not in paths)
    # The offline pages come back for the next time the connection drops.
    offline = f"/{language}/offline/"
    assert offline in kept_pages(page, until=lambda paths: offline in paths)
