from django.core.management.base import BaseCommand

from cop_portal.core.cache import renew_everything


class Command(BaseCommand):
    help = (
        "Renew the versions of the derived data kept in the cache (reports, charts, the "
        "knowledge map, dashboards), so every entry is made again: after a restored backup "
        "or a bulk write made without the models' signals."
    )

    def handle(self, *args, **options):
        renew_everything()
        self.stdout.write(self.style.SUCCESS("The kept reports and maps will be made again."))
