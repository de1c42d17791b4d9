import re

import pytest
from django.core.management import call_command
from django.db import DatabaseError

from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db

KHMER = re.compile("[\u1780-\u17ff]")


@pytest.fixture
def seeded(db):
    call_command("load_voice_seed")


def test_the_root_sends_a_visitor_to_their_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").url == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="km").url == "/km/"
    # Khmer is the default when the browser asks for neither.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr").url == "/km/"


def test_the_khmer_landing_page_is_in_khmer(client, seeded):
    page = client.get("/km/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="km">' in html
    assert "សហគមន៍អនុវត្តន៍ Voice" in html
    assert "ប្រធានបទរួម" in html  # Domain
    assert "ក្រុមជនជាតិដើមភាគតិច" in html  # a public community, by its Khmer name
    assert "Every community has three parts" not in html
    assert html.count("<h1") == 1


def test_the_english_landing_page_is_in_english(client, seeded):
    page = client.get("/en/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="en">' in html
    assert "Every community has three parts" in html
    assert "Indigenous peoples" in html
    assert "សហគមន៍នីមួយៗមានបីផ្នែក" not in html
    assert html.count("<h1") == 1


def test_the_landing_page_lists_public_communities_only(client, seeded):
    html = client.get("/en/").content.decode()
    assert "People with disabilities" in html
    assert "Elderly and youth" in html
    # Members-only communities are never shown to visitors.
    assert "LGBTQI<" not in html and "Same-Sex" not in html
    assert "Women</h3>" not in html


def test_a_closed_or_private_community_is_not_on_the_landing_page(client):
    CommunityFactory(name_en="Open circle", visibility="public")
    CommunityFactory(name_en="Closed circle", visibility="public", status="closed")
    CommunityFactory(name_en="Hidden circle")  # members only by default
    html = client.get("/en/").content.decode()
    assert "Open circle" in html
    assert "Closed circle" not in html
    assert "Hidden circle" not in html


def test_the_language_switcher_keeps_the_current_page(client):
    html = client.get("/en/accounts/login/?next=/en/").content.decode()
    assert 'href="/km/accounts/login/?next=/en/"' in html
    assert 'lang="km">ខ្មែរ</a>' in html


def test_the_page_has_a_skip_link_and_landmarks(client):
    html = client.get("/km/").content.decode()
    assert 'href="#main"' in html and 'id="main"' in html
    assert "<header" in html and "<nav" in html and "<main" in html and "<footer" in html


def test_the_khmer_font_is_served_by_the_portal(client):
    html = client.get("/km/").content.decode()
    assert "/static/fonts/noto-sans-khmer-khmer-400-normal.woff2" in html
    assert "googleapis" not in html and "cdn" not in html.lower()


def test_an_unknown_page_answers_404_in_khmer(client):
    page = client.get("/km/no-such-page/")
    assert page.status_code == 404
    assert "រកមិនឃើញទំព័រ" in page.content.decode()


def test_healthz_checks_the_database(client):
    page = client.get("/healthz")
    assert page.status_code == 200
    assert page.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_says_when_the_cache_does_not_answer(client, monkeypatch):
    monkeypatch.setattr("cop_portal.pages.views.cache.get", lambda *args, **kwargs: None)
    page = client.get("/healthz")
    assert page.status_code == 200  # the portal still answers without its cache
    assert page.json() == {"status": "degraded", "database": "ok", "cache": "down"}
    assert client.get("/healthz?require=cache").status_code == 503


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("cop_portal.pages.views.connection.cursor", broken_cursor)
    page = client.get("/healthz")
    assert page.status_code == 503
    assert page.json()["database"] == "unreachable"
