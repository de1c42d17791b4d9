"""The portal's benchmark: every main page one request at a time, then a load test.

    make bench        (PostgreSQL; generates the demo data at 100,000 activities if missing)

Part 1 measures server time in-process (Django's test client, no network), at least 50
requests per page, signed in as a member and as a facilitator, with the number of SQL
queries of each page. Part 2, side by side: a stock Django project (bench/stock/: the
middleware of `startproject`, a signed-in session, a page of 20 rows of the same
activities table) and then the portal, each under gunicorn as `make serve` starts it (3
workers of 4 threads) in production settings, each page alone under 32 concurrent clients
for 10 s (wrk when installed, else Python threads; the same client for every page), the
portal's /healthz and main pages as a member; then 60 s over the portal's mix of pages. On
this machine's loopback only. Each page's ratio is its requests/s over the stock page's.
Writes bench/results.json (its other keys kept) and prints which pages miss the targets.
"""

import http.client
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cop_bench")
# Production settings, as served (but http on the loopback): DEBUG off.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
# One key for this process and the gunicorn it starts: the sessions it makes must hold there.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402
from served import gunicorn  # noqa: E402
from sessions import session_cookie  # noqa: E402

django.setup()


from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402

from activities.models import Activity  # noqa: E402
from communities.models import Community  # noqa: E402
from members.models import Organization, User  # noqa: E402
from members.second_factor import has_second_factor, requires_second_factor  # noqa: E402

TARGETS = {"p50_ms": 25, "p95_ms": 75, "queries": 10}
REPEAT = int(os.environ.get("BENCH_REPEAT", "50"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "32"))
PORT = int(os.environ.get("BENCH_PORT", "8030"))
STOCK_PORT = int(os.environ.get("BENCH_STOCK_PORT", "8031"))
# Side by side, each page alone under the load, this long.
PAGE_SECONDS = int(os.environ.get("BENCH_PAGE_SECONDS", "10"))
STOCK_PAGE = "stock 20-row page"
# The load client: wrk when installed (BENCH_CLIENT=python for the Python one).
WRK = shutil.which("wrk") if os.environ.get("BENCH_CLIENT", "wrk") == "wrk" else None


def ensure_database():
    """Create the benchmark's database (UTF-8, from template0) when the server lacks it."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"The benchmark runs on PostgreSQL; DATABASE_URL points to {db['ENGINE']}.")
    server = {
        "dbname": "postgres",
        "user": db["USER"] or None,
        "password": db["PASSWORD"] or None,
        "host": db["HOST"] or None,
        "port": db["PORT"] or None,
    }
    admin = psycopg2.connect(**server)
    admin.autocommit = True  # CREATE DATABASE cannot run inside a transaction
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
            if cursor.fetchone() is None:
                print(f"Creating the database {db['NAME']} (UTF-8)")
                cursor.execute(
                    sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                        sql.Identifier(db["NAME"])
                    )
                )
    finally:
        admin.close()


def ensure_data():
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    if Activity.objects.count() < 100_000:
        settings.DEBUG = True  # the generator is for demo databases only
        call_command(
            "generate_demo_data", organisations=500, communities=60, activities=100_000, seed=1
        )
        settings.DEBUG = False


def personas():
    """A member of the busiest organisation, and the facilitator of the busiest community."""
    community = Community.objects.annotate(n=Count("activities")).order_by("-n").first()
    organization = (
        Organization.objects.filter(participations__community=community)
        .annotate(n=Count("led_activities"))
        .order_by("-n")
        .first()
    )
    member = User.objects.filter(organization=organization, is_focal_point=False).first()
    facilitator = community.facilitators.first()
    return community, member, facilitator


def bench_admin():
    admin, _created = User.objects.get_or_create(
        email="bench.admin@example.org",
        defaults={"full_name": "Bench admin", "is_staff": True, "is_active": True},
    )
    return admin


def signed_in(user):
    """A client signed in as `user` as the portal signs people in: an admin or a facilitator
    has set up two-step sign-in and went through it (else every page sends them to set it
    up, and the figures would be of that redirect)."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if requires_second_factor(user) and not has_second_factor(user):
        TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session, request.user = client.session, user
    record_authentication(request, user, method="mfa", type="totp")
    request.session.save()
    return client


