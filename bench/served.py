"""gunicorn on the loopback for the benchmark and the restart check."""

import contextlib
import http.client
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def healthz(port: int, path: str = "/healthz") -> int | None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return None


def gunicorn_command(
    *, port: int, workers: int = 3, threads: int = 4, app: str = "cop_portal.wsgi"
) -> list:
    """gunicorn as `make serve` starts it: WORKERS=3 processes of THREADS=4 threads each
    (gthread), so that a slow client holds a thread, not a worker. `app`: the benchmark's
    stock Django project (bench.stock.wsgi) is served the same way."""
    return [
        Path(sys.executable).parent / "gunicorn",
        app,
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]


@contextlib.contextmanager
def gunicorn(
    *,
    port: int,
    env: dict,
    workers: int = 3,
    threads: int = 4,
    app: str = "cop_portal.wsgi",
    ready: str = "/healthz",
):
    """The portal (or `app`) under gunicorn as `make serve` starts it, ready when `ready`
    answers."""
    server = subprocess.Popen(
        gunicorn_command(port=port, workers=workers, threads=threads, app=app), cwd=ROOT, env=env
    )
    try:
        for _ in range(100):
            if healthz(port, ready) == 200:
                break
            time.sleep(0.2)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Redis:
    """A Redis of the caller's own, on a free loopback port, keeping nothing on disk."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 -- a Redis of this run's own
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("Redis did not start")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
