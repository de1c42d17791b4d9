"""E-mail: every active person with an address is reached. A message is kept as a
`Delivery` in the current transaction and sent by the job queue once it commits
(cop_portal.core.mail): plain text, with an HTML alternative when the message has one, and
the one-click unsubscribe headers of RFC 8058 when it offers a way to stop."""

from django.core.mail import EmailMultiAlternatives
from django.utils.translation import gettext_lazy as _

from cop_portal.core.mail import queue_message

from . import Message


class EmailChannel:
    name = "email"
    label = _("E-mail")
    default_when = "daily"  # NotificationSetting.When.DAILY: e-mail is read less
    sends_html = True

    def available(self) -> bool:
        return True

    def reaches(self, person) -> bool:
        return bool(person.is_active and person.email)

    def send(self, *, person, message: Message) -> None:
        headers = {}
        if message.unsubscribe_url:
            headers["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        email = EmailMultiAlternatives(
            subject=message.subject, body=message.text, to=[person.email], headers=headers
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        queue_message(message=email, person=person)


channel = EmailChannel()