def pages(community, member):
    activity = Activity.objects.filter(community=community).order_by("-start_date").first()
    return [
        ("landing", "/km/"),
        ("dashboard", "/km/dashboard/"),
        ("directory", "/km/communities/"),
        ("community home (its stream)", f"/km/communities/{community.slug}/"),
        ("community about", f"/km/communities/{community.slug}/about/"),
        ("community activities", f"/km/communities/{community.slug}/activities/"),
        ("activity list", "/km/activities/"),
        ("activity list, filtered", "/km/activities/?status=done&province=12"),
        ("activity detail", f"/km/activities/{activity.pk}/"),
        ("activity form", "/km/activities/new/"),
        ("calendar", "/km/activities/calendar/"),
        ("ideas board", f"/km/communities/{community.slug}/ideas/"),
        ("resource library", "/km/resources/"),
        ("organisation page", f"/km/organizations/{member.organization.slug}/"),
        ("knowledge map", "/km/knowledge/"),
        ("search", "/km/search/?q=%E1%9E%9F%E1%9E%B7%E1%9E%80%E1%9F%92%E1%9E%81%E1%9E%B6"),
        ("community report", f"/km/communities/{community.slug}/report/"),
        ("programme report", "/km/reports/"),
    ]


# Pages a member may not open: measured as the facilitator only, left out of the load mix
# (which runs as the member).
FACILITATOR_ONLY = {"programme report"}


def measure(client, url):
    client.get(url, HTTP_HOST="127.0.0.1")  # warm up
    times = []
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, (url, response.status_code)
    for _ in range(REPEAT):
        start = time.perf_counter()
        client.get(url, HTTP_HOST="127.0.0.1")
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "queries": len(queries),
    }


def stock_session():
    """A signed-in session of the stock project's own user (bench/stock/prepare.py: Django's
    auth_user, made when missing), as the cookie its load test sends."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.stock.settings"}
    out = subprocess.run(
        [sys.executable, "-m", "bench.stock.prepare"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])["cookie"]


WRK_SCRIPT = """
paths = {PATHS}
local counter = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) failed = 0 end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
function response(status, headers, body)
  if status ~= 200 then failed = failed + 1 end
end
function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + thread:get("failed") end
  local e = summary.errors
  io.write(string.format("BENCH %f %f %f %f %f %f\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), failed,
    e.connect + e.read + e.write + e.timeout))
