import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from communities.digests import FREQUENCIES, frequencies_due, send_digests


class Command(BaseCommand):
    help = (
        "Send the daily digests (the day before, in the portal's time zone) and, on Mondays, "
        "the weekly ones (the ISO week before). Each digest is sent once however often this "
        "runs. --loop runs it again at the start of every hour (make run and make serve)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=[*FREQUENCIES, "both"],
            help="daily, weekly or both (default: daily, and weekly on Mondays)",
        )
        parser.add_argument(
            "--now", help="the time to send as of, ISO 8601 (default: now), for a fixed clock"
        )
        parser.add_argument(
            "--loop", action="store_true", help="run at the start of every hour, until stopped"
        )

    def handle(self, *args, **options):
        now = self._now(options["now"])
        if not options["loop"]:
            self._run(options["frequency"], now)
            return
        while True:
            try:
                self._run(options["frequency"], timezone.now())
            except Exception as error:  # the database restarting, say: the next hour tries again
                self.stderr.write(f"digests not sent this hour: {type(error).__name__}: {error}")
            time.sleep(_seconds_to_next_hour(timezone.now()))

    def _now(self, text):
        if not text:
            return None
        moment = parse_datetime(text)
        if moment is None:
            try:
                moment = datetime.datetime.combine(
                    datetime.date.fromisoformat(text), datetime.time(12)
                )
            except ValueError:
                raise CommandError(f"--now: not an ISO date or time: {text}") from None
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)

    def _run(self, frequency, now):
        moment = now or timezone.now()
        if frequency == "both":
            frequencies = list(FREQUENCIES)
        elif frequency:
            frequencies = [frequency]
        else:
            frequencies = frequencies_due(moment)
        for each in frequencies:
            sent = send_digests(frequency=each, now=moment)
            self.stdout.write(f"{each}: {sent} digest(s) sent")


def _seconds_to_next_hour(now: datetime.datetime) -> float:
    next_hour = now.replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)
    return max((next_hour - now).total_seconds(), 1.0)
