"""Faults under production settings: a mail server that never answers, and Redis stopped.

    python bench/fault_check.py        (run by .ci/run; DATABASE_URL: a PostgreSQL server)

Everything it breaks is its own, on the loopback, stopped by its PID: a database made for
the run (dropped after), a Redis on its own port, an SMTP stand-in on its own port, and
`make serve` (gunicorn with 3 workers of 4 threads, and one job worker). The machine's
PostgreSQL and Redis are only used, never stopped.

1. The mail server accepts connections and never says a word. A seventh person replies in
   a discussion six others wrote in: the reply must answer in under a second, the post be
   saved once, and the six e-mails wait. Then the server answers: the worker's next
   attempts must deliver all six.
2. Redis is killed for 20 s under four signed-in people requesting pages: 0 errors,
   0 sign-outs, /healthz says "cache": "down" meanwhile and "ok" after, with no restart.

Prints the figures; exits non-zero when one is off.
"""

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import psycopg2
from psycopg2 import sql
from served import Redis, free_port, healthz

ROOT = Path(__file__).resolve().parent.parent
SERVER = urllib.parse.urlparse(
    os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
)
DATABASE = f"cop_faults_{os.getpid()}"
PASSWORD = "Fault-check-" + secrets.token_urlsafe(12)
REDIS_OUTAGE_SECONDS = 20


