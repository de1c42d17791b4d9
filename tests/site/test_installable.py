"""The portal as an installable app (issue 20, points 1 and 2): the web app manifest in
the person's language, its icons, the service worker's script and what it keeps, the
offline page, and which pages the worker may keep for reading offline (only what a
visitor may see). The browser side is in tests/e2e/test_installable.py."""

import json
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from PIL import Image

from tests.factories import CommunityFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

KHMER = re.compile("[\u1780-\u17ff]")
SITE_CSS = Path(settings.BASE_DIR) / "static" / "css" / "site.css"
WORKER_CONFIG = re.compile(r"\Aconst PORTAL = (\{.*?\});\n", re.S)
# The scripts of the waiting list and of the activity form come with those pages only.
ON_THEIR_PAGES = ("outbox-store", "outbox", "activity_form", "picker", "upload")
SHELL_FILES = [
    "css/site.css",
    "fonts/noto-sans-khmer-khmer-400-normal.woff2",
    "fonts/noto-sans-khmer-khmer-700-normal.woff2",
    "icons/sprite.svg",
    "js/portal.js",
    "js/sending.js",
    "js/draft.js",
    "js/confirm.js",
    "js/outbox-store.js",
    "js/outbox.js",
    "js/activity_form.js",
    "js/picker.js",
    "js/upload.js",
]


def css_colour(name):
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", SITE_CSS.read_text())[1].lower()


def manifest_of(client, path):
    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["Content-Type"] == "application/manifest+json"
    return json.loads(page.content)


def worker(client):
    page = client.get("/service-worker.js")
    assert page.status_code == 200
    return page, json.loads(WORKER_CONFIG.match(page.content.decode())[1])


def manifest_link(html):
    return re.search(r'<link rel="manifest" href="([^"]+)">', html)[1].replace("&amp;", "&")


# --- The manifest ---------------------------------------------------------------------


def test_installed_from_a_khmer_page_the_app_is_named_in_khmer_and_opens_the_khmer_dashboard(
    client,
):
    link = manifest_link(client.get("/km/").content.decode())
    manifest = manifest_of(client, link)
    assert manifest["lang"] == "km"
    assert KHMER.search(manifest["name"]) and KHMER.search(manifest["description"])
    assert manifest["name"] == "វិបផតថលសហគមន៍អនុវត្តន៍ Voice"
    assert manifest["short_name"]
    assert manifest["start_url"] == "/km/dashboard/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"


def test_installed_from_an_english_page_the_app_is_in_english(client):
    link = manifest_link(client.get("/en/").content.decode())
    manifest = manifest_of(client, link)
    assert manifest["lang"] == "en"
    assert manifest["name"] == "Voice CoP Portal"
    assert manifest["description"] == (
        "The Communities of Practice of the Voice programme in Cambodia."
    )
    assert not KHMER.search(json.dumps(manifest, ensure_ascii=False))
    assert manifest["start_url"] == "/en/dashboard/"
    # One app whatever the language it was installed in.
    assert manifest["id"] == manifest_of(client, "/manifest.webmanifest?lang=km")["id"]


def test_without_a_language_the_manifest_follows_the_browser_then_khmer(client):
    assert manifest_of(client, "/manifest.webmanifest")["lang"] == "km"
    asked = client.get("/manifest.webmanifest?lang=fr", HTTP_ACCEPT_LANGUAGE="en")
    assert json.loads(asked.content)["lang"] == "en"


def test_the_apps_colours_are_the_sites(client):
    manifest = manifest_of(client, "/manifest.webmanifest?lang=km")
    assert manifest["theme_color"] == css_colour("accent") == "#0b5cad"
    assert manifest["background_color"] == css_colour("paper") == "#ffffff"
    html = client.get("/km/").content.decode()
    assert f'<meta name="theme-color" content="{css_colour("accent")}">' in html


def test_the_icons_exist_with_the_sizes_they_claim(client):
    manifest = manifest_of(client, "/manifest.webmanifest?lang=en")
    purposes = set()
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        assert path, icon["src"]
        with Image.open(path) as image:
            assert image.format == "PNG" and icon["type"] == "image/png"
            assert f"{image.width}x{image.height}" == icon["sizes"]
            # The accent blue in the corner: a maskable icon must reach its edges.
            assert "#{:02x}{:02x}{:02x}".format(*image.convert("RGB").getpixel((1, 1))) == (
                css_colour("accent")
            )
        purposes.add((icon["sizes"], icon["purpose"]))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes


def test_every_page_links_the_manifest_in_its_language(client, member_a):
    for path in ("/km/", "/en/accounts/login/", "/km/offline/", "/en/no-such-page/"):
        html = client.get(path).content.decode()
        assert manifest_link(html) == f"/manifest.webmanifest?lang={path[1:3]}", path
        assert re.search(
            r'<script src="[^"]*js/portal[.\w]*js" data-bold-font="[^"]+" '
            r'data-service-worker="/service-worker.js" defer>',
            html,
        ), path
    client.force_login(member_a)
    for path in ("/km/dashboard/", "/en/activities/"):
        html = client.get(path).content.decode()
        assert manifest_link(html) == f"/manifest.webmanifest?lang={path[1:3]}", path


def test_the_content_security_policy_allows_the_manifest_and_the_worker(client):
    policy = client.get("/km/").headers["Content-Security-Policy"]
    assert "manifest-src 'self'" in policy and "worker-src 'self'" in policy


