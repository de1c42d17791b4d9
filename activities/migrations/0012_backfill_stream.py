"""Every activity planned or done, not deleted, on its community's stream, as it was
logged."""

from django.db import migrations

BATCH = 2000
KINDS = {"planned": "activity_planned", "done": "activity_done"}


def backfill(apps, schema_editor):
    Activity = apps.get_model("activities", "Activity")
    StreamEvent = apps.get_model("communities", "StreamEvent")
    events = []
    rows = (
        Activity.objects.filter(deleted_at__isnull=True, status__in=KINDS)
        .values_list(
            "pk", "community_id", "status", "created_by_id", "lead_organization_id",
            "title_km", "title_en", "created_at",
        )
        .order_by("pk")
    )
    for pk, community, status, actor, lead, title_km, title_en, created in rows.iterator(
        chunk_size=BATCH
    ):
        title_km, title_en = title_km or "", title_en or ""
        events.append(
            StreamEvent(
                community_id=community,
                kind=KINDS[status],
                actor_id=actor,
                organization_id=lead,
                subject_id=pk,
                title=title_km or title_en,
                title_km=title_km[:300],
                title_en=title_en[:300],
                created_at=created,
            )
        )
        if len(events) >= BATCH:
            StreamEvent.objects.bulk_create(events)
            events.clear()
    StreamEvent.objects.bulk_create(events)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0011_version_set_by_saves"),
        ("communities", "0009_backfill_stream"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
