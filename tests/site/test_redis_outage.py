"""Redis may die: a Redis of the test's own (on its own port, stopped by its PID) is killed
under four signed-in people and started again. Every page keeps answering, nobody is signed
out, a reply sent meanwhile is saved, signing in works, /healthz says the cache is down,
and the portal uses Redis again without a restart."""

import http.cookiejar
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings as django_settings

from bench.served import Redis
from communities.models import Discussion, Post
from cop_portal.settings import redis_cache
from tests import personas
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def redis_server(settings):
    assert shutil.which("redis-server"), "redis-server is needed (apt-get install redis-server)"
    server = Redis()
    server.start()
    redis = redis_cache(f"redis://127.0.0.1:{server.port}/0")
    settings.CACHES = {"default": redis, "counts": {**redis, "KEY_PREFIX": "counts"}}
    yield server
    server.stop()


class Person:
    """A browser of one person: its own cookies, following redirects."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def open(self, path: str, data: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 -- the test server
        if body is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode()

    def post_form(self, path: str, fields: dict):
        _status, _url, html = self.open(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        return self.open(path, {"csrfmiddlewaretoken": token, **fields})

    def sign_in(self, email: str):
        return self.post_form("/km/accounts/login/", {"login": email, "password": PASSWORD})


def test_a_redis_outage_loses_nothing_and_signs_nobody_out(live_server, redis_server, community):
    organization = community.participations.get().organization
    people = [personas.member(organization) for _ in range(4)]
    for person in people:
        person.emailaddress_set.create(email=person.email, verified=True, primary=True)
    discussion = Discussion.objects.create(
        community=community, title="ផែនការឆ្នាំក្រោយ", started_by=people[0]
    )
    Post.objects.create(discussion=discussion, author=people[0], text="សូមស្វាគមន៍")
    pages = [
        "/km/dashboard/",
        f"/km/communities/{community.slug}/",
        f"/km/communities/{community.slug}/discussions/{discussion.pk}/",
    ]
    browsers = [Person(live_server.url) for _ in people]
    for browser, person in zip(browsers, people, strict=True):
        status, url, _html = browser.sign_in(person.email)
        assert (status, urllib.parse.urlparse(url).path) == (200, "/km/dashboard/")

    def walk():
        answers = []
        for browser in browsers:
            for path in pages:
                status, url, _html = browser.open(path)
                answers.append((status, urllib.parse.urlparse(url).path == path))
        return answers

    assert set(walk()) == {(200, True)}
    redis_server.stop()
    during, started = [], time.monotonic()
    while time.monotonic() - started < 3:
        during += walk()
    health = browsers[0].open("/healthz")
    reply = browsers[1].post_form(pages[2], {"text": "ខ្ញុំយល់ព្រម"})
    newcomer = personas.member(organization)
    newcomer.emailaddress_set.create(email=newcomer.email, verified=True, primary=True)
    signed_in = Person(live_server.url).sign_in(newcomer.email)
    redis_server.start()  # the same port, empty: nothing is restarted on the portal's side
    after = walk()

    # Every page answered, signed in (no sign-in page instead): 0 errors, 0 sign-outs.
    assert len(during) >= len(browsers) * len(pages)
    assert set(during) == {(200, True)}, sorted(set(during))
    assert health[0] == 200 and '"cache": "down"' in health[2]
    assert reply[0] == 200 and "ខ្ញុំយល់ព្រម" in reply[2]
    assert discussion.posts.filter(text="ខ្ញុំយល់ព្រម", author=people[1]).exists()
    assert urllib.parse.urlparse(signed_in[1]).path == "/km/dashboard/"
    assert set(after) == {(200, True)}
    assert '"cache": "ok"' in browsers[0].open("/healthz")[2]
    assert django_settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