# --- The service worker ---------------------------------------------------------------


def test_the_worker_is_javascript_asked_again_at_every_visit(client):
    page, config = worker(client)
    assert page.headers["Content-Type"].startswith("application/javascript")
    assert page.headers["Cache-Control"] == "no-cache"
    assert 'self.addEventListener("fetch"' in page.content.decode()
    assert config["offline"] == {"km": "/km/offline/", "en": "/en/offline/"}


@pytest.fixture
def hashed_static(settings, tmp_path):
    """Static files as production serves them: collected under names holding their hash."""
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])


def test_the_worker_keeps_the_app_shell_by_its_hashed_addresses(client, hashed_static):
    _page, config = worker(client)
    html = client.get("/km/offline/").content.decode()
    assert len(config["shell"]) == len(SHELL_FILES)
    for name in SHELL_FILES:
        stem, suffix = name.rsplit(".", 1)
        hashed = [
            url
            for url in config["shell"]
            if re.fullmatch(rf"/static/{re.escape(stem)}\.[0-9a-f]{{12}}\.{suffix}", url)
        ]
        assert len(hashed) == 1, name
        # The very addresses the pages ask for (the bold face is in portal.js's data-;
        # confirm.js comes with the pages that ask before a removal, the outbox's and the
        # activity form's scripts with their pages).
        if name in {"js/confirm.js", *(f"js/{n}.js" for n in ON_THEIR_PAGES)}:
            continue
        assert hashed[0] in html, name


@pytest.fixture
def own_static(settings, tmp_path):
    """A copy of the static files, to change one as a deploy would."""
    copy = tmp_path / "static"
    shutil.copytree(Path(settings.BASE_DIR) / "static", copy)
    settings.STATICFILES_DIRS = [copy]
    return copy


def test_a_new_deploy_that_changes_a_shell_file_gives_a_new_worker(client, own_static):
    first = worker(client)[1]["version"]
    assert worker(client)[1]["version"] == first  # nothing changed, the same worker
    with open(own_static / "css" / "site.css", "a") as css:
        css.write("\n.new-rule { color: var(--ink); }\n")
    second = worker(client)[1]["version"]
    assert second != first
    (own_static / "fonts" / "noto-sans-khmer-khmer-700-normal.woff2").write_bytes(b"wOF2 new")
    assert worker(client)[1]["version"] not in (first, second)


def test_a_change_of_a_page_only_script_leaves_the_worker_as_it_was(client, own_static):
    first = worker(client)[1]["version"]
    with open(own_static / "js" / "print.js", "a") as script:
        script.write("\n/* a change */\n")
    assert worker(client)[1]["version"] == first


# --- The offline page -----------------------------------------------------------------


def test_the_offline_page_in_khmer(client):
    page = client.get("/km/offline/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="km">' in html
    assert "<h1>គ្មានអ៊ីនធឺណិត</h1>" in html
    assert html.count("<h1") == 1
    assert "No connection" not in html and "Try again" not in html
    assert '<a class="button" href="">ព្យាយាមម្តងទៀត</a>' in html


def test_the_offline_page_in_english_says_what_still_works(client):
    html = client.get("/en/offline/").content.decode()
    assert "<h1>No connection</h1>" in html
    assert "public pages you have already seen" in html
    assert "Drafts of the activity form are kept on this phone" in html
    assert '<a class="button" href="">Try again</a>' in html


# --- What the worker may keep ---------------------------------------------------------


def kept(page):
    return page.headers.get("X-Offline-Cache") == "allow"


def test_only_what_a_visitor_may_see_is_marked_for_offline_reading(client, member_a, community):
    public = CommunityFactory(slug="open-circle", visibility="public")
    ParticipationFactory(community=public, organization=member_a.organization)
    for path in (
        "/km/offline/",
        "/en/offline/",
        "/km/",
        "/en/communities/open-circle/",
        "/km/communities/open-circle/about/",
    ):
        page = client.get(path)
        assert page.status_code == 200 and kept(page), path
    assert not kept(client.get("/km/accounts/login/"))
    assert not kept(client.get(f"/km/communities/{community.slug}/"))  # 404 to a visitor
    assert not kept(client.head("/km/"))

    client.force_login(member_a)
    members_only = client.get(f"/km/communities/{community.slug}/")
    assert members_only.status_code == 200 and not kept(members_only)
    assert not kept(client.get(f"/km/communities/{community.slug}/about/"))
    # Signed in, no page is kept: each shows the person's menu, counts and communities.
    for path in (
        "/km/dashboard/",
        "/km/",
        "/km/offline/",
        "/km/communities/open-circle/",
        "/km/accounts/preferences/",
    ):
        page = client.get(path)
        assert page.status_code == 200 and not kept(page), path


def test_the_page_after_a_sign_out_is_not_kept(client, member_a):
    client.force_login(member_a)
    signed_out = client.post("/km/accounts/logout/", follow=True)
    assert signed_out.redirect_chain and signed_out.headers.get("X-Offline-Cache") is None
    assert kept(client.get("/km/"))  # the same page later, without the message


def test_the_service_worker_and_the_manifest_are_outside_the_language_prefix(client):
    assert client.get("/km/service-worker.js").status_code == 404
    assert client.get("/km/manifest.webmanifest").status_code == 404
    assert client.post("/service-worker.js").status_code == 405
