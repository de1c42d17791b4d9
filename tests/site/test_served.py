"""`make serve`'s gunicorn: threaded workers, so that a person sending a photo over a slow
link holds one thread while the others keep answering; the benchmark and the checks in
bench/ start it the same way."""

import http.client
import os
import re
import shlex
import shutil
import socket
import subprocess
import time
from pathlib import Path

from bench.served import free_port, gunicorn, gunicorn_command, healthz

ROOT = Path(__file__).resolve().parent.parent.parent


def options(command: list) -> dict:
    """The worker options of a gunicorn command line."""
    words = [str(word) for word in command]
    return {
        name: words[words.index(name) + 1]
        for name in ("--workers", "--worker-class", "--threads")
        if name in words
    }


def test_bench_starts_gunicorn_as_make_serve_does():
    recipe = subprocess.run(  # noqa: S603 -- make's dry run, arguments from the test
        [shutil.which("make"), "--no-print-directory", "-n", "serve"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.replace("\\\n", " ")
    line = next(line for line in recipe.splitlines() if "gunicorn cop_portal.wsgi" in line)
    command = shlex.split(re.search(r"\S*gunicorn cop_portal\.wsgi.*", line).group())
    served = options(gunicorn_command(port=8000))
    assert options(command) == served
    assert served == {"--workers": "3", "--worker-class": "gthread", "--threads": "4"}


def test_a_slow_upload_holds_one_thread_and_the_worker_answers_others(tmp_path):
    """One worker: while a form's body trickles in (as a photo over 3G), the health check
    is answered at once by another of its threads."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "REDIS_URL": ""}
    with gunicorn(port=port, env=env, workers=1) as server:
        assert healthz(port) == 200
        slow = socket.create_connection(("127.0.0.1", port), timeout=10)
        try:
            slow.sendall(
                b"POST /km/accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 500000\r\n\r\nlogin="
            )
            time.sleep(0.5)  # the request is in a thread, reading its body
            started = time.monotonic()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            assert connection.getresponse().status == 200
            assert time.monotonic() - started < 2
            assert server.poll() is None
        finally:
            slow.close()
