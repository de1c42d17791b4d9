"""A backup restores to identical data (DESIGN.md §8): `make backup` and `make restore`,
through bin/backup.sh, on PostgreSQL and on SQLite."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
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
TABLES = ("members_organization", "communities_community", "activities_activity")
DEMO = {"organizations": 5, "communities": 3, "activities": 200, "seed": 11}

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL path of bin/backup.sh: runs when DATABASE_URL is PostgreSQL "
    "(.ci/run runs the suite on both; the SQLite path has its own tests here)",
)


def backup_script(*args, database_url, backup_dir):
    """Run bin/backup.sh against a database, as `make backup` and `make restore` do."""
    environment = {**os.environ, "DATABASE_URL": database_url, "BACKUP_DIR": str(backup_dir)}
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
    """Per table: the number of rows and an md5 of all of them, in id order."""
    from psycopg2 import sql

    fingerprint = {}
    with closing(postgresql_connection(name)) as db, db.cursor() as cursor:
        for table in TABLES:
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), ''))"
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

    backup = Path(
        backup_succeeds("backup", database_url=postgresql_url(test_database), backup_dir=tmp_path)
    )
    assert backup.parent == tmp_path
    assert backup.name.startswith(f"{test_database}-")
    assert backup.suffix == ".dump"
    backup_succeeds(
        "restore", str(backup), database_url=postgresql_url(second_database), backup_dir=tmp_path
    )

    original = postgresql_fingerprint(test_database)
    assert original["members_organization"][0] == 20 + 5
    assert original["activities_activity"][0] == 200
    assert postgresql_fingerprint(second_database) == original


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_restoring_a_postgresql_backup_brings_back_what_was_lost(tmp_path):
    generate_demo_data(**DEMO)
    test_database = connection.settings_dict["NAME"]
    url = postgresql_url(test_database)
    original = postgresql_fingerprint(test_database)
    backup = backup_succeeds("backup", database_url=url, backup_dir=tmp_path)

    Activity.objects.all().delete()
    Organization.objects.filter(slug__in=["rsdob", "idea"]).update(name_en="Renamed")
    assert postgresql_fingerprint(test_database) != original

    backup_succeeds("restore", backup, database_url=url, backup_dir=tmp_path)
    assert postgresql_fingerprint(test_database) == original
    assert Activity.objects.count() == 200


# --- SQLite ---------------------------------------------------------------------------
# A temporary database file, made by the portal itself (migrate, then demo data), not the
# test database: these run on every database the suite runs on.


def sqlite_fingerprint(path: Path) -> dict:
    """Per table: the number of rows and a SHA-256 of all of them, in id order."""
    fingerprint = {}
    with closing(sqlite3.connect(path)) as db:
        for table in TABLES:
            rows = db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()  # noqa: S608 -- our constant table names
            fingerprint[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return fingerprint


def manage(*args, database_url):
    environment = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
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


def test_a_sqlite_backup_restores_to_identical_data(tmp_path):
    database = tmp_path / "portal.sqlite3"
    url = f"sqlite:///{database}"  # an absolute path: sqlite:////tmp/...
    manage("migrate", "--verbosity=0", database_url=url)
    manage(
        "generate_demo_data",
        "--organisations=5",
        "--communities=3",
        "--activities=200",
        "--seed=11",
        database_url=url,
    )
    original = sqlite_fingerprint(database)
    assert original["activities_activity"][0] == 200

    backup = Path(backup_succeeds("backup", database_url=url, backup_dir=tmp_path / "backups"))
    assert backup.parent == tmp_path / "backups"
    assert backup.name.startswith("portal-")
    assert backup.suffix == ".sqlite3"

    # Work goes on after the backup, and is lost.
    with closing(sqlite3.connect(database)) as db, db:
        db.execute("DELETE FROM activities_activity_partner_organizations")
        db.execute("DELETE FROM activities_activity_objectives")
        db.execute("DELETE FROM activities_activity")
        db.execute("UPDATE members_organization SET name_en = 'Renamed'")
    assert sqlite_fingerprint(database) != original

    backup_succeeds("restore", str(backup), database_url=url, backup_dir=tmp_path)
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
    assert "not a SQLite database" in completed.stderr
    with closing(sqlite3.connect(database)) as db:
        assert db.execute("SELECT text FROM note").fetchall() == [("សកម្មភាព",)]


def test_backing_up_a_missing_sqlite_database_fails_without_leaving_a_file(tmp_path):
    completed = backup_script(
        "backup", database_url=f"sqlite:///{tmp_path}/absent.sqlite3", backup_dir=tmp_path / "b"
    )
    assert completed.returncode != 0
    assert "no SQLite database" in completed.stderr
    assert list(tmp_path.rglob("*.sqlite3*")) == []  # neither an empty database nor a backup
