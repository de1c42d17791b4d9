"""Load the Voice seed data: activity types, knowledge-map topics, communities and their
organisations."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from activities.models import ActivityType
from communities.models import Community, Participation
from members.models import Organization, Topic

from . import seed_data


@dataclass
class SeedResult:
    activity_types: int = 0
    topics: int = 0
    communities: int = 0
    organizations: int = 0
    participations: int = 0


@transaction.atomic
def load_voice_seed() -> SeedResult:
    """Create what is missing of the seed; never change what exists (admins may have edited it).

    Returns how many rows of each kind were created: running it twice creates nothing.
    """
    created = SeedResult()
    for order, (code, name_km, name_en) in enumerate(seed_data.ACTIVITY_TYPES, start=1):
        _type, is_new = ActivityType.objects.get_or_create(
            code=code, defaults={"name_km": name_km, "name_en": name_en, "order": order}
        )
        created.activity_types += is_new

    for slug, name_km, name_en in seed_data.KNOWLEDGE_TOPICS:
        _topic, is_new = Topic.objects.get_or_create(
            slug=slug, defaults={"name_km": name_km, "name_en": name_en}
        )
        created.topics += is_new

    practice_km, practice_en = seed_data.PRACTICE
    charter_km, charter_en = seed_data.CHARTER
    for entry in seed_data.COMMUNITIES:
        community, is_new = Community.objects.get_or_create(
            slug=entry["slug"],
            defaults={
                "name_km": entry["name"][0],
                "name_en": entry["name"][1],
                "domain_km": entry["domain"][0],
                "domain_en": entry["domain"][1],
                "practice_km": practice_km,
                "practice_en": practice_en,
                "charter_km": charter_km,
                "charter_en": charter_en,
                "target_group": entry["target_group"],
                "visibility": entry["visibility"],
                "status": Community.Status.ACTIVE,
            },
        )
        created.communities += is_new
        for slug, acronym, name_km, name_en in entry["organizations"]:
            organization, is_new = Organization.objects.get_or_create(
                slug=slug,
                defaults={
                    "name_km": name_km,
                    "name_en": name_en,
                    "acronym": acronym,
                    "target_group": entry["target_group"],
                },
            )
            created.organizations += is_new
            # The programme's own seed: taking part by an admin's decision.
            _participation, is_new = Participation.objects.get_or_create(
                community=community,
                organization=organization,
                defaults={"accepted_at": timezone.now()},
            )
            created.participations += is_new
    return created
