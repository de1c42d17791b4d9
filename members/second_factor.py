"""Two-step sign-in (allauth.mfa): who must have it, and whether they have it."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.account.signals import user_logged_in
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import is_mfa_enabled
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction


def requires_second_factor(user) -> bool:
    """Admins and facilitators hold the keys to the sensitive communities."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_staff or user.is_superuser or user.is_facilitator)
    )


def has_second_factor(user) -> bool:
    """An authenticator app is set up (recovery codes alone are no second factor)."""
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


def signed_in_with_second_factor(request) -> bool:
    """This session's sign-in went through the second step (no query)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def signed_in_recently(request) -> bool:
    """The person signed in (or confirmed it was them) within the last few minutes."""
    records = get_authentication_records(request, request.user)
    return bool(records) and (
        time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT
    )


@transaction.atomic
def remove_second_factor(*, by, person) -> bool:
    """An admin removes a person's authenticator app and recovery codes (a lost phone): at
    their next sign-in the password is enough, and admins and facilitators are then taken to
    set up a new one. True when there was something to remove."""
    if not (by.is_active and by.is_staff):
        raise PermissionDenied
    removed, _by_model = Authenticator.objects.filter(user=person).delete()
    return removed > 0


def spend_code(*, user, code: str) -> None:
    """Mark a two-step code as used for as long as it would be accepted: the period and the
    tolerance on either side. allauth marks a sign-in code for one period only, and the code
    that activated the authenticator not at all, so either could sign in again meanwhile."""
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None or not code:
        return
    seconds = mfa_settings.TOTP_PERIOD * (2 * mfa_settings.TOTP_TOLERANCE + 1)
    # allauth's own key for a used code (allauth.mfa.totp.internal.auth.TOTP).
    cache.set(TOTP(totp)._get_used_cache_key(code), "y", timeout=seconds)


def _spend_the_code_of(request, user, **kwargs) -> None:
    if request is not None and request.method == "POST":
        spend_code(user=user, code=request.POST.get("code", ""))


def connect() -> None:
    """The code that activated the authenticator, and each code that signed in, are spent."""
    authenticator_added.connect(_spend_the_code_of, dispatch_uid="spend-activation-code")
    user_logged_in.connect(_spend_the_code_of, dispatch_uid="spend-sign-in-code")
