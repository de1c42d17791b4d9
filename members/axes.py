"""django-axes' view of a sign-in: the same person and address that allauth's limits count.

axes keeps the record of sign-ins and failures (see settings, "Accounts"); the limits
themselves are allauth's (members/adapters.py), in the shared cache.
"""

from allauth.account.adapter import get_adapter
from allauth.core.internal.ratelimit import truncate_ip
from axes.backends import AxesStandaloneBackend
from django.core.exceptions import PermissionDenied


def client_address(request) -> str | None:
    """The client's address as allauth's limits count it: behind PROXY_COUNT proxies, the
    one they saw (X-Forwarded-For); IPv6 addresses by their /64 network. None for a request
    made without one (a test's force_login)."""
    try:
        return truncate_ip(get_adapter(request).get_client_ip(request))
    except PermissionDenied:
        return None


def signed_in_with(request, credentials) -> str | None:
    """The e-mail address typed: the portal's sign-in form sends it as `email`."""
    credentials = credentials or {}
    return credentials.get("email") or credentials.get("username")


class AxesBackend(AxesStandaloneBackend):
    """axes' backend (it refuses whoever axes has locked out: nobody, as configured), also
    for a sign-in checked without a request, from a shell or a test: axes has no address
    to look at then, so it has nothing to say."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
