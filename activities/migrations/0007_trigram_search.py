"""Trigram indexes for substring search in Khmer and English (PostgreSQL only).

Django's icontains becomes UPPER(column) LIKE UPPER('%…%') on PostgreSQL: a GIN index
with gin_trgm_ops on UPPER(column) serves it. On SQLite nothing is done.
"""

from django.db import migrations

INDEXES = {
    "activities_activity": ["title_km", "title_en", "summary_km", "summary_en"],
    "communities_community": ["name_km", "name_en"],
    "members_organization": ["name_km", "name_en"],
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, columns in INDEXES.items():
        for column in columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{table}_{column}_trgm" ON "{table}" '
                f'USING gin (UPPER("{column}") gin_trgm_ops)'
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in INDEXES.items():
        for column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_{column}_trgm"')


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0006_attachment_names"),
        ("communities", "0004_private_file_names"),
        ("members", "0003_calendar_token"),
    ]

    operations = [migrations.RunPython(create, drop)]