end
"""


def with_wrk(port, paths, cookie, seconds):
    """wrk (Debian's): 2 threads holding CONCURRENCY connections, over `paths` in turn; every
    answer other than a 200 counts as an error, as in the Python client."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT.replace("PATHS", ", ".join(json.dumps(p) for p in paths)))
    try:
        out = subprocess.run(
            [WRK, "-t", str(min(2, CONCURRENCY)), "-c", str(CONCURRENCY), "-d", f"{seconds}s"]
            + ["--timeout", "10s", "-s", script.name, "-H", f"Cookie: {cookie}"]
            + [f"http://127.0.0.1:{port}"],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(line for line in out.splitlines() if line.startswith("BENCH "))
    requests, duration_us, p50_us, p95_us, failed, broken = (float(x) for x in line.split()[1:])
    return {
        "requests": int(requests),
        "errors": int(failed + broken),
        "rps": round(requests / (duration_us / 1e6), 1),
        "p50_ms": round(p50_us / 1000, 1),
        "p95_ms": round(p95_us / 1000, 1),
        "concurrency": CONCURRENCY,
        "seconds": round(duration_us / 1e6, 1),
    }


def with_python(port, paths, cookie, seconds):
    """CONCURRENCY threads of http.client, each on its own kept-alive connection."""
    results, errors, statuses, lock = [], [], {}, threading.Lock()
    stop = time.monotonic() + seconds

    def client(index):
        connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        n = index
        while time.monotonic() < stop:
            url = paths[n % len(paths)]
            n += 1
            start = time.perf_counter()
            try:
                connection_.request("GET", url, headers={"Cookie": cookie})
                response = connection_.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
                connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                (results if status == 200 else errors).append(elapsed)
                if status != 200:
                    statuses[f"{status} {url}"] = statuses.get(f"{status} {url}", 0) + 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CONCURRENCY)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    results.sort()
    total = len(results) + len(errors)
    return {
        "requests": total,
        "errors": len(errors),
        "rps": round(total / elapsed, 1),
        "p50_ms": round(results[len(results) // 2], 1) if results else None,
        "p95_ms": round(results[int(len(results) * 0.95) - 1], 1) if results else None,
        "concurrency": CONCURRENCY,
        "seconds": round(elapsed, 1),
        "error_kinds": statuses,
    }


def hammer(port, paths, cookie, seconds):
    """CONCURRENCY clients for `seconds` over `paths`: with wrk when there is one (it costs
    the 2 cores far less than Python threads), else the Python client; one run, one client."""
    return (with_wrk if WRK else with_python)(port, paths, cookie, seconds)


def side_by_side(portal_pages, cookie):
    """A stock Django project (bench/stock/) and the portal, each under gunicorn with the same
    workers, one after the other, each page under the same load for PAGE_SECONDS; then the
    portal's mix of pages for LOAD_SECONDS. Each page's ratio: its requests/s over the stock
    20-row page's."""
    rows = []
    stock = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.stock.settings"}
    stock_cookie = stock_session()
    with gunicorn(port=STOCK_PORT, env=stock, app="bench.stock.wsgi", ready="/hello/"):
        for name, path in (("stock hello", "/hello/"), (STOCK_PAGE, "/activities/")):
            figures = hammer(STOCK_PORT, [path], stock_cookie, PAGE_SECONDS)
            rows.append({"name": name, "app": "stock", "url": path, **figures})
    with gunicorn(port=PORT, env=dict(os.environ)):
        for name, url in [("portal /healthz", "/healthz"), *portal_pages]:
            figures = hammer(PORT, [url], cookie, PAGE_SECONDS)
            rows.append({"name": name, "app": "portal", "url": url, **figures})
        mix = hammer(PORT, [url for _name, url in portal_pages], cookie, LOAD_SECONDS)
    reference = next(row["rps"] for row in rows if row["name"] == STOCK_PAGE)
    for row in rows:
        row["ratio"] = round(row["rps"] / reference, 3) if reference else None
    return {
        "client": "wrk" if WRK else "python",
        "concurrency": CONCURRENCY,
        "seconds_per_page": PAGE_SECONDS,
        "workers": "3 gunicorn workers of 4 threads (gthread), each app in turn",
        "reference": STOCK_PAGE,
        "pages": rows,
    }, mix


def main():
    ensure_database()
    ensure_data()
    community, member, facilitator = personas()
    report = {
        "data": {
            "activities": Activity.objects.count(),
            "organisations": Organization.objects.count(),
        },
        "pages": [],
    }
    for persona, user in (("member", member), ("facilitator", facilitator)):
        client = signed_in(user)
        for name, url in pages(community, member):
            if name == "landing" and persona == "facilitator":
                continue
            if name in FACILITATOR_ONLY and persona == "member":
                continue
            figures = measure(client, url)
            report["pages"].append({"name": f"{name} ({persona})", "url": url, **figures})
    # The programme report over every activity: an admin's, nothing hidden or suppressed.
    client = signed_in(bench_admin())
    for name, url in pages(community, member):
        if name in FACILITATOR_ONLY:
            report["pages"].append({"name": f"{name} (admin)", "url": url, **measure(client, url)})
    portal_pages = [
        (f"{name} (member)", url)
        for name, url in pages(community, member)
        if name not in FACILITATOR_ONLY
    ]
    report["side_by_side"], report["load"] = side_by_side(portal_pages, session_cookie(member))
    # Read, update, write: the file keeps what others record there (slow_3g).
    path = ROOT / "bench" / "results.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results.update(report)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")

    data = report["data"]
    print(f"\n{data['activities']} activities, {data['organisations']} organisations")
    print(f"{'page':45} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}  misses")
    for row in report["pages"]:
        misses = [key for key, limit in TARGETS.items() if row[key] > limit]
        figures = f"{row['p50_ms']:8} {row['p95_ms']:8} {row['queries']:8}"
        print(f"{row['name']:45} {figures}  {' '.join(misses)}")
    side = report["side_by_side"]
    print(
        f"\nside by side ({side['client']}, {side['concurrency']} clients, "
        f"{side['seconds_per_page']} s a page; ratio: req/s over the {STOCK_PAGE}'s)"
    )
    print(f"{'page':45} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'ratio':>6}")
    for row in side["pages"]:
        print(
            f"{row['name']:45} {row['rps']:8} {row['p50_ms']:8} {row['p95_ms']:8} "
            f"{row['errors']:7} {row['ratio']:6}"
        )
    load_ = report["load"]
    print(
        f"\nload: {load_['requests']} requests in {load_['seconds']} s at {load_['concurrency']} "
        f"clients, {load_['rps']} req/s, p95 {load_['p95_ms']} ms, {load_['errors']} errors"
    )


if __name__ == "__main__":
    main()
