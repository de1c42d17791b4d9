"""gunicorn on the loopback for the benchmark and the restart check."""

import contextlib
import http.client
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def healthz(port: int) -> int | None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return None


@contextlib.contextmanager
def gunicorn(*, port: int, env: dict, workers: int = 3):
    """The portal under gunicorn with `workers` processes, ready when /healthz answers."""
    server = subprocess.Popen(
        [
            Path(sys.executable).parent / "gunicorn",
            "cop_portal.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            if healthz(port) == 200:
                break
            time.sleep(0.2)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=10)
