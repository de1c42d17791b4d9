"""The portal as an app on a phone: the web app manifest that lets a browser install it,
the service worker that keeps its shell for a dropped connection, and the page shown when
there is none.

The manifest and the worker are answered outside the language prefix: the worker's scope
is the whole site, both languages. The manifest is in the language of the page that links
to it (`?lang=`; a browser fetches it without cookies)."""

import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cop_portal.core.offline import offline_cacheable

# static/css/site.css: --accent (the header, the buttons) and --paper (the page).
THEME_COLOR = "#0b5cad"
BACKGROUND_COLOR = "#ffffff"
ICONS = [
    ("icons/app-192.png", 192, "any"),
    ("icons/app-512.png", 512, "any"),
    ("icons/app-maskable-512.png", 512, "maskable"),
]
# The app shell: what every page of templates/base.html loads, kept by the worker when it
# installs so that a page kept for offline reading, and the offline page, are drawn whole.
SHELL = [
    "css/site.css",
    "fonts/noto-sans-khmer-khmer-400-normal.woff2",
    "fonts/noto-sans-khmer-khmer-700-normal.woff2",
    "icons/sprite.svg",
    "js/portal.js",
    "js/outbox-store.js",
    "js/outbox.js",
    # The activity form's own, for it to work offline too.
    "js/activity_form.js",
    "js/picker.js",
    "js/upload.js",
    "js/confirm.js",
    "js/sending.js",
    "js/draft.js",
]
WORKER_SOURCE = "js/service-worker.js"


def _language(request) -> str:
    asked = request.GET.get("lang", "")
    return asked if asked in dict(settings.LANGUAGES) else translation.get_language()


@require_safe
def manifest(request):
    """The web app manifest, in the language asked for (else the browser's): installed
    from a Khmer page, the app is named in Khmer and opens the Khmer dashboard."""
    language = _language(request)
    with translation.override(language):
        data = {
            # One app whatever its language: the same id for both start pages.
            "id": "/",
            "lang": language,
            "dir": "ltr",
            "name": _("Voice CoP Portal"),
            "short_name": _("Voice CoP"),
            "description": _("The Communities of Practice of the Voice programme in Cambodia."),
            "start_url": reverse("dashboard"),
            "scope": "/",
            "display": "standalone",
            "theme_color": THEME_COLOR,
            "background_color": BACKGROUND_COLOR,
            "icons": [
                {
                    "src": static(name),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": purpose,
                }
                for name, size, purpose in ICONS
            ],
        }
    return JsonResponse(
        data,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


def _static_bytes(name: str) -> bytes:
    """A static file's content: from the source folders, else from the collected ones."""
    found = finders.find(name)
    if found:
        with open(found, "rb") as file:
            return file.read()
    with staticfiles_storage.open(name) as file:
        return file.read()


def offline_pages(name="offline") -> dict[str, str]:
    """A page's address in each language: {"km": "/km/offline/", ...}."""
    pages = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            pages[code] = reverse(name)
    return pages


@require_safe
def service_worker(request):
    """static/js/service-worker.js, preceded by what it keeps: the shell's addresses (hashed
    in production) and a version made of the shell's and the worker's own content. A
    deploy that changes any of them gives the browser a new worker, which drops the old
    caches. Always asked again (no-cache): a browser checks it on every visit."""
    source = _static_bytes(WORKER_SOURCE)
    version = hashlib.sha256()
    for name in [*SHELL, WORKER_SOURCE]:
        version.update(static(name).encode())
        version.update(hashlib.sha256(_static_bytes(name)).digest())
    config = {
        "version": version.hexdigest()[:16],
        "shell": [static(name) for name in SHELL],
        "offline": offline_pages(),
        # The reports waiting on the phone (activities' outbox view), kept like the
        # offline page; and the outbox's storage, which the worker imports.
        "outbox": offline_pages("outbox"),
        "outboxStore": static("js/outbox-store.js"),
        "defaultLanguage": settings.LANGUAGE_CODE,
        "static": settings.STATIC_URL,
    }
    response = HttpResponse(
        f"const PORTAL = {json.dumps(config)};\n".encode() + source,
        content_type="application/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
@offline_cacheable
def offline(request):
    """What the service worker shows when there is no connection and the page asked for
    was not kept: what still works, and a way to try again."""
    return render(request, "offline.html")
