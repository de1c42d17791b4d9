import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from cop_portal.dev.demo_data import generate_demo_data


class Command(BaseCommand):
    help = (
        "Add demo data at scale (organisations, communities, people, objectives and years "
        "of activities, in Khmer and English) on top of the Voice seed. Development and "
        "benchmarks only: refuses to run when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=500)
        parser.add_argument("--communities", type=int, default=60)
        parser.add_argument("--activities", type=int, default=100_000)
        parser.add_argument(
            "--seed", type=int, help="Random seed: the same seed gives the same data."
        )

    def handle(self, *args, organisations, communities, activities, seed, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for development only: DEBUG is off.")
        started = time.perf_counter()
        try:
            created = generate_demo_data(
                organizations=organisations,
                communities=communities,
                activities=activities,
                seed=seed,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        if connection.vendor == "postgresql":
            # Planner statistics and the visibility map for the new rows now, not when
            # autovacuum gets to them: pages measured right after this command get the
            # plans (index-only scans included) they will have. VACUUM cannot run inside
            # a transaction (a test's, say): there, the statistics only.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Created {created.organizations} organisations, {created.communities} "
            f"communities, {created.participations} participations, {created.objectives} "
            f"objectives, {created.users} people, {created.activities} activities "
            f"({created.partner_links} partner links, {created.objective_links} objective "
            f"links)."
        )
        self.stdout.write(self.style.SUCCESS(f"Demo data generated in {seconds:.1f} s."))