def run_sql(statement) -> None:
    """One statement on the server's `postgres` database, outside a transaction."""
    connection = psycopg2.connect(
        host=SERVER.hostname,
        port=SERVER.port or 5432,
        user=SERVER.username or "postgres",
        password=SERVER.password,
        dbname="postgres",
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


class Silent:
    """Accepts connections (the kernel does, in the backlog) and never greets."""

    def __init__(self, port: int):
        self.socket = socket.socket()
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", port))
        self.socket.listen(64)

    def close(self):
        self.socket.close()


class Answering(socketserver.ThreadingTCPServer):
    """An SMTP server that takes every message (enough of RFC 5321 for smtplib)."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port: int):
        self.messages = []
        super().__init__(("127.0.0.1", port), SMTPSession)


class SMTPSession(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"220 stand-in ESMTP\r\n")
        data, lines = False, []
        while line := self.rfile.readline():
            if data:
                if line.rstrip(b"\r\n") == b".":
                    data = False
                    self.server.messages.append(b"".join(lines))
                    lines = []
                    self.wfile.write(b"250 queued\r\n")
                else:
                    lines.append(line)
                continue
            verb = line[:4].upper()
            if verb == b"DATA":
                data = True
                self.wfile.write(b"354 end with .\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


class Browser:
    """One person: a session cookie and a CSRF cookie, on one keep-alive connection."""

    def __init__(self, port: int):
        self.port = port
        self.cookies = {}

    def request(self, method: str, path: str, fields: dict | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            html = response.read().decode()
        except OSError:
            return None, "", ""
        finally:
            connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", html

    def post_form(self, path: str, fields: dict):
        _status, _location, html = self.request("GET", path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        return self.request("POST", path, {"csrfmiddlewaretoken": token, **fields})

    def sign_in(self, email: str) -> bool:
        status, location, _html = self.post_form(
            "/km/accounts/login/", {"login": email, "password": PASSWORD}
        )
        return status == 302 and location.endswith("/km/dashboard/")


@contextlib.contextmanager
def make_serve(*, port: int, env: dict):
    """`make serve` as the README gives it (gunicorn, 3 workers of 4 threads, a job worker), in a
    process group of its own, stopped by its PID when done."""
    log = open(Path(tempfile.gettempdir()) / f"fault-check-{os.getpid()}.log", "w")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603
        [
            shutil.which("make"),
            "--no-print-directory",
            "serve",
            f"PORT={port}",
            "WORKERS=3",
            "THREADS=4",
            "JOB_WORKERS=1",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for _ in range(300):
            if healthz(port) == 200:
                break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"make serve did not answer (see {log.name})")
        yield server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        log.close()


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def make_people(env) -> tuple[list[str], str, int]:
    """Seven people of one organisation in one community, six of whom wrote in one thread
    and hear of its replies at once by e-mail."""
    script = f"""
from allauth.account.models import EmailAddress
from communities.models import Community, Discussion, Follow, Post
from members.models import NotificationSetting, User
community = Community.objects.filter(participations__isnull=False).order_by("pk").first()
organization = community.participations.order_by("pk").first().organization
emails = []
for n in range(7):
    email = f"fault.{{n}}@example.org"
    user = User.objects.create_user(email, {PASSWORD!r}, full_name=f"សុខា {{n}}",
                                    organization=organization)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    emails.append(email)
discussion = Discussion.objects.create(community=community, title="ផែនការ",
                                       started_by=User.objects.get(email=emails[0]))
for email in emails[:6]:
    person = User.objects.get(email=email)
    Post.objects.create(discussion=discussion, author=person, text="បាទ")
    # Writing in a thread follows it; each chose to hear of replies at once by e-mail.
    Follow.objects.create(discussion=discussion, person=person)
    NotificationSetting.objects.create(person=person, channel="email", kind="reply", when="now")
print(community.slug, discussion.pk)
"""
    out = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return [f"fault.{n}@example.org" for n in range(7)], out[-2], int(out[-1])


def deliveries(env) -> dict:
    script = """
from django.db.models import Count
from cop_portal.core.models import Delivery
print(dict(Delivery.objects.values_list("status").annotate(n=Count("pk"))))
"""
    out = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return eval(out.strip().splitlines()[-1])  # noqa: S307 -- our own printed dict


def check_mail(env, port, smtp_port, emails, slug, discussion) -> list[str]:
    failures = []
    writer = Browser(port)
    assert writer.sign_in(emails[6]), "the seventh person could not sign in"
    thread = f"/km/communities/{slug}/discussions/{discussion}/"
    _s, _l, html = writer.request("GET", thread)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    started = time.monotonic()
    status, location, _html = writer.request(
        "POST", thread, {"csrfmiddlewaretoken": token, "text": "ខ្ញុំនឹងមក"}
    )
    seconds = time.monotonic() - started
    _s, _l, html = writer.request("GET", thread)
    shown = html.count("ខ្ញុំនឹងមក")
    print(f"reply with 6 earlier writers, mail server silent: {status} in {seconds:.2f} s")
    print(f"the reply is shown {shown} time(s) in the thread")
    # A reply that waited on the silent mail server would take its EMAIL_TIMEOUT (3 s) at
    # least; 2 s leaves room for a busy 2-core machine (1.3 s seen with a browser test
    # running beside) and still tells the two apart.
    if status != 302 or seconds >= 2 or shown != 1:
        failures.append("the reply waited on the mail server, failed or was not saved once")
    time.sleep(8)  # the worker's first attempts time out (EMAIL_TIMEOUT 3 s)
    print(f"e-mails while the mail server is silent: {deliveries(env)}")
    return failures


def check_mail_recovers(env, smtp, emails) -> list[str]:
    started = time.monotonic()
    while time.monotonic() - started < 60 and len(smtp.messages) < 6:
        time.sleep(0.5)
    seconds = time.monotonic() - started
    recipients = sorted(
        re.search(rb"^To: (\S+)", message, re.M).group(1).decode() for message in smtp.messages
    )
    print(
        f"after the mail server answers: {len(smtp.messages)} e-mails delivered in "
        f"{seconds:.1f} s, {deliveries(env)}"
    )
    if recipients != sorted(emails[:6]):
        return [f"the six e-mails did not all leave once: {recipients}"]
    return []


def check_redis(port, redis, emails, slug) -> list[str]:
    people = [Browser(port) for _ in range(4)]
    for person, email in zip(people, emails, strict=False):
        assert person.sign_in(email), f"{email} could not sign in"
    pages = ["/km/dashboard/", "/km/communities/", f"/km/communities/{slug}/"]
    tally = {"requests": 0, "errors": 0, "signed out": 0}
    stop = threading.Event()

    def walk(person):
        while not stop.is_set():
            for path in pages:
                status, location, _html = person.request("GET", path)
                tally["requests"] += 1
                if status is None or status >= 500:
                    tally["errors"] += 1
                elif status == 302 and "/accounts/login/" in location:
                    tally["signed out"] += 1

    threads = [threading.Thread(target=walk, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    time.sleep(3)
    redis.stop()
    stopped = time.monotonic()
    health_down = set()
    while time.monotonic() - stopped < REDIS_OUTAGE_SECONDS:
        health_down.add(Browser(port).request("GET", "/healthz")[2])
        time.sleep(1)
    during = dict(tally)
    redis.start()
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join()
    health_after = Browser(port).request("GET", "/healthz")
    print(
        f"Redis stopped {REDIS_OUTAGE_SECONDS} s under 4 signed-in people: "
        f"{tally['requests']} requests in all ({during['requests']} until it came back), "
        f"{tally['errors']} errors, {tally['signed out']} sign-outs"
    )
    print(f"/healthz meanwhile: {sorted(health_down)}; after: {health_after[0]} {health_after[2]}")
    failures = []
    if tally["errors"] or tally["signed out"]:
        failures.append("pages failed or people were signed out while Redis was down")
    if health_down != {'{"status": "degraded", "database": "ok", "cache": "down"}'}:
        failures.append("/healthz did not say the cache was down")
    if '"cache": "ok"' not in health_after[2]:
        failures.append("/healthz did not see Redis again")
    return failures


def main() -> int:
    run_sql(
        sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
            sql.Identifier(DATABASE)
        )
    )
    redis, smtp_port, port = Redis(), free_port(), free_port()
    url = SERVER._replace(path=f"/{DATABASE}").geturl()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "EMAIL_TIMEOUT": "3",
        "MAIL_RETRY_DELAYS": ",".join(["2"] * 20),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
    }
    silent = answering = None
    failures = []
    try:
        redis.start()
        manage({**env, "DEBUG": "1"}, "migrate", "--verbosity", "0")
        manage({**env, "DEBUG": "1"}, "load_voice_seed")
        emails, slug, discussion = make_people(env)
        silent = Silent(smtp_port)
        with make_serve(port=port, env=env):
            failures += check_mail(env, port, smtp_port, emails, slug, discussion)
            silent.close()
            answering = Answering(smtp_port)
            threading.Thread(target=answering.serve_forever, daemon=True).start()
            failures += check_mail_recovers(env, answering, emails)
            failures += check_redis(port, redis, emails, slug)
    finally:
        if answering is not None:
            answering.shutdown()
            answering.server_close()
        elif silent is not None:
            silent.close()
        redis.stop()
        run_sql(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
