"""Which pages the service worker may keep for reading offline (static/js/service-worker.js).

A phone can be shared, lost or taken: a page kept in the browser must never tell who is a
member of what. So the worker keeps no page unless its answer says it may, with the header
below, and only views that show what anybody may see carry it — and only when nobody is
signed in, so that no page with a person's name, communities or counts is ever kept.

One exception, for logging an activity without a connection (issue 20): the pages that
person needs for it (the activity form with the choices offered to them, the list of the
reports waiting on the phone) are marked `person`. The worker keeps those apart, for that
person only: it drops them at sign-out and as soon as a page names another person."""

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


def offline_for_the_person(view):
    """Mark a signed-in person's 200 GET answer as one the worker may keep for them alone
    (`person`), and a visitor's as one anybody may see (`allow`): for the pages a report
    is written and kept with, and for nothing else."""

    @wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            response[OFFLINE_CACHE_HEADER] = "person" if request.user.is_authenticated else "allow"
        return response

    return marked
