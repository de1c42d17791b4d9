"""Backups that bring everything back: the database, the uploaded files and a manifest
in one tar archive, restored together or not at all (`make backup`, `make restore`).

The archive (`backups/<database>-<UTC time>.tar`, uncompressed: the dump is compressed
already and most uploads are photos and PDFs) holds:

    database.dump | database.sqlite3   pg_dump's custom format, or a consistent SQLite copy
    media/...                          every file under MEDIA_ROOT (none when S3_BUCKET is set)
    manifest.json                      written last: what the archive holds, its checksums
                                       and the schema version (the applied migrations)

A restore checks everything before it changes anything: the manifest, the schema (the
backup's migrations must be this code's), the database file and every file's SHA-256.
Then it swaps MEDIA_ROOT for the archived files by renaming folders, restores the
database (one transaction on PostgreSQL), puts the old folder back if that fails, and
empties the cache.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from cop_portal.core.cache import renew_everything

FORMAT = "voice-cop-portal-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or a restore that cannot go on; its message says why and what to do."""


# --- The database ------------------------------------------------------------------


def database_engine() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def database_name() -> str:
    name = str(settings.DATABASES["default"]["NAME"])
    if connection.vendor == "sqlite":
        if name == ":memory:" or "mode=memory" in name:
            raise BackupError("An in-memory SQLite database cannot be backed up.")
        return Path(name).stem
    return name


def database_label() -> str:
    """The database, as a message names it."""
    name = settings.DATABASES["default"]["NAME"]
    if connection.vendor == "sqlite":
        return f"the SQLite database {name}"
    return f"the PostgreSQL database {name}"


def postgresql_environment() -> dict:
    """libpq's environment for the portal's database, so that the password never shows
    in `ps`."""
    db = settings.DATABASES["default"]
    variables = {
        "PGDATABASE": db["NAME"],
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGSSLMODE": db.get("OPTIONS", {}).get("sslmode"),
    }
    return {**os.environ, **{name: str(value) for name, value in variables.items() if value}}


def run_postgresql_client(*command: str) -> None:
    try:
        completed = subprocess.run(  # noqa: S603 -- PostgreSQL's own clients, our arguments
            command,
            env=postgresql_environment(),
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is missing: install PostgreSQL's client (apt-get install "
            "postgresql-client), the same major version as the server or newer."
        ) from None
    if completed.returncode != 0:
        raise BackupError(f"{command[0]} failed:\n{completed.stderr.strip()}")


def sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database into another with SQLite's online backup API: consistent
    even while the portal is using the source, and the target's open connections see the
    change as one transaction."""
    with closing(sqlite3.connect(source)) as src:
        try:
            check = src.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source} is not a SQLite database: {error}") from None
        if check != "ok":
            raise BackupError(f"{source} is damaged: {check}")
        with closing(sqlite3.connect(target)) as dst:
            src.backup(dst)


def dump_database(engine: str, target: Path) -> None:
    if engine == "postgresql":
        run_postgresql_client("pg_dump", "--format=custom", "--no-owner", f"--file={target}")
    else:
        sqlite_copy(Path(settings.DATABASES["default"]["NAME"]), target)


def load_database(engine: str, source: Path) -> None:
    connection.close()  # nothing of ours holds a lock while the tables are replaced
    if engine == "postgresql":
        # One transaction: if anything fails, the database is left as it was.
        run_postgresql_client(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={settings.DATABASES['default']['NAME']}",
            str(source),
        )
    else:
        sqlite_copy(source, Path(settings.DATABASES["default"]["NAME"]))


# --- The schema version --------------------------------------------------------------


def applied_migrations() -> dict[str, list[str]]:
    """The database's schema version: the migrations applied, per app."""
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def schema_differences(backup: dict[str, list[str]]) -> list[str]:
    """How the backup's schema differs from this code's migrations (empty: the same).
    Apps this code does not have are left aside (their tables are restored, unused)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    replaced = {key for squash in loader.replacements.values() for key in squash.replaces}
    differences = []
    for app in sorted(loader.migrated_apps):
        names = set(backup.get(app, []))
        on_disk = {name for label, name in loader.disk_migrations if label == app}
        unknown = sorted(name for name in names - on_disk if (app, name) not in replaced)
        missing = sorted(
            name
            for label, name in loader.graph.nodes
            if label == app
            and name not in names
            and not (
                (app, name) in loader.replacements
                and all(part[1] in names for part in loader.replacements[(app, name)].replaces)
            )
        )
        if unknown:
            differences.append(f"{app}: the backup has {', '.join(unknown)}, unknown to this code")
        if missing:
            differences.append(f"{app}: the backup lacks {', '.join(missing)}")
    return differences


def code_commit() -> str:
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607 -- git from PATH, if there is one
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return ""
    return completed.stdout.strip() if completed.returncode == 0 else ""


# --- The files -----------------------------------------------------------------------


class _Hashing:
    """A file read for the archive, hashed on the way."""

    def __init__(self, file):
        self.file = file
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        return data


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def archive_media(archive: tarfile.TarFile, root: Path) -> dict[str, str]:
    """Every regular file under MEDIA_ROOT, with its folders, into `media/`; their SHA-256
    by path."""
    checksums: dict[str, str] = {}
    if not root.is_dir():
        return checksums
    for folder, folders, files in os.walk(root):  # symbolic links are not followed
        folders.sort()
        here = Path(folder)
        inside = here.relative_to(root).as_posix()
        archive.add(here, arcname=MEDIA if inside == "." else f"{MEDIA}/{inside}", recursive=False)
        for name in sorted(files):
            path = here / name
            if path.is_symlink() or not path.is_file():
                continue  # uploads are regular files; anything else is not the portal's
            relative = path.relative_to(root).as_posix()
            info = archive.gettarinfo(path, arcname=f"{MEDIA}/{relative}")
            with path.open("rb") as file:
                hashing = _Hashing(file)
                archive.addfile(info, hashing)
            checksums[relative] = hashing.sha256.hexdigest()
    return checksums


def media_manifest(archive: tarfile.TarFile) -> dict:
    if settings.S3_BUCKET:
        return {
            "storage": "S3_BUCKET",
            "bucket": settings.S3_BUCKET,
            "prefix": settings.S3_STORAGE["OPTIONS"]["location"],
            "included": False,
            "note": "The files are in the S3 bucket, which is their backup (keep its "
            "versioning on); this archive holds none.",
        }
    return {
        "storage": "MEDIA_ROOT",
        "included": True,
        "folder": MEDIA,
        "sha256": archive_media(archive, Path(settings.MEDIA_ROOT)),
    }


# --- Backup --------------------------------------------------------------------------


def make_backup(backup_dir: Path) -> Path:
    """Write the archive; only a complete one gets its final name."""
    engine = database_engine()
    if engine == "sqlite" and not Path(settings.DATABASES["default"]["NAME"]).is_file():
        raise BackupError(f"no SQLite database at {settings.DATABASES['default']['NAME']}")
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"{database_name()}-{stamp}.tar"
    if target.exists():
        raise BackupError(f"{target} already exists")
    partial = target.with_name(target.name + ".partial")
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "code": {"commit": code_commit()},
        "schema": {"migrations": applied_migrations()},
        "database": {"engine": engine, "file": DATABASE_FILES[engine]},
    }
    try:
        with tempfile.TemporaryDirectory(dir=backup_dir, prefix=".backup-") as work:
            dump = Path(work) / DATABASE_FILES[engine]
            # The database first: a file uploaded meanwhile is in the archive without a
            # row (harmless), never a row without its file.
            dump_database(engine, dump)
            manifest["database"]["sha256"] = sha256_of(dump)
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
                archive.add(dump, arcname=DATABASE_FILES[engine])
                manifest["files"] = media_manifest(archive)
                text = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(text)
                info.mtime = int(datetime.now(UTC).timestamp())
                archive.addfile(info, io.BytesIO(text))
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


# --- Restore -------------------------------------------------------------------------


def refuse_other_schema(differences: list[str], manifest: dict) -> None:
    if not differences:
        return
    commit = manifest.get("code", {}).get("commit")
    made_with = f" (the backup was made by commit {commit})" if commit else ""
    raise BackupError(
        "Refused: this backup is of another schema version than this code's, so "
        "restoring it here would break the portal. Nothing was changed.\n  "
        + "\n  ".join(differences)
        + "\nTo restore it: check out the version of the portal the backup was made with"
        f"{made_with}, restore the backup with that code into a fresh database "
        "(DATABASE_URL=<new database> make restore FILE=...), then upgrade the code and run "
        "`python manage.py migrate`."
        + (" The migrations it holds are listed in its manifest.json." if manifest else "")
    )


def read_manifest(archive: tarfile.TarFile, path: Path) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError, AttributeError):
        raise BackupError(
            f"{path} is not a backup made by `make backup`: no manifest.json"
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a backup made by `make backup`")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"{path} is a backup of format {manifest.get('version')}; this code reads format "
            f"{VERSION}: restore it with the code it was made with."
        )
    try:
        manifest["database"]["engine"], manifest["database"]["file"]
        manifest["database"]["sha256"], manifest["schema"]["migrations"]
        if manifest["files"]["included"]:
            manifest["files"]["sha256"].items()
    except (KeyError, TypeError, AttributeError):
        raise BackupError(f"{path} is damaged: its manifest.json is incomplete") from None
    return manifest


def extract_checked(archive: tarfile.TarFile, member: str, target: Path, sha256: str) -> Path:
    try:
        info = archive.getmember(member)
    except KeyError:
        raise BackupError(f"The backup is incomplete: {member} is missing") from None
    if not info.isfile():
        raise BackupError(f"The backup is damaged: {member} is not a file")
    archive.extract(info, target, filter="data")
    path = target / member
    if sha256_of(path) != sha256:
        raise BackupError(f"The backup is damaged: {member} does not match its checksum")
    return path


def check_database_file(engine: str, path: Path) -> None:
    """Refuse a dump that cannot be read before anything is changed."""
    if engine == "postgresql":
        run_postgresql_client("pg_restore", "--list", str(path))
        return
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        try:
            check = db.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path.name} is not a SQLite database: {error}") from None
    if check != "ok":
        raise BackupError(f"{path.name} is damaged: {check}")


def extract_media(archive: tarfile.TarFile, staging: Path, checksums: dict[str, str]) -> Path:
    """The archived files, into staging/media, each checked against the manifest."""
    members = [
        info
        for info in archive.getmembers()
        if info.name == MEDIA or info.name.startswith(f"{MEDIA}/")
    ]
    archive.extractall(staging, members=members, filter="data")
    folder = staging / MEDIA
    folder.mkdir(exist_ok=True)
    found = {
        path.relative_to(folder).as_posix(): path for path in folder.rglob("*") if path.is_file()
    }
    if set(found) != set(checksums):
        raise BackupError("The backup is damaged: its files are not those its manifest lists")
    for name, path in found.items():
        if sha256_of(path) != checksums[name]:
            raise BackupError(f"The backup is damaged: media/{name} does not match its checksum")
    return folder


def empty_the_cache(say) -> None:
    """What the cache kept (reports, limits, anything) was made of the data before."""
    try:
        cache.clear()
        renew_everything()
    except Exception as error:  # noqa: BLE001 -- the data is restored; say so and go on
        say(f"The cache could not be emptied ({error}); what it keeps expires within 10 minutes.")
    else:
        say("The cache was emptied.")


def restore_backup(path: Path, *, say) -> None:
    engine = database_engine()
    if not path.is_file():
        raise BackupError(f"no backup at {path}")
    if not tarfile.is_tarfile(path):
        restore_database_only(engine, path, say=say)
        return
    try:
        restore_archive(engine, path, say=say)
    except (tarfile.TarError, EOFError) as error:
        raise BackupError(f"{path} is damaged ({error}). Nothing was changed.") from None
    say(f"Restored {path}.")
    empty_the_cache(say)


def restore_archive(engine: str, path: Path, *, say) -> None:
    with tarfile.open(path) as archive:
        manifest = read_manifest(archive, path)
        database = manifest["database"]
        if database["engine"] != engine:
            raise BackupError(
                f"This is a backup of a {database['engine']} database; the portal's database "
                f"is {engine}. Nothing was changed."
            )
        refuse_other_schema(schema_differences(manifest["schema"]["migrations"]), manifest)
        files = manifest["files"]
        if files["included"] and settings.S3_BUCKET:
            raise BackupError(
                "This backup holds the files of a MEDIA_ROOT, but the portal keeps its files "
                "in S3_BUCKET. Nothing was changed: restore it with S3_BUCKET unset, or copy "
                "its media/ folder into the bucket first."
            )
        media_root = Path(settings.MEDIA_ROOT).resolve()
        media_root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(
            tempfile.mkdtemp(dir=media_root.parent, prefix=f".{media_root.name}-restore-")
        )
        try:
            dump = extract_checked(archive, database["file"], staging, database["sha256"])
            check_database_file(engine, dump)
            if not files["included"]:
                say(
                    "The files are not in this backup: they stay in the bucket "
                    f"{files.get('bucket')}."
                )
                say(f"Restoring {path} into {database_label()}.")
                load_database(engine, dump)
            else:
                new_media = extract_media(archive, staging, files["sha256"])
                say(
                    f"Restoring {path} into {database_label()} and "
                    f"{media_root} (their contents are replaced)."
                )
                restore_with_media(engine, dump, new_media, media_root, staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def restore_with_media(engine, dump: Path, new_media: Path, media_root: Path, staging: Path):
    """MEDIA_ROOT swapped for the archived files by renaming (nothing is half copied),
    then the database; if the database fails, the files before are put back."""
    before = staging / "before"
    if media_root.exists():
        try:
            media_root.rename(before)
        except OSError as error:
            raise BackupError(
                f"MEDIA_ROOT ({media_root}) cannot be renamed ({error}); nothing was changed. "
                "If it is a mount point, set MEDIA_ROOT to a folder inside it."
            ) from None
    try:
        new_media.rename(media_root)
    except BaseException:
        if before.exists():
            before.rename(media_root)
        raise
    try:
        load_database(engine, dump)
    except BaseException:
        media_root.rename(staging / "failed")
        if before.exists():
            before.rename(media_root)
        raise


def legacy_migrations(engine: str, path: Path) -> dict[str, list[str]]:
    """The applied migrations in a database-only backup (made before the archives)."""
    rows = []
    if engine == "sqlite":
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            try:
                rows = db.execute("SELECT app, name FROM django_migrations").fetchall()
            except sqlite3.DatabaseError:
                rows = []
    else:
        completed = subprocess.run(  # noqa: S603 -- PostgreSQL's client, our arguments
            ["pg_restore", "--data-only", "--table=django_migrations", "--file=-", str(path)],  # noqa: S607
            env=postgresql_environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        copying = False
        for line in completed.stdout.splitlines():
            if line.startswith("COPY ") and "django_migrations" in line:
                copying = True
            elif copying and line == "\\.":
                break
            elif copying:
                _id, app, name, *_ = line.split("\t")
                rows.append((app, name))
    migrations: dict[str, list[str]] = {}
    for app, name in sorted(rows):
        migrations.setdefault(app, []).append(name)
    return migrations


def restore_database_only(engine: str, path: Path, *, say) -> None:
    """A backup of the database alone, as `make backup` wrote them before the archives."""
    with path.open("rb") as file:
        head = file.read(16)
    kinds = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}
    kind = next((name for name, magic in kinds.items() if head.startswith(magic)), None)
    if kind is None:
        raise BackupError(
            f"{path} is not a backup made by `make backup`: neither an archive with a "
            "manifest.json nor a database dump. Nothing was changed."
        )
    if kind != engine:
        raise BackupError(
            f"This is a backup of a {kind} database; the portal's database is {engine}. "
            "Nothing was changed."
        )
    check_database_file(engine, path)
    refuse_other_schema(schema_differences(legacy_migrations(engine, path)), {})
    say(
        f"{path} is a database-only backup (made before backups held the files): "
        "MEDIA_ROOT is left as it is."
    )
    say(f"Restoring {path} into {database_label()}.")
    load_database(engine, path)
    say(f"Restored {path}.")
    empty_the_cache(say)
