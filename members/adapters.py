import logging
import smtplib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are by invitation only: there is no open sign-up."""

    def is_open_for_signup(self, request):
        return False

    def get_login_redirect_url(self, request):
        """After signing in, the dashboard in the person's own language."""
        with translation.override(request.user.preferred_language):
            return reverse("dashboard")

    def send_mail(self, template_prefix, email, context):
        """A mail server that does not answer is logged, not turned into an error page;
        the request is marked so that the page can say the e-mail did not leave."""
        try:
            super().send_mail(template_prefix, email, context)
        except (smtplib.SMTPException, OSError):
            logger.exception("An account e-mail could not be sent: %s", template_prefix)
            if (request := allauth_context.request) is not None:
                request.mail_not_sent = True
