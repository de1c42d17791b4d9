from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cop_portal.management.backups import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files (MEDIA_ROOT) into one archive, "
        "<dir>/<database>-<UTC time>.tar, with a manifest of its schema version and "
        "checksums; prints its path. `make backup` runs it."
    )
    requires_system_checks = []  # a backup must work whatever else is wrong

    def add_arguments(self, parser):
        parser.add_argument("--dir", default="backups", help="where the archive goes")

    def handle(self, *args, **options):
        try:
            self.stdout.write(str(make_backup(Path(options["dir"]))))
        except BackupError as error:
            raise CommandError(str(error)) from None
