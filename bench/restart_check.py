"""The portal survives a PostgreSQL restart: gunicorn (3 workers of 4 threads, as `make
serve` starts it, production settings) answers again without being restarted.

    python bench/restart_check.py        (run by .ci/run)

Makes a PostgreSQL cluster of its own (initdb, as the `postgres` user when run as root) in
a temporary folder, on a free loopback port, migrates the portal into it, and starts
gunicorn on it. It requests pages until its threads hold database connections (one
each), stops that cluster's postmaster by its PID and starts it again, then requests the
pages again: each must answer 200 within a few seconds. The machine's own PostgreSQL is
never touched. Exits non-zero otherwise.
"""

import http.client
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from served import free_port, gunicorn

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["/healthz", "/km/", "/en/communities/"]


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return None


def postgres_bin(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
        found = next(str(v / name) for v in versions if (v / name).exists())
    return found


class Cluster:
    """A PostgreSQL cluster of this check's own: trust on the loopback, no other client."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="cop-restart-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0  # PostgreSQL refuses to run as root
        if self.as_postgres:
            account = pwd.getpwnam("postgres")
            os.chown(self.folder, account.pw_uid, account.pw_gid)

    def run(self, *command):
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        subprocess.run([*prefix, *command], check=True, stdout=subprocess.DEVNULL)  # noqa: S603

    def init(self):
        self.run(
            postgres_bin("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "-A",
            "trust",
        )

    def start(self):
        self.run(
            postgres_bin("pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "log"),
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1",
            "-w",
            "start",
        )

    def pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().splitlines()[0])

    def stop(self):
        """Fast shutdown of this cluster's postmaster, by its PID."""
        pid = self.pid()
        os.kill(pid, signal.SIGINT)
        for _ in range(300):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        raise RuntimeError("the check's PostgreSQL did not stop")

    def remove(self):
        if (self.data / "postmaster.pid").exists():
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def main():
    cluster = Cluster()
    port = free_port()
    try:
        cluster.init()
        cluster.start()
        url = f"postgres://postgres@127.0.0.1:{cluster.port}/postgres"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "REDIS_URL": "",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
        }
        python = Path(sys.executable)
        for command in (["migrate", "-v0"], ["createcachetable"], ["load_voice_seed"]):
            subprocess.run(  # noqa: S603
                [python, "manage.py", *command],
                cwd=ROOT,
                env={**env, "DEBUG": "1"},
                check=True,
                stdout=subprocess.DEVNULL,
            )
        subprocess.run(  # noqa: S603
            [python, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        with gunicorn(port=port, env=env):
            before = [get(port, path) for path in PATHS * 10]
            print(f"before the restart: {before.count(200)}/{len(before)} answered 200")
            cluster.stop()
            cluster.start()
            restarted = time.monotonic()
            after = []
            while time.monotonic() - restarted < 15:
                after = [get(port, path) for path in PATHS * 10]
                if after.count(200) == len(after):
                    break
                time.sleep(0.5)
            seconds = time.monotonic() - restarted
            print(
                f"after the restart of the check's own PostgreSQL (port {cluster.port}): "
                f"{after.count(200)}/{len(after)} answered 200, {seconds:.1f} s after it, "
                "gunicorn not restarted"
            )
            passed = before.count(200) == len(before) and after.count(200) == len(after)
            return 0 if passed else 1
    finally:
        cluster.remove()


if __name__ == "__main__":
    sys.exit(main())
