import pytest

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy(client):
    page = client.get("/km/")
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_pages_cannot_be_framed_and_keep_the_referrer_to_the_portal(client):
    page = client.get("/km/")
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert page.headers["X-Content-Type-Options"] == "nosniff"


def test_no_page_uses_inline_script_or_style(client):
    html = client.get("/km/").content.decode()
    assert "<script>" not in html and "style=" not in html and "<style" not in html


@pytest.mark.parametrize(
    "address",
    [
        "/km/communities/a%00b/",
        "/km/search/?q=%E1%9E%80%00",
        "/km/activities/calendar.ics?token=a%00",
        "/km/activities/new/?community=%00",
    ],
)
def test_an_address_with_a_nul_character_is_a_translated_404_not_a_server_error(
    client, member_a, address
):
    """PostgreSQL refuses NUL in text: such an address would have been a 500."""
    client.force_login(member_a)
    page = client.get(address)
    assert page.status_code == 404
    assert "រកមិនឃើញទំព័រ" in page.content.decode()  # "Page not found"


def test_a_form_from_an_expired_page_is_refused_in_khmer_with_how_to_keep_the_text(member_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member_a)
    page = client.post("/km/activities/new/", {"title_km": "វេទិកា"})  # no CSRF token
    assert page.status_code == 403
    html = page.content.decode()
    assert "មិនអាចផ្ញើទម្រង់នេះបានទេ" in html  # "This form could not be sent"
    assert "ចម្លងអត្ថបទវែងៗ" in html  # "copy anything long"
    assert 'href="/en/' in html  # the page is a full one: the language switcher is there
