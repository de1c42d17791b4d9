#!/usr/bin/env bash
# Back up the portal's database and uploaded files, or restore a backup of both.
#
#   bin/backup.sh backup          writes backups/<database>-<UTC time>.tar (the database dump,
#                                 the files under MEDIA_ROOT and manifest.json) and prints its path
#   bin/backup.sh restore FILE    replaces the database and MEDIA_ROOT with FILE, then empties
#                                 the cache; a backup of another schema version is refused
#
# The database and the files are the portal's, from the environment or .env as in
# settings.py (DATABASE_URL, else db.sqlite3 beside manage.py; MEDIA_ROOT or S3_BUCKET).
# BACKUP_DIR changes where backups go. The work is done by `manage.py backup` and
# `manage.py restore` (cop_portal/management/backups.py); the format is in the README.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
[[ -x $PY ]] || PY=python3
BACKUP_DIR=${BACKUP_DIR:-backups}

usage() {
  echo "usage: bin/backup.sh backup | bin/backup.sh restore FILE" >&2
  exit 1
}

(($# >= 1)) || usage
case $1 in
  backup)
    (($# == 1)) || usage
    exec "$PY" manage.py backup --dir="$BACKUP_DIR"
    ;;
  restore)
    (($# == 2)) && [[ -n $2 ]] || usage
    exec "$PY" manage.py restore "$2"
    ;;
  *) usage ;;
esac
