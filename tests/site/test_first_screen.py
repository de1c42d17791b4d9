"""What a phone fetches before its first screen, on a slow link where each kilobyte costs
20 ms and each file beyond the six a browser asks for at once a further round trip: the
dashboard names at most six files; stylesheets and scripts are collected minified, and the
Khmer face holds only Khmer glyphs; the script that asks before a removal comes only with
the pages that ask."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from fontTools.ttLib import TTFont

from cop_portal.core.static_files import MinifiedCompressedManifestStorage as Minified
from cop_portal.core.static_files import minifier_for

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# A browser fetches at most six files at once from one host over HTTP/1.1.
AT_ONCE = 6


def named_files(html: str) -> set[str]:
    """The files a page makes the browser fetch before it has loaded: stylesheets,
    preloads, scripts, images and the icon sprite."""
    addresses = re.findall(r'<link rel="(?:stylesheet|preload)" href="([^"]+)"', html)
    addresses += re.findall(r'<(?:script|img)[^>]* src="([^"]+)"', html)
    addresses += re.findall(r'<use href="([^"#]+)#', html)
    return set(addresses)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member_a", "facilitator"])
def test_the_dashboard_asks_for_at_most_six_files(client, persona, request):
    person = request.getfixturevalue(persona)
    client.force_login(person)
    html = client.get("/km/dashboard/").content.decode()
    files = named_files(html)
    assert len(files) <= AT_ONCE, sorted(files)
    assert not any("confirm" in address for address in files)  # nothing there asks first


def test_every_page_with_a_confirmation_brings_its_dialog():
    """A form marked data-confirm asks in the dialog only where the page includes it (else
    the server's confirmation page asks, as without JavaScript)."""
    asking = [
        path
        for path in TEMPLATES.rglob("*.html")
        if "data-confirm=" in path.read_text(encoding="utf-8")
    ]
    assert len(asking) >= 4
    for path in asking:
        text = path.read_text(encoding="utf-8")
        block = re.search(r"{% block extra_body %}(.*?){% endblock", text, re.S)
        assert block and '{% include "includes/confirm_dialog.html" %}' in block.group(1), path


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": f"{Minified.__module__}.{Minified.__name__}"},
    }
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])
    return settings.STATIC_ROOT


@pytest.mark.parametrize("name", ["css/site.css", "js/draft.js", "js/sending.js"])
def test_stylesheets_and_scripts_are_collected_without_their_comments(collected, name):
    source = Path(finders.find(name)).read_text(encoding="utf-8")
    served = (collected / name).read_text(encoding="utf-8")
    assert "/*" in source and "/*" not in served
    assert len(gzip.compress(served.encode())) < 0.8 * len(gzip.compress(source.encode()))
    # Named by their content, and compressed: the address the pages use exists.
    hashed = re.sub(r"\.(\w+)$", r".*.\1", Path(name).name)
    assert list((collected / Path(name).parent).glob(f"{hashed}.gz"))


def test_the_collected_stylesheet_keeps_every_rule(collected):
    """Minifying removes comments and space, never a rule: the same selectors, in order."""

    def selectors(css):
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        return [
            re.sub(r"\s*([>,+~:()])\s*", r"\1", " ".join(selector.split()))
            for selector in re.findall(r"([^{};]+){", css)
        ]

    source = Path(finders.find("css/site.css")).read_text(encoding="utf-8")
    served = (collected / "css/site.css").read_text(encoding="utf-8")
    assert len(selectors(source)) > 200
    assert selectors(source) == selectors(served)


def test_only_the_portals_own_files_are_minified():
    assert minifier_for("css/site.css") and minifier_for("js/confirm.js")
    assert minifier_for("admin/js/core.js") is None  # Django's, as it comes
    assert minifier_for("js/vendor.min.js") is None
    assert minifier_for("icons/sprite.svg") is None


@pytest.mark.parametrize("weight", [400, 700])
def test_the_khmer_faces_hold_khmer_glyphs_only(weight):
    """The faces are declared for Khmer only (unicode-range), so Latin glyphs in them
    would be bytes a phone fetches and never draws."""
    font = TTFont(finders.find(f"fonts/noto-sans-khmer-khmer-{weight}-normal.woff2"))
    characters = set(font.getBestCmap())
    khmer = {c for c in characters if 0x1780 <= c <= 0x17EF}
    assert characters - khmer <= {0x200C, 0x200D, 0x25CC}
    assert len(khmer) >= 100  # consonants, vowels, signs, punctuation and digits
    assert "GSUB" in font and "GPOS" in font  # the subscripts and the marks are kept
