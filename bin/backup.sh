#!/usr/bin/env bash
# Back up the portal's database, or restore a backup into it.
#
#   bin/backup.sh backup          writes backups/<database>-<UTC time>.dump (PostgreSQL, pg_dump
#                                 custom format) or .sqlite3 (SQLite), and prints its path
#   bin/backup.sh restore FILE    replaces the contents of the configured database with FILE
#
# The database is the portal's: DATABASE_URL from the environment or from .env, as in
# settings.py, else db.sqlite3 beside manage.py. BACKUP_DIR changes where backups go.
# Uploaded files (MEDIA_ROOT) are not part of the database: back them up with the files.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
[[ -x $PY ]] || PY=python3  # the script needs only Python's standard library
BACKUP_DIR=${BACKUP_DIR:-backups}

die() {
  echo "backup.sh: $*" >&2
  exit 1
}

usage() {
  die "usage: bin/backup.sh backup | bin/backup.sh restore FILE"
}

# The database, one field a line: "postgresql", host, port, user, password, name, sslmode;
# or "sqlite", path.
database_settings() {
  "$PY" - <<'PYTHON'
import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

url = os.environ.get("DATABASE_URL")
if url is None and Path(".env").is_file():
    # settings.py reads .env without overriding the environment: so do we.
    for line in Path(".env").read_text(encoding="utf-8").splitlines():
        name, equals, value = line.strip().removeprefix("export ").partition("=")
        if equals and name.strip() == "DATABASE_URL":
            url = value.strip().strip("'\"")
if not url:
    url = f"sqlite:///{Path('db.sqlite3').resolve()}"

parts = urlsplit(url)
if parts.scheme in ("postgres", "postgresql", "pgsql", "psql", "postgis"):
    host = parts.netloc.rpartition("@")[2]
    if host.startswith("["):  # [IPv6]:port
        host = host[1 : host.index("]")]
    else:
        host = host.partition(":")[0]
    fields = [
        "postgresql",
        unquote(host),  # may be a socket directory, written %2Fvar%2Frun%2Fpostgresql
        str(parts.port or ""),
        unquote(parts.username or ""),
        unquote(parts.password or ""),
        unquote(parts.path.lstrip("/")),
        parse_qs(parts.query).get("sslmode", [""])[0],
    ]
    if not fields[5]:
        sys.exit("DATABASE_URL names no database.")
elif parts.scheme == "sqlite":
    # As django-environ reads it: sqlite:////absolute/path or sqlite:///relative/path.
    path = unquote(parts.path[1:]) if parts.path.startswith("/") else unquote(parts.path)
    if not path or path == ":memory:":
        sys.exit("An in-memory SQLite database cannot be backed up.")
    fields = ["sqlite", path]
else:
    sys.exit(f"Unsupported database in DATABASE_URL: {parts.scheme}://...")
if any("\n" in field for field in fields):
    sys.exit("DATABASE_URL contains a line break.")
print("\n".join(fields))
PYTHON
}

# Run a PostgreSQL client with the connection in libpq's environment variables (those
# given: libpq's defaults for the others), so that the password never shows in `ps`.
with_pg() {
  local settings=(PGDATABASE="$pg_name")
  [[ -n $pg_host ]] && settings+=(PGHOST="$pg_host")
  [[ -n $pg_port ]] && settings+=(PGPORT="$pg_port")
  [[ -n $pg_user ]] && settings+=(PGUSER="$pg_user")
  [[ -n $pg_password ]] && settings+=(PGPASSWORD="$pg_password")
  [[ -n $pg_sslmode ]] && settings+=(PGSSLMODE="$pg_sslmode")
  env "${settings[@]}" "$@"
}

# Copy one SQLite database into another with SQLite's online backup API: consistent
# even while the portal is using the source, and the target's open connections see the
# change as one transaction.
sqlite_copy() {
  "$PY" - "$1" "$2" <<'PYTHON'
import sqlite3
import sys

source, target = sys.argv[1], sys.argv[2]
src = sqlite3.connect(source)
try:
    check = src.execute("PRAGMA quick_check").fetchone()[0]
except sqlite3.DatabaseError as error:
    sys.exit(f"{source} is not a SQLite database: {error}")
if check != "ok":
    sys.exit(f"{source} is damaged: {check}")
dst = sqlite3.connect(target)
try:
    src.backup(dst)
finally:
    dst.close()
    src.close()
PYTHON
}

partial=""
trap '[[ -z $partial ]] || rm -f "$partial"' EXIT

backup() {
  mkdir -p "$BACKUP_DIR"
  local stamp file
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  if [[ $engine == postgresql ]]; then
    file="$BACKUP_DIR/$pg_name-$stamp.dump"
    [[ -e $file ]] && die "$file already exists"
    partial="$file.partial"
    with_pg pg_dump --format=custom --no-owner --file="$partial"
  else
    [[ -f $sqlite_path ]] || die "no SQLite database at $sqlite_path"
    local name
    name=$(basename "$sqlite_path")
    file="$BACKUP_DIR/${name%.*}-$stamp.sqlite3"
    [[ -e $file ]] && die "$file already exists"
    partial="$file.partial"
    sqlite_copy "$sqlite_path" "$partial"
  fi
  # Only a complete backup gets its final name.
  mv "$partial" "$file"
  partial=""
  echo "$file"
}

restore() {
  local file=$1
  [[ -f $file ]] || die "no backup at $file"
  if [[ $engine == postgresql ]]; then
    echo "Restoring $file into the PostgreSQL database $pg_name (its contents are replaced)." >&2
    # One transaction: if anything fails, the database is left as it was.
    with_pg pg_restore --clean --if-exists --no-owner --single-transaction \
      --dbname="$pg_name" "$file"
  else
    echo "Restoring $file into the SQLite database $sqlite_path (its contents are replaced)." >&2
    sqlite_copy "$file" "$sqlite_path"
  fi
  echo "Restored $file." >&2
  # Reports and maps kept in the cache were made of the data before: not to be read again.
  if [[ -x .venv/bin/python ]]; then
    .venv/bin/python manage.py renew_derived_data >&2 ||
      echo "backup.sh: the kept reports could not be renewed; they expire within 10 minutes." >&2
  fi
}

(($# >= 1)) || usage
settings=$(database_settings) || die "cannot read the database settings"
mapfile -t fields <<<"$settings"
engine=${fields[0]}
if [[ $engine == postgresql ]]; then
  pg_host=${fields[1]} pg_port=${fields[2]} pg_user=${fields[3]} pg_password=${fields[4]}
  pg_name=${fields[5]} pg_sslmode=${fields[6]:-}
else
  sqlite_path=${fields[1]}
fi

case $1 in
  backup)
    (($# == 1)) || usage
    backup
    ;;
  restore)
    (($# == 2)) && [[ -n $2 ]] || usage
    restore "$2"
    ;;
  *) usage ;;
esac
