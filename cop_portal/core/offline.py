"""Which pages the service worker may keep for reading offline (static/js/service-worker.js).

A phone can be shared, lost or taken: a page kept in the browser must never tell who is a
member of what. So the worker keeps no page unless its answer says it may, with the header
below, and only views that show what anybody may see carry it — and only when nobody is
signed in, so that no page with a person's name, communities or counts is ever kept."""

from functools import wraps

from django.contrib.messages import get_messages

OFFLINE_CACHE_HEADER = "X-Offline-Cache"


def offline_cacheable(view):
    """Mark the view's answer as one the service worker may keep for offline reading: a
    200 answer to a GET by a visitor who is not signed in. A page that showed a message
    ("You have signed out") was for that moment and is not marked."""

    @wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if (
            request.method == "GET"
            and response.status_code == 200
            and not request.user.is_authenticated
            and not getattr(get_messages(request), "used", False)
        ):
            response[OFFLINE_CACHE_HEADER] = "allow"
        return response

    return marked
