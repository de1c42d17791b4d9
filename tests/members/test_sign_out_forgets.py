"""What the server does so that a shared phone keeps nothing of a person after sign-out:
the drafts' script is on every page, knows whose page it is by an opaque id, and the
sign-out's answer tells the browser to clear the site's storage. The browser side is in
tests/e2e/test_drafts.py."""

import re

import pytest

pytestmark = pytest.mark.django_db

OWNER = re.compile(r'<body[^>]* data-draft-owner="([^"]+)"')


def owner_on(client, address="/km/dashboard/"):
    match = OWNER.search(client.get(address).content.decode())
    return match.group(1) if match else None


def test_signing_out_tells_the_browser_to_clear_the_sites_storage(client, member_a):
    client.force_login(member_a)
    page = client.post("/km/accounts/logout/")
    assert page.status_code == 302
    assert page.headers["Clear-Site-Data"] == '"storage"'
    assert "_auth_user_id" not in client.session


def test_reports_kept_by_choice_stay_but_the_browsers_cache_goes(client, member_a):
    """The person chose to keep the reports waiting on the phone (static/js/portal.js):
    the storage stays for them, the session ends all the same."""
    client.force_login(member_a)
    page = client.post("/km/accounts/logout/", {"keep_waiting": "1"})
    assert page.status_code == 302
    assert page.headers["Clear-Site-Data"] == '"cache"'
    assert "_auth_user_id" not in client.session


def test_other_answers_clear_nothing(client, member_a):
    assert "Clear-Site-Data" not in client.post("/km/accounts/logout/").headers  # nobody in
    client.force_login(member_a)
    assert "Clear-Site-Data" not in client.get("/km/dashboard/").headers
    page = client.post("/km/accounts/preferences/", {"full_name": "សុខា"})
    assert "Clear-Site-Data" not in page.headers


def test_each_person_has_an_opaque_id_for_their_drafts(client, member_a, member_b):
    client.force_login(member_a)
    first = owner_on(client)
    assert first and first == owner_on(client, "/en/activities/")
    assert member_a.email not in first and first != str(member_a.pk)
    client.force_login(member_b)
    assert owner_on(client) not in (None, first)
    client.logout()
    assert owner_on(client, "/km/") is None


def test_every_page_carries_the_drafts_script_and_marks_its_sign_out_forms(client, member_a):
    client.force_login(member_a)
    for address in ("/km/dashboard/", "/km/accounts/logout/", "/en/activities/new/"):
        html = client.get(address).content.decode()
        assert re.search(r'<script src="[^"]*js/draft[.\w]*js" defer>', html), address
        for form in re.findall(r'<form[^>]*action="/\w\w/accounts/logout/"[^>]*>', html):
            assert "data-signs-out" in form, address
    logout = client.get("/km/accounts/logout/").content.decode()
    assert len(re.findall(r"<form[^>]*data-signs-out", logout)) == 2  # header and page
