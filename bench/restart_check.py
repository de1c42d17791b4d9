"""The portal survives a PostgreSQL restart: gunicorn (3 workers, production settings)
answers again without being restarted.

    DATABASE_URL=postgres://… python bench/restart_check.py

Starts gunicorn on the loopback, requests pages until every worker holds a database
connection, restarts the PostgreSQL cluster (pg_ctlcluster, as root), then requests the
pages again: each must answer 200 within a few seconds. Exits non-zero otherwise.
"""

import http.client
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

from served import gunicorn

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("RESTART_CHECK_PORT", "8031"))
PATHS = ["/healthz", "/km/", "/en/communities/"]


def get(path):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return None


def main():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
    }
    python = Path(sys.executable)
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    with gunicorn(port=PORT, env=env):
        before = [get(path) for path in PATHS * 10]
        print(f"before the restart: {before.count(200)}/{len(before)} answered 200")
        cluster = next(iter(os.listdir("/etc/postgresql")))
        subprocess.run(
            [
                shutil.which("pg_ctlcluster"),
                "--skip-systemctl-redirect",
                cluster,
                "main",
                "restart",
            ],
            check=True,
        )
        restarted = time.monotonic()
        after = []
        while time.monotonic() - restarted < 15:
            after = [get(path) for path in PATHS * 10]
            if after.count(200) == len(after):
                break
            time.sleep(0.5)
        seconds = time.monotonic() - restarted
        print(
            f"after the restart: {after.count(200)}/{len(after)} answered 200, "
            f"{seconds:.1f} s after it, gunicorn not restarted"
        )
        return 0 if before.count(200) == len(before) and after.count(200) == len(after) else 1


if __name__ == "__main__":
    sys.exit(main())
