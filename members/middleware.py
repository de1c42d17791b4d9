from django.shortcuts import redirect

from .second_factor import has_second_factor, requires_second_factor, signed_in_with_second_factor

# What an admin or a facilitator without a second factor may still open: setting it up
# (confirming it is them first, and, where allauth refuses it to an unverified e-mail
# address, the pages that say so and verify it), signing out, and the health check.
# Addresses that name no page answer their 404 as usual; static files are served before.
OPEN_WITHOUT_SECOND_FACTOR = {
    "mfa_activate_totp",
    "mfa_index",
    "account_reauthenticate",
    "account_email",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_logout",
    "healthz",
    "telegram_webhook",
}


class SecondFactorRequiredMiddleware:
    """Admins and facilitators signed in without a second factor set up are taken to set
    it up (allauth's authenticator-app page) before anything else, the admin included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.view_name in OPEN_WITHOUT_SECOND_FACTOR:
            return None
        if not requires_second_factor(request.user):
            return None
        if signed_in_with_second_factor(request) or has_second_factor(request.user):
            return None
        return redirect("mfa_activate_totp")
