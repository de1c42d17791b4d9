"""Participations made before consent existed were made by admins and the seed: they are
marked accepted, on the day they were made."""

from django.db import migrations
from django.db.models import F


def mark_accepted(apps, schema_editor):
    Participation = apps.get_model("communities", "Participation")
    Participation.objects.filter(accepted_at__isnull=True).update(accepted_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("communities", "0005_consent_guests_log_notices")]

    operations = [migrations.RunPython(mark_accepted, migrations.RunPython.noop)]
