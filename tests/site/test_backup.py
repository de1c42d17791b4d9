"""A backup restores data and files (DESIGN.md §8): `make backup` and `make restore`,
through bin/backup.sh, on PostgreSQL and on SQLite: the rows, the files under MEDIA_ROOT,
an empty cache; a backup of another schema version is refused and changes nothing."""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from activities.models import Activity
from cop_portal.dev.demo_data import generate_demo_data
from members.models import Organization

ROOT = Path(settings.BASE_DIR)
BASH = shutil.which("bash")
CACHE_TABLE = "cop_portal_cache"  # emptied by a restore: not compared
DEMO = {"organizations": 5, "communities": 3, "activities": 200, "seed": 11}

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL path of bin/backup.sh: runs when DATABASE_URL is PostgreSQL "
    "(.ci/run runs the suite on both; the SQLite path has its own tests here)",
)


def backup_script(*args, database_url, backup_dir, media_root=None):
    """Run bin/backup.sh against a database and a MEDIA_ROOT, as `make backup` and
    `make restore` do."""
    environment = {**os.environ, "DATABASE_URL": database_url, "BACKUP_DIR": str(backup_dir)}
    environment["MEDIA_ROOT"] = str(media_root or Path(backup_dir) / "no-media")
    return subprocess.run(  # noqa: S603 -- our own script, arguments from the test
        [BASH, "bin/backup.sh", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def backup_succeeds(*args, **kwargs) -> str:
    completed = backup_script(*args, **kwargs)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip()


def manage(*args, database_url, media_root=None) -> str:
    environment = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
    if media_root is not None:
        environment["MEDIA_ROOT"] = str(media_root)
    completed = subprocess.run(  # noqa: S603 -- manage.py with arguments from the test
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


# Uploads made as the portal stores them (random names under MEDIA_ROOT, rows that name them).
UPLOADS = """
from django.core.files.base import ContentFile
from activities.models import Activity, Attachment
from communities.models import Community, Resource
community = Community.objects.order_by("pk").first()
for number in range(3):
    Resource.objects.create(
        community=community, title=f"ឯកសារ {number}", file_name="របាយការណ៍.pdf",
        file=ContentFile(f"%PDF-1.4 របាយការណ៍ {number}".encode(), name="របាយការណ៍.pdf"),
        content_type="application/pdf",
    )
Attachment.objects.create(
    activity=Activity.objects.order_by("pk").first(), caption="រូបថត", file_name="រូបថត.png",
    file=ContentFile(b"\\x89PNG\\r\\n\\x1a\\n photo", name="photo.png"), content_type="image/png",
)
"""
CACHE_PROBE = "from django.core.cache import cache; cache.set('probe', 'kept', None)"
CACHE_READ = "from django.core.cache import cache; print(cache.get('probe'))"


def file_fingerprint(root: Path) -> dict:
    """The SHA-256 of every file under MEDIA_ROOT, by path."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def lose_files(media: Path) -> None:
    """Work goes on after the backup, and is lost: a file removed, one changed, one added."""
    resource, other, *_ = sorted((media / "resources").iterdir())
    resource.unlink()
    other.write_bytes(b"%PDF-1.4 changed")
    (media / "attachments" / "stray.png").write_bytes(b"\x89PNG\r\n\x1a\n stray")


def rewritten(backup: Path, name: str, change) -> Path:
    """A copy of the archive in which the member `name` is change(its bytes)."""
    altered = backup.with_name(f"altered-{backup.name}")
    with tarfile.open(backup) as source, tarfile.open(altered, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if member.name == name:
                data = change(data)
                member.size = len(data)
            target.addfile(member, io.BytesIO(data) if data is not None else None)
    return altered


def from_another_schema(data: bytes) -> bytes:
    manifest = json.loads(data)
    manifest["schema"]["migrations"]["activities"].append("0099_from_a_newer_version")
    return json.dumps(manifest).encode()


def manifest_of(backup: Path) -> dict:
    with tarfile.open(backup) as archive:
        return json.load(archive.extractfile("manifest.json"))


# --- PostgreSQL ---------------------------------------------------------------------


def postgresql_url(name: str) -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{db['HOST']}{port}/{quote(name, safe='')}"


def postgresql_connection(name: str):
    import psycopg2

    db = connection.settings_dict
    return psycopg2.connect(
        dbname=name,
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    )


def postgresql_fingerprint(name: str) -> dict:
    """Per table (all of the portal's but the cache): the number of rows and an md5 of all
    of them, in a fixed order."""
    from psycopg2 import sql

    fingerprint = {}
    with closing(postgresql_connection(name)) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> %s",
            [CACHE_TABLE],
        )
        for (table,) in cursor.fetchall():
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                    " FROM {} AS t"
                ).format(sql.Identifier(table))
            )
            fingerprint[table] = cursor.fetchone()
    return fingerprint


@pytest.fixture
def second_database():
    """A fresh, empty PostgreSQL database beside the test database; dropped afterwards."""
    from psycopg2 import sql

    name = f"{connection.settings_dict['NAME']}_restored"

    def run(statement):
        with closing(postgresql_connection("postgres")) as db:
            db.autocommit = True
            with db.cursor() as cursor:
                cursor.execute(sql.SQL(statement).format(sql.Identifier(name)))

    run("DROP DATABASE IF EXISTS {} WITH (FORCE)")
    run("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0")
    yield name
    run("DROP DATABASE IF EXISTS {} WITH (FORCE)")


@postgresql_only
@pytest.mark.django_db(transaction=True)  # committed, so that pg_dump sees the rows
def test_a_postgresql_backup_restores_into_a_new_database_identically(tmp_path, second_database):
    generate_demo_data(**DEMO)
    test_database = connection.settings_dict["NAME"]
    media = tmp_path / "media"
    manage("shell", "-c", UPLOADS, database_url=postgresql_url(test_database), media_root=media)
    original, files = postgresql_fingerprint(test_database), file_fingerprint(media)

    backup = Path(
        backup_succeeds(
            "backup",
            database_url=postgresql_url(test_database),
            backup_dir=tmp_path,
            media_root=media,
        )
    )
    assert backup.parent == tmp_path
    assert backup.name.startswith(f"{test_database}-")
    assert backup.suffix == ".tar"
    elsewhere = tmp_path / "elsewhere" / "media"  # a new host: its MEDIA_ROOT is empty
    backup_succeeds(
        "restore",
        str(backup),
        database_url=postgresql_url(second_database),
        backup_dir=tmp_path,
        media_root=elsewhere,
    )

    assert original["members_organization"][0] == 20 + 5
    assert original["activities_activity"][0] == 200
    assert original["communities_resource"][0] == 3
    assert postgresql_fingerprint(second_database) == original
    assert len(files) == 4
    assert file_fingerprint(elsewhere) == files


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_restoring_a_postgresql_backup_brings_back_what_was_lost(tmp_path):
    generate_demo_data(**DEMO)
    test_database = connection.settings_dict["NAME"]
    url, media = postgresql_url(test_database), tmp_path / "media"
    manage("shell", "-c", UPLOADS, database_url=url, media_root=media)
    original, files = postgresql_fingerprint(test_database), file_fingerprint(media)
    backup = backup_succeeds("backup", database_url=url, backup_dir=tmp_path, media_root=media)

    Activity.objects.all().delete()
    Organization.objects.filter(slug__in=["rsdob", "idea"]).update(name_en="Renamed")
    lose_files(media)
    assert postgresql_fingerprint(test_database) != original
    assert file_fingerprint(media) != files

    backup_succeeds("restore", backup, database_url=url, backup_dir=tmp_path, media_root=media)
    assert postgresql_fingerprint(test_database) == original
    assert file_fingerprint(media) == files
    assert Activity.objects.count() == 200


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_backup_of_another_schema_is_refused(tmp_path):
    generate_demo_data(**DEMO)
    test_database = connection.settings_dict["NAME"]
    url, media = postgresql_url(test_database), tmp_path / "media"
    manage("shell", "-c", UPLOADS, database_url=url, media_root=media)
    backup = Path(
        backup_succeeds("backup", database_url=url, backup_dir=tmp_path, media_root=media)
    )
    Activity.objects.filter(pk__in=Activity.objects.values("pk")[:10]).delete()
    lose_files(media)
    now, files = postgresql_fingerprint(test_database), file_fingerprint(media)

    older = rewritten(backup, "manifest.json", from_another_schema)
    completed = backup_script(
        "restore", str(older), database_url=url, backup_dir=tmp_path, media_root=media
    )
    assert completed.returncode != 0
    assert "another schema version" in completed.stderr
    assert postgresql_fingerprint(test_database) == now
    assert file_fingerprint(media) == files


# --- SQLite ---------------------------------------------------------------------------
# A temporary database file, made by the portal itself (migrate, then demo data), not the
# test database: these run on every database the suite runs on.


def sqlite_fingerprint(path: Path) -> dict:
    """Per table (all of them but the cache): the number of rows and a SHA-256 of all of
    them, in rowid order."""
    fingerprint = {}
    with closing(sqlite3.connect(path)) as db:
        tables = db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> ?", [CACHE_TABLE]
        ).fetchall()
        for (table,) in tables:
            rows = db.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()  # noqa: S608 -- names from sqlite_master
            fingerprint[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return fingerprint


@pytest.fixture(scope="module")
def made_portal(tmp_path_factory):
    """A SQLite portal made once: database, demo data, uploaded files, a cache entry."""
    made = tmp_path_factory.mktemp("made")
    url = f"sqlite:///{made / 'portal.sqlite3'}"  # an absolute path: sqlite:////tmp/...
    manage("migrate", "--verbosity=0", database_url=url)
    manage("createcachetable", database_url=url)
    manage(
        "generate_demo_data",
        "--organisations=5",
        "--communities=3",
        "--activities=200",
        "--seed=11",
        database_url=url,
    )
    manage("shell", "-c", UPLOADS, database_url=url, media_root=made / "media")
    manage("shell", "-c", CACHE_PROBE, database_url=url)
    return made


@pytest.fixture
def portal(made_portal, tmp_path):
    """A copy of that portal for one test."""
    database, media = tmp_path / "portal.sqlite3", tmp_path / "media"
    shutil.copyfile(made_portal / "portal.sqlite3", database)
    shutil.copytree(made_portal / "media", media)
    return {
        "database": database,
        "url": f"sqlite:///{database}",
        "media_root": media,
        "tmp": tmp_path,
    }


def sqlite_backup(portal) -> Path:
    return Path(
        backup_succeeds(
            "backup",
            database_url=portal["url"],
            backup_dir=portal["tmp"] / "backups",
            media_root=portal["media_root"],
        )
    )


def sqlite_restore(portal, backup: Path):
    return backup_script(
        "restore",
        str(backup),
        database_url=portal["url"],
        backup_dir=portal["tmp"] / "backups",
        media_root=portal["media_root"],
    )


def lose_rows(database: Path) -> None:
    """Work goes on after the backup, and is lost: rows deleted and changed."""
    with closing(sqlite3.connect(database)) as db, db:
        db.execute("DELETE FROM activities_activity_partner_organizations")
        db.execute("DELETE FROM activities_activity_objectives")
        db.execute("DELETE FROM activities_attachment")
        db.execute("DELETE FROM activities_activity")
        db.execute(
            "DELETE FROM communities_resource WHERE id = (SELECT min(id) FROM communities_resource)"
        )
        db.execute("UPDATE members_organization SET name_en = 'Renamed'")


def test_a_sqlite_backup_brings_back_the_rows_the_files_and_an_empty_cache(portal):
    database, media = portal["database"], portal["media_root"]
    original, files = sqlite_fingerprint(database), file_fingerprint(media)
    assert original["activities_activity"][0] == 200
    assert original["communities_resource"][0] == 3
    assert len(files) == 4  # three resources and a photo

    backup = sqlite_backup(portal)
    assert backup.parent == portal["tmp"] / "backups"
    assert backup.name.startswith("portal-")
    assert backup.suffix == ".tar"
    manifest = manifest_of(backup)
    assert "0001_initial" in manifest["schema"]["migrations"]["activities"]
    assert manifest["files"]["sha256"] == files

    lose_rows(database)
    lose_files(media)
    assert sqlite_fingerprint(database) != original
    assert file_fingerprint(media) != files

    completed = sqlite_restore(portal, backup)
    assert completed.returncode == 0, completed.stderr
    assert sqlite_fingerprint(database) == original
    assert file_fingerprint(media) == files  # the stray file is gone, the others are back
    # The cache kept nothing made of the data before (its table came back with the rest).
    assert manage("shell", "-c", CACHE_READ, database_url=portal["url"]).split()[-1] == "None"
    # Nothing left beside MEDIA_ROOT: no half-restored folder, no old copy.
    assert sorted(path.name for path in portal["tmp"].iterdir()) == [
        "backups",
        "media",
        "portal.sqlite3",
    ]


def test_a_backup_of_another_schema_version_is_refused_and_changes_nothing(portal):
    database, media = portal["database"], portal["media_root"]
    backup = sqlite_backup(portal)
    lose_rows(database)
    lose_files(media)
    now, files = sqlite_fingerprint(database), file_fingerprint(media)

    completed = sqlite_restore(portal, rewritten(backup, "manifest.json", from_another_schema))
    assert completed.returncode != 0
    message = completed.stderr
    assert "another schema version" in message
    assert "0099_from_a_newer_version" in message
    assert "fresh database" in message and "manage.py migrate" in message
    assert sqlite_fingerprint(database) == now
    assert file_fingerprint(media) == files


def test_a_damaged_backup_is_refused_and_leaves_media_root_as_it_was(portal):
    database, media = portal["database"], portal["media_root"]
    backup = sqlite_backup(portal)
    lose_files(media)
    now, files = sqlite_fingerprint(database), file_fingerprint(media)
    photo = next(name for name in manifest_of(backup)["files"]["sha256"] if "attachments" in name)

    damaged = rewritten(backup, f"media/{photo}", lambda data: data + b"!")
    completed = sqlite_restore(portal, damaged)
    assert completed.returncode != 0
    assert "does not match its checksum" in completed.stderr
    assert sqlite_fingerprint(database) == now
    assert file_fingerprint(media) == files
    assert not [path for path in portal["tmp"].iterdir() if path.name.startswith(".")]


def test_with_files_in_a_bucket_the_backup_says_the_bucket_holds_them(portal, monkeypatch):
    monkeypatch.setenv("S3_BUCKET", "cop-files")  # the bucket is its own backup
    backup = sqlite_backup(portal)
    files = manifest_of(backup)["files"]
    assert files["storage"] == "S3_BUCKET" and files["bucket"] == "cop-files"
    assert files["included"] is False
    with tarfile.open(backup) as archive:
        assert not [name for name in archive.getnames() if name.startswith("media")]

    lose_rows(portal["database"])
    completed = sqlite_restore(portal, backup)
    assert completed.returncode == 0, completed.stderr
    assert "they stay in the bucket cop-files" in completed.stderr


def test_a_database_only_backup_of_before_still_restores(portal):
    """Backups made before the archives (a SQLite copy) restore the database alone."""
    database = portal["database"]
    original = sqlite_fingerprint(database)
    old_backup = portal["tmp"] / "portal-20250101T000000Z.sqlite3"
    with closing(sqlite3.connect(database)) as source, closing(sqlite3.connect(old_backup)) as copy:
        source.backup(copy)
    lose_rows(database)

    completed = sqlite_restore(portal, old_backup)
    assert completed.returncode == 0, completed.stderr
    assert "database-only backup" in completed.stderr
    assert sqlite_fingerprint(database) == original


def test_restoring_a_file_that_is_not_a_backup_leaves_the_database_alone(tmp_path):
    database = tmp_path / "portal.sqlite3"
    with closing(sqlite3.connect(database)) as db, db:
        db.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
        db.execute("INSERT INTO note (text) VALUES ('សកម្មភាព')")
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("not a database\n" * 100)

    completed = backup_script(
        "restore", str(not_a_backup), database_url=f"sqlite:///{database}", backup_dir=tmp_path
    )
    assert completed.returncode != 0
    assert "not a backup made by `make backup`" in completed.stderr
    with closing(sqlite3.connect(database)) as db:
        assert db.execute("SELECT text FROM note").fetchall() == [("សកម្មភាព",)]


def test_backing_up_a_missing_sqlite_database_fails_without_leaving_a_file(tmp_path):
    completed = backup_script(
        "backup", database_url=f"sqlite:///{tmp_path}/absent.sqlite3", backup_dir=tmp_path / "b"
    )
    assert completed.returncode != 0
    assert "no SQLite database" in completed.stderr
    assert list(tmp_path.rglob("*.sqlite3*")) == []  # neither an empty database nor a backup
    assert list(tmp_path.rglob("*.tar*")) == []
