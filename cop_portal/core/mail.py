"""E-mail that a mail server's failure cannot turn into an error page: what was saved
stays saved, and the person who acted can be told the message did not leave."""

import logging
import smtplib

from django.core.mail import send_mail

logger = logging.getLogger(__name__)


def deliver(subject: str, body: str, recipient: str) -> bool:
    """Send one message. False, and logged (without the address), when the mail server
    refused it or could not be reached."""
    try:
        send_mail(subject, body, None, [recipient])
    except (smtplib.SMTPException, OSError):
        logger.exception("An e-mail could not be sent: %s", subject)
        return False
    return True
