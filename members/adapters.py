from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are by invitation only: there is no open sign-up."""

    def is_open_for_signup(self, request):
        return False

    def get_login_redirect_url(self, request):
        """After signing in, the dashboard in the person's own language."""
        with translation.override(request.user.preferred_language):
            return reverse("dashboard")
