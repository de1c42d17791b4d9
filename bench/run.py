"""The portal's benchmark: every main page one request at a time, then a load test.

    make bench        (PostgreSQL; generates the demo data at 100,000 activities if missing)

Part 1 measures server time in-process (Django's test client, no network), at least 50
requests per page, signed in as a member and as a facilitator, with the number of SQL
queries of each page. Part 2 starts gunicorn as `make serve` does (3 workers of 4 threads)
in production settings and sends 32 concurrent clients for 60 s over a mix of pages, on
this machine's loopback only.
Writes bench/results.json and prints which pages miss the targets.
"""

import http.client
import json
import os
import secrets
import statistics
import sys
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

django.setup()

from importlib import import_module  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
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


def session_cookie(user):
    """A signed-in session for the load test's clients."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def load(urls, cookie):
    with gunicorn(port=PORT, env=dict(os.environ)):
        results, errors, statuses, lock = [], [], {}, threading.Lock()
        stop = time.monotonic() + LOAD_SECONDS

        def client(index):
            connection_ = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
            n = index
            while time.monotonic() < stop:
                url = urls[n % len(urls)]
                n += 1
                start = time.perf_counter()
                try:
                    connection_.request("GET", url, headers={"Cookie": cookie})
                    response = connection_.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException) as error:
                    status = type(error).__name__
                    connection_ = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
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
        seconds = time.monotonic() - began
    results.sort()
    total = len(results) + len(errors)
    return {
        "requests": total,
        "errors": len(errors),
        "rps": round(total / seconds, 1),
        "p95_ms": round(results[int(len(results) * 0.95) - 1], 1) if results else None,
        "concurrency": CONCURRENCY,
        "seconds": round(seconds, 1),
        "error_kinds": statuses,
    }


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
    urls = [url for name, url in pages(community, member) if name not in FACILITATOR_ONLY]
    report["load"] = load(urls, session_cookie(member))
    (ROOT / "bench" / "results.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))

    data = report["data"]
    print(f"\n{data['activities']} activities, {data['organisations']} organisations")
    print(f"{'page':45} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}  misses")
    for row in report["pages"]:
        misses = [key for key, limit in TARGETS.items() if row[key] > limit]
        figures = f"{row['p50_ms']:8} {row['p95_ms']:8} {row['queries']:8}"
        print(f"{row['name']:45} {figures}  {' '.join(misses)}")
    load_ = report["load"]
    print(
        f"\nload: {load_['requests']} requests in {load_['seconds']} s at {load_['concurrency']} "
        f"clients, {load_['rps']} req/s, p95 {load_['p95_ms']} ms, {load_['errors']} errors"
    )


if __name__ == "__main__":
    main()
