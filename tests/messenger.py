"""A messenger for the tests of notifications, in the place of Telegram (whose own tests
talk to a fake Bot API): it reaches a person whose chat is connected (a MessengerLink) and
keeps, once the transaction has committed, what it would have sent, in `sent`."""

from django.db import transaction

sent: list = []


class Messenger:
    name = "telegram"
    label = "Telegram"
    default_when = "now"

    def available(self) -> bool:
        return True

    def reaches(self, person) -> bool:
        return person.is_active and person.messenger_links.filter(channel=self.name).exists()

    def send(self, *, person, message) -> None:
        transaction.on_commit(lambda: sent.append((person, message)))


channel = Messenger()
