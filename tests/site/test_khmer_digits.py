import pytest

from cop_portal.core.middleware import khmer_digits
from tests.factories import ObjectiveFactory

pytestmark = pytest.mark.django_db


def test_only_the_text_a_person_reads_changes():
    html = (
        '<p class="x1">Page 2 of 10</p><a href="/km/activities/12/">12</a>'
        '<textarea name="t">Room 101</textarea><input value="20">'
    )
    assert khmer_digits(html) == (
        '<p class="x1">Page ២ of ១០</p><a href="/km/activities/12/">១២</a>'
        '<textarea name="t">Room 101</textarea><input value="20">'
    )


def test_khmer_pages_show_khmer_digits_and_english_pages_latin(client, member_a, community):
    ObjectiveFactory(community=community, progress=40)
    client.force_login(member_a)
    khmer = client.get(f"/km/communities/{community.slug}/").content.decode()
    english = client.get(f"/en/communities/{community.slug}/").content.decode()
    assert "៤០%" in khmer and 'value="40"' in khmer
    assert "40%" in english and "៤០" not in english


def test_a_person_can_choose_latin_digits_on_khmer_pages(client, member_a, community):
    ObjectiveFactory(community=community, progress=40)
    client.force_login(member_a)
    page = client.post(
        "/km/accounts/preferences/",
        {"full_name": member_a.full_name, "phone": "", "preferred_language": "km"},
    )
    assert page.status_code == 302
    member_a.refresh_from_db()
    assert member_a.khmer_digits is False
    assert "40%" in client.get(f"/km/communities/{community.slug}/").content.decode()


def test_exports_keep_latin_digits(client, member_a, community, organization_a):
    from tests.factories import ActivityFactory

    ActivityFactory(community=community, lead_organization=organization_a)
    client.force_login(member_a)
    body = b"".join(client.get("/km/activities/export.csv").streaming_content).decode()
    assert "2026-03-08" in body and "២" not in body


def test_changing_the_language_in_my_account(client, member_a):
    client.force_login(member_a)
    page = client.post(
        "/km/accounts/preferences/",
        {
            "full_name": "ឈ្មោះថ្មី",
            "phone": "012 345 678",
            "preferred_language": "en",
            "khmer_digits": "on",
        },
    )
    assert page.url == "/en/accounts/preferences/"
    member_a.refresh_from_db()
    assert (member_a.full_name, member_a.preferred_language) == ("ឈ្មោះថ្មី", "en")
