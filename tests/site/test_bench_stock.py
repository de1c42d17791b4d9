"""The benchmark's yardstick (bench/stock/): a stock Django page of 20 activities from the
portal's own table, for signed-in people only. Run under its own settings in a subprocess,
on an SQLite file holding a minimal copy of the portal's two tables."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

SCRIPT = r"""
import json

import django
from django.db import connection

django.setup()

from django.test import Client

from bench.sessions import session_cookie
from bench.stock.prepare import ensure_tables, stock_user

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE communities_community (id integer PRIMARY KEY, name text)")
    cursor.execute(
        "CREATE TABLE activities_activity (id integer PRIMARY KEY, community_id integer,"
        " title text, status text, start_date date, deleted_at datetime)"
    )
    cursor.execute("INSERT INTO communities_community VALUES (1, 'Coast')")
    for n in range(1, 31):
        deleted = "2026-01-01 00:00:00" if n == 30 else None
        cursor.execute(
            "INSERT INTO activities_activity VALUES (%s, 1, %s, 'done', '2026-03-01', %s)",
            [n, f"Activity {n}", deleted],
        )
ensure_tables()
out = {}
anonymous = Client().get("/activities/")
out["anonymous"] = [anonymous.status_code, anonymous.get("Location", "")]
client = Client()
name, key = session_cookie(stock_user()).split("=", 1)
client.cookies[name] = key
page = client.get("/activities/")
html = page.content.decode()
out["signed_in"] = page.status_code
out["rows"] = html.count('<tr class="activity">')
out["newest"] = "Activity 29" in html and "Activity 30" not in html and "Activity 9<" not in html
out["community"] = "<td>Coast</td>" in html
out["csrf"] = "csrfmiddlewaretoken" in html
out["hello"] = Client().get("/hello/").content.decode()
print(json.dumps(out))
"""


def test_the_stock_page_shows_20_rows_to_a_signed_in_session_only(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.stock.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'stock.sqlite3'}",
        SECRET_KEY="tests-only-not-secret",
        ALLOWED_HOSTS="testserver",
    )
    run = subprocess.run(  # noqa: S603 -- this interpreter, the script above
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout.strip().splitlines()[-1])
    status, location = out["anonymous"]
    assert status == 302 and location.startswith("/accounts/login/")
    assert out["signed_in"] == 200
    assert out["rows"] == 20
    assert out["newest"], "the 20 newest activities, a deleted one left out"
    assert out["community"] and out["csrf"]
    assert out["hello"] == "Hello, world"


def test_the_stock_project_imports_nothing_of_the_portal():
    portal = ("cop_portal", "members", "communities", "activities")
    for source in (ROOT / "bench" / "stock").rglob("*.py"):
        for line in source.read_text().splitlines():
            words = line.split()
            if words[:1] in (["import"], ["from"]) and len(words) > 1:
                assert words[1].split(".")[0] not in portal, (source.name, line)
