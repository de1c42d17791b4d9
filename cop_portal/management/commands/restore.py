from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cop_portal.management.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files (MEDIA_ROOT) with a backup made by "
        "`manage.py backup`, then empty the cache. A backup of another schema version is "
        "refused. `make restore FILE=...` runs it."
    )
    requires_system_checks = []  # the database may be empty, or anything, before

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup: backups/<database>-<time>.tar")

    def handle(self, *args, **options):
        try:
            restore_backup(Path(options["file"]), say=self.stderr.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
