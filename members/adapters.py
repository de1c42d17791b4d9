from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from allauth.core.internal.ratelimit import get_ip
from allauth.mfa.adapter import DefaultMFAAdapter
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cop_portal.core.text import digits_for

from .second_factor import requires_second_factor, signed_in_recently


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are by invitation only: there is no open sign-up."""

    def is_open_for_signup(self, request):
        return False

    def get_login_redirect_url(self, request):
        """After signing in, the dashboard in the person's own language."""
        with translation.override(request.user.preferred_language):
            return reverse("dashboard")

    # Sign-in limits (settings: ACCOUNT_RATE_LIMITS), in the shared cache. allauth counts
    # the wrong passwords of one sign-in name ("login_failed", per key); the key carries the
    # address too, so that wrong passwords typed elsewhere never lock a person out. Wrong
    # passwords from one address for any account are counted apart ("login_failed_address"):
    # allauth clears its own counts when a two-step code is right, which would let anyone
    # with an account and an authenticator wipe the address's count between two sprays.

    def _get_login_attempts_cache_key(self, request, **credentials):
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}@{get_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        if not ratelimit.consume(request, action="login_failed_address", dry_run=True):
            # The code makes the sign-in page answer 429 (members.views.LoginView).
            raise ValidationError(
                _(
                    "Too many wrong passwords were typed from your network in the last few "
                    "minutes. Please wait 10 minutes and try again."
                ),
                code="too_many_login_attempts",
            )
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request, **credentials):
        super().authentication_failed(request, **credentials)
        ratelimit.consume(request, action="login_failed_address")

    def is_reauthentication_required(self, *, app, **kwargs):
        """Having just signed in is as good as confirming the password again: a person
        setting up two-step sign-in right after signing in is not asked twice."""
        request = allauth_context.request
        if request is not None and signed_in_recently(request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def send_mail(self, template_prefix, email, context):
        """allauth's e-mails (a password reset) in the person's own language and digits,
        whatever page asked for them."""
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language), digits_for(user):
            super().send_mail(template_prefix, email, context)


class MFAAdapter(DefaultMFAAdapter):
    """Two-step sign-in: those who must have it cannot turn it off themselves (an admin
    removes a lost authenticator in the admin, and the person sets up a new one)."""

    def can_delete_authenticator(self, authenticator):
        return not requires_second_factor(authenticator.user)
