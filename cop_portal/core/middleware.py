import re

from django.conf import settings
from django.http import Http404
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render

from .text import digits_for


class ReaderDigitsMiddleware:
    """The numbers and dates of the answer are shown in the digits the person signed in
    chose (cop_portal.core.text.digits): on Khmer pages, Khmer digits unless they chose Latin
    ones; a visitor reads Khmer digits. Nothing is rewritten after the page is made."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with digits_for(getattr(request, "user", None)):
            return self.get_response(request)


# What is worth compressing: text (HTML, CSV, iCal, CSS, JavaScript) and JSON, XML or SVG.
# Photos, PDFs and spreadsheets are compressed already.
COMPRESSIBLE = re.compile(r"^(text/|application/(json|javascript|xml)\b|[^;]*\+(json|xml)\b)")


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (random padding in every answer against BREACH; streamed
    answers stay streamed), for text only: an uploaded photo or a spreadsheet served
    through the portal keeps its Content-Length and is not compressed a second time."""

    def process_response(self, request, response):
        if not COMPRESSIBLE.match(response.get("Content-Type", "").strip().lower()):
            return response
        return super().process_response(request, response)


class RefuseNulMiddleware:
    """An address holding a NUL character names no page: 404, before any view passes it
    to PostgreSQL (which refuses NUL in text, as a server error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            raise Http404
        return self.get_response(request)


# Room for the other fields of a multipart form (caption, CSRF token, boundaries) beside
# a file of UPLOAD_MAX_BYTES.
FORM_FIELDS_MARGIN_BYTES = 1024 * 1024
MEGABYTE = 1024 * 1024


def request_body_cap() -> int:
    """The largest request body the portal reads: the largest upload and its form."""
    return settings.UPLOAD_MAX_BYTES + FORM_FIELDS_MARGIN_BYTES


class RefuseLargeRequestsMiddleware:
    """A request whose body is larger than the portal accepts is answered 413 from its
    Content-Length header, before anything reads the body. A body whose length is not
    given (Transfer-Encoding: chunked) cannot be measured before it is read: it is refused
    the same way (browsers always give the length of a form).

    Nothing reads the body on the way in to this middleware: the middleware above it only
    look at headers, cookies and the path, and the CSRF check, which reads the form, does
    so in its process_view, after every middleware has let the request through. Placed
    after CSPMiddleware, the page is answered in the address's language, with the person's
    digits and the site's security headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "HTTP_TRANSFER_ENCODING" in request.META
            or _declared_length(request) > request_body_cap()
        ):
            limit = f"{round(settings.UPLOAD_MAX_BYTES / MEGABYTE, 1):g}"  # 10 MB, 0.5 MB
            return render(request, "413.html", {"limit": limit}, status=413)
        return self.get_response(request)


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # as Django reads it: no body


class ForgetAtSignOutMiddleware:
    """The answer to a sign-out tells the browser to clear what the portal kept in it
    (drafts of long forms in localStorage): on a shared phone the next person finds
    nothing. Browsers honour Clear-Site-Data over https and on localhost; where they do
    not, the sign-out form's script (static/js/draft.js) has cleared the drafts already.
    Cookies are left alone: the session has ended, and the CSRF cookie is not a person's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Sign-outs are POSTs (Django's and allauth's); a GET needs no person looked up.
        signed_in = request.method == "POST" and request.user.is_authenticated
        response = self.get_response(request)
        if signed_in and not request.user.is_authenticated:
            # The person chose to keep the reports waiting on the phone (static/js/
            # portal.js asks): the storage stays, for them to be sent at the next sign-in;
            # the drafts are removed by draft.js, the pages kept by the service worker.
            kept = request.POST.get("keep_waiting") == "1"
            response["Clear-Site-Data"] = '"cache"' if kept else '"storage"'
        return response
