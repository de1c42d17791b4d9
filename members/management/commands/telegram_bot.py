import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cop_portal.core import telegram
from members.channels.telegram import Poller, remember_bot_username


class Command(BaseCommand):
    help = (
        "Receive what people write to the portal's Telegram bot (/start <token>, /stop) by "
        "long polling, until SIGTERM. With TELEGRAM_WEBHOOK_SECRET set, updates come to "
        "/telegram/webhook/ instead: --set-webhook <its https address> tells Telegram so, "
        "--delete-webhook goes back to polling. Without TELEGRAM_BOT_TOKEN, does nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--set-webhook", metavar="URL", help="e.g. https://cop.example.org/telegram/webhook/"
        )
        parser.add_argument("--delete-webhook", action="store_true")
        parser.add_argument("--timeout", type=int, default=25, help="seconds of each long poll")

    def handle(self, *args, **options):
        if not settings.TELEGRAM_BOT_TOKEN:
            self.stdout.write("TELEGRAM_BOT_TOKEN is not set: the portal offers no Telegram.")
            return
        try:
            if options["set_webhook"]:
                return self._set_webhook(options["set_webhook"])
            if options["delete_webhook"]:
                telegram.delete_webhook()
                self.stdout.write("Webhook deleted: run telegram_bot to receive by polling.")
                return
            if settings.TELEGRAM_WEBHOOK_SECRET:
                # Nothing to poll; the bot's name is learnt for the connect links.
                username = remember_bot_username()
                self.stdout.write(f"@{username}: updates come by the webhook, not polled.")
                return
        except telegram.TelegramError as error:
            raise CommandError(f"Telegram: {error}") from None
        poller = Poller(timeout=options["timeout"])
        signal.signal(signal.SIGTERM, poller.on_signal)
        signal.signal(signal.SIGINT, poller.on_signal)
        self.stdout.write("Receiving Telegram updates by long polling (SIGTERM stops).")
        poller.run()
        self.stdout.write("Telegram polling stopped.")

    def _set_webhook(self, url: str) -> None:
        secret = settings.TELEGRAM_WEBHOOK_SECRET
        if not secret:
            raise CommandError("Set TELEGRAM_WEBHOOK_SECRET first (1-256 of A-Z a-z 0-9 _ -).")
        if not url.startswith("https://"):
            raise CommandError("Telegram posts to https addresses only.")
        telegram.set_webhook(url=url, secret_token=secret)
        username = remember_bot_username()
        self.stdout.write(f"@{username}: Telegram now posts updates to {url}")
