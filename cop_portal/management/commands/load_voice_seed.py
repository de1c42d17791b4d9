from django.core.management.base import BaseCommand

from cop_portal.seed import load_voice_seed


class Command(BaseCommand):
    help = (
        "Load the Voice seed data (activity types, knowledge-map topics, communities, "
        "organisations). Idempotent."
    )

    def handle(self, *args, **options):
        created = load_voice_seed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Voice seed: created {created.activity_types} activity types, "
                f"{created.topics} knowledge-map topics, "
                f"{created.communities} communities, {created.organizations} organisations, "
                f"{created.participations} participations (existing rows left as they are)."
            )
        )
