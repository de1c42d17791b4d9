from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.crypto import salted_hmac

# Each language named in its own script, as a reader of it looks for it.
LANGUAGE_SELF_NAMES = {"km": "ខ្មែរ", "en": "English"}


def languages(request):
    """The language switcher: the current page in each language, with its own name.

    Each link is built from the page the address resolved to, never from the address as
    typed: an address that names no page (`//evil.example/`, say) would otherwise come back
    as a link to another host. The switch from a page that resolved nowhere (a 404) goes to
    the other language's home page; the query string is kept, re-encoded."""
    match = getattr(request, "resolver_match", None)
    # Re-encoded from what Django parsed ("/" left readable: the path before it is ours).
    query = request.GET.urlencode(safe="/") if match is not None else ""
    return {
        "language_links": [
            {
                "code": code,
                "name": LANGUAGE_SELF_NAMES.get(code, code),
                "url": _page_in_language(match, code) + (f"?{query}" if query else ""),
            }
            for code, _name in settings.LANGUAGES
        ]
    }


def _page_in_language(match, code: str) -> str:
    with translation.override(code):
        if match is not None and match.url_name:
            try:
                return local_path(reverse(match.view_name, args=match.args, kwargs=match.kwargs))
            except NoReverseMatch:
                pass
        return reverse("home")


def local_path(path: str) -> str:
    """`path` as an address on this site: one leading "/", then no "/" or "\\" that a
    browser would read as the start of another host's address."""
    return "/" + path.lstrip("/\\")


def draft_owner(request):
    """Who the drafts kept in this browser belong to (static/js/draft.js): an opaque id of
    the person signed in, never their e-mail or their number, so that a draft is never
    shown to the next person on a shared phone."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"draft_owner": ""}
    return {"draft_owner": salted_hmac("cop_portal.draft-owner", str(user.pk)).hexdigest()[:32]}
