import re

from django.http import Http404

KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
# Text between tags, outside the elements whose text must stay as typed or as code.
_PROTECTED = re.compile(r"<(script|style|textarea|pre|code)\b.*?</\1>", re.S | re.I)
_TEXT = re.compile(r">([^<]+)<")


def khmer_digits(html: str) -> str:
    """Latin digits in the text a person reads become Khmer digits; attributes (links,
    form values) and protected elements keep theirs."""
    pieces, last = [], 0
    for protected in _PROTECTED.finditer(html):
        pieces.append(_convert_text(html[last : protected.start()]))
        pieces.append(protected.group(0))
        last = protected.end()
    pieces.append(_convert_text(html[last:]))
    return "".join(pieces)


def _convert_text(html: str) -> str:
    return _TEXT.sub(lambda match: ">" + match.group(1).translate(KHMER_DIGITS) + "<", html)


class KhmerDigitsMiddleware:
    """Khmer pages show Khmer digits, unless the person chose Latin digits. Exports,
    feeds and other non-HTML responses are left as they are (ISO dates, Latin digits)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(request, "LANGUAGE_CODE", "") == "km"
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and getattr(request.user, "khmer_digits", True)
            and not request.path.startswith("/admin/")
        ):
            charset = response.charset or "utf-8"
            response.content = khmer_digits(response.content.decode(charset)).encode(charset)
        return response


class RefuseNulMiddleware:
    """An address holding a NUL character names no page: 404, before any view passes it
    to PostgreSQL (which refuses NUL in text, as a server error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            raise Http404
        return self.get_response(request)
