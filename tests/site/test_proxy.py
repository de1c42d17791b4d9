"""The proxy in front (README, "The proxy in front"): its cap is the portal's, and the pages
it shows when gunicorn cannot answer are the portal's own, in Khmer then English, made of
nothing but the portal's files; and the Khmer font arrives early and never hides text."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from cop_portal.core.middleware import MEGABYTE, request_body_cap

ROOT = Path(__file__).resolve().parent.parent.parent
ERRORS = ROOT / "static" / "errors"
KHMER = re.compile(r"[\u1780-\u17ff]")
VOID = {"meta", "link", "br", "img", "input"}


def nginx_example() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### The proxy in front (nginx)") :]
    return re.search(r"```nginx\n(.*?)```", section, re.S).group(1)


def directive(config: str, name: str) -> list[str]:
    return [value.strip() for value in re.findall(rf"^\s*{name}\s+([^;]+);", config, re.M)]


class Page(HTMLParser):
    """The addresses a page asks for, and its text in each language, in order."""

    def __init__(self):
        super().__init__()
        self.addresses, self.texts, self.languages = [], [], ["km"]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.addresses += [attributes[name] for name in ("href", "src") if name in attributes]
        if tag not in VOID:
            self.languages.append(attributes.get("lang", self.languages[-1]))

    def handle_endtag(self, tag):
        if tag not in VOID:
            self.languages.pop()

    def handle_data(self, data):
        if data.strip():
            self.texts.append((self.languages[-1], data.strip()))


def read(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text())
    return page


def test_the_example_caps_bodies_as_the_portal_does():
    config = nginx_example()
    assert directive(config, "client_max_body_size") == [f"{request_body_cap() // MEGABYTE}m", "0"]
    assert directive(config, "proxy_request_buffering") == ["on"]
    assert directive(config, "proxy_buffering") == ["on"]
    # What SECURE_PROXY_SSL_HEADER reads, set by nginx whatever the client sent.
    assert directive(config, "proxy_set_header X-Forwarded-Proto") == ["$scheme"]


def test_the_example_shows_the_portals_pages_for_its_own_errors():
    config = nginx_example()
    pages = {}
    for line in directive(config, "error_page"):
        *codes, page = line.split()
        pages.update(dict.fromkeys(codes, page))
    assert pages == {
        "413": "/errors/413.html",
        "502": "/errors/502.html",
        "503": "/errors/502.html",
        "504": "/errors/504.html",
    }
    # Served from collectstatic's copy of static/errors/.
    root = directive(config, "root")[0]
    assert root.endswith("/staticfiles") and settings.STATIC_ROOT.name == "staticfiles"
    assert {page.removeprefix("/errors/") for page in pages.values()} == {
        path.name for path in ERRORS.glob("*.html")
    }


@pytest.mark.parametrize("name", ["413.html", "502.html", "504.html"])
def test_an_error_page_is_khmer_then_english_and_only_the_portals(name):
    page = read(ERRORS / name)
    khmer = [text for language, text in page.texts if language == "km" and KHMER.search(text)]
    english = [text for language, text in page.texts if language == "en"]
    assert len(khmer) >= 2 and len(english) >= 2
    assert all(not KHMER.search(text) and re.search(r"[A-Za-z]{4}", text) for text in english)
    order = [language for language, _ in page.texts if language in {"km", "en"}]
    assert order.index("km") < order.index("en")  # the heading in Khmer comes first
    assert page.addresses
    for address in page.addresses:
        # Nothing from another host; paths from the site's root (the page is shown at
        # whatever address failed), each a file of the portal's.
        assert "//" not in address and ":" not in address, address
        assert address in {"", "/"} or finders.find(address.removeprefix(settings.STATIC_URL))
    assert "/static/css/site.css" in page.addresses


def test_the_413_page_gives_the_portals_limit():
    page = (ERRORS / "413.html").read_text()
    limit = f"{settings.UPLOAD_MAX_BYTES // MEGABYTE}"
    assert f"at most {limit} MB" in page
    assert f"យ៉ាងច្រើន {limit.translate(str.maketrans('0123456789', '០១២៣៤៥៦៧៨៩'))} MB" in page


# The font ----------------------------------------------------------------------------


def font_faces(stylesheet="css/site.css") -> list[str]:
    return re.findall(r"@font-face\s*{([^}]*)}", Path(finders.find(stylesheet)).read_text())


def regular_font_address() -> str:
    """The address of the regular weight, as site.css names it."""
    regular = next(face for face in font_faces() if re.search(r"font-weight:\s*400", face))
    source = re.search(r"url\(\"?([^\")]+)\"?\)", regular).group(1)
    return urljoin(f"{settings.STATIC_URL}css/site.css", source)


def test_every_font_face_shows_the_text_at_once():
    """The regular face in site.css, the bold one added by portal.js after the page has
    loaded: both draw the text at once in a fallback face while they come. The admin's
    stylesheet declares the same face."""
    faces = font_faces()
    assert len(faces) == 1
    assert font_faces("css/admin.css") == faces
    assert all(re.search(r"font-display:\s*swap;", face) for face in faces)
    script = (settings.BASE_DIR / "static" / "js" / "portal.js").read_text()
    assert re.search(r'weight: "700",\s*display: "swap"', script)


@pytest.mark.django_db
def test_the_regular_khmer_font_is_preloaded_from_the_address_site_css_asks_for(client):
    html = client.get("/km/").content.decode()
    preloads = re.findall(r"<link rel=\"preload\"[^>]*>", html)
    assert len(preloads) == 1
    preload = preloads[0]
    assert 'as="font"' in preload and 'type="font/woff2"' in preload
    assert re.search(r"\scrossorigin[\s>]", preload)  # fonts are fetched in CORS mode
    assert re.search(r'href="([^"]+)"', preload).group(1) == regular_font_address()
    for name in ("413.html", "502.html", "504.html"):
        assert regular_font_address() in read(ERRORS / name).addresses
