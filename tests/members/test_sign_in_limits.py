"""Sign-in limits that stop attackers and not offices, through the real sign-in page.

Behind the TLS proxy everyone arrives from the proxy's address: with PROXY_COUNT=1 the
client's own address (the proxy's X-Forwarded-For) is the one counted."""

import pytest
from axes.models import AccessAttempt, AccessLog
from django.db import connection

from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

LOGIN = "/km/accounts/login/"
OFFICE = "10.0.0.1"
ELSEWHERE = "10.0.0.2"
PROXY = "127.0.0.1"


@pytest.fixture
def behind_the_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def person(email):
    user = UserFactory(email=email)
    user.emailaddress_set.create(email=email, verified=True, primary=True)
    return user


def sign_in(client, email, password, *, address, language="km"):
    """A sign-in through the proxy: the connection is the proxy's, the client's address is
    in X-Forwarded-For (whatever the client itself put there comes first)."""
    client.logout()
    return client.post(
        f"/{language}/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        headers={"x-forwarded-for": f"6.6.6.6, {address}"},
    )


def test_wrong_passwords_from_one_address_never_lock_the_person_out_from_another(
    client, behind_the_proxy
):
    person("sokha@example.org")
    for _attempt in range(5):
        assert sign_in(client, "sokha@example.org", "wrong", address=OFFICE).status_code == 200
    # From that address, the right password is refused too, and the page says why in Khmer.
    page = sign_in(client, "sokha@example.org", PASSWORD, address=OFFICE)
    assert page.status_code == 429
    assert "អ្នកបានព្យាយាមចូលខុសច្រើនដងពេក" in page.content.decode()
    assert "_auth_user_id" not in client.session
    # Whoever typed them cannot keep Sokha out: from her own address she signs in.
    assert sign_in(client, "sokha@example.org", PASSWORD, address=ELSEWHERE).status_code == 302


def test_an_office_of_people_mistyping_behind_one_address_is_not_locked_out(
    client, behind_the_proxy
):
    colleagues = [person(f"colleague{n}@example.org") for n in range(10)]
    for colleague in colleagues:
        for _typo in range(2):
            page = sign_in(client, colleague.email, "wrong", address=OFFICE)
            assert page.status_code == 200, colleague.email
        page = sign_in(client, colleague.email, PASSWORD, address=OFFICE)
        assert page.status_code == 302, colleague.email
    latecomer = person("latecomer@example.org")
    assert sign_in(client, latecomer.email, PASSWORD, address=OFFICE).status_code == 302


def test_one_address_trying_many_accounts_is_refused_after_thirty_failures(
    client, behind_the_proxy
):
    sokha = person("sokha@example.org")
    for n in range(30):
        page = sign_in(client, f"guess{n}@example.org", "Password1", address=OFFICE)
        assert page.status_code == 200, n
    # The 31st attempt from that address is refused, whichever account and password.
    page = sign_in(client, sokha.email, PASSWORD, address=OFFICE)
    assert page.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "ពីបណ្តាញរបស់អ្នក" in page.content.decode()  # "from your network", in Khmer
    page = sign_in(client, sokha.email, PASSWORD, address=OFFICE, language="en")
    assert page.status_code == 429
    assert "from your network" in page.content.decode()
    # Another address is not concerned.
    assert sign_in(client, sokha.email, PASSWORD, address=ELSEWHERE).status_code == 302


def test_successful_sign_ins_do_not_count_towards_the_address_limit(client, behind_the_proxy):
    sokha = person("sokha@example.org")
    for _visit in range(20):
        assert sign_in(client, sokha.email, PASSWORD, address=OFFICE).status_code == 302
    for n in range(29):
        sign_in(client, f"guess{n}@example.org", "Password1", address=OFFICE)
    assert sign_in(client, sokha.email, PASSWORD, address=OFFICE).status_code == 302


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client):
    """PROXY_COUNT=0 (no proxy in front): a client cannot pick its address by sending
    X-Forwarded-For, so changing it does not reset the count."""
    person("sokha@example.org")
    for n in range(5):
        sign_in(client, "sokha@example.org", "wrong", address=f"10.0.1.{n}")
    assert sign_in(client, "sokha@example.org", PASSWORD, address=ELSEWHERE).status_code == 429


def test_the_counts_are_kept_in_the_cache_every_server_process_shares(client, settings):
    assert settings.CACHES["default"]["BACKEND"] in (
        "django.core.cache.backends.db.DatabaseCache",
        "django_redis.cache.RedisCache",
    )
    person("sokha@example.org")
    sign_in(client, "sokha@example.org", "wrong", address=OFFICE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM cop_portal_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("login_failed_address" in key for key in keys), keys
    assert any(":login_failed:" in key for key in keys), keys


def test_the_admin_signs_in_on_the_portals_page_in_their_language(client):
    page = client.get("/admin/login/?next=/admin/", headers={"accept-language": "en"})
    assert page.status_code == 302
    assert page.url == "/en/accounts/login/?next=%2Fadmin%2F"
    page = client.get("/admin/login/?next=/admin/")
    assert page.url.startswith("/km/accounts/login/")
    # Its own form signs nobody in, whatever it is sent.
    admin = person("boss@example.org")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    page = client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})
    assert page.status_code == 302
    assert "_auth_user_id" not in client.session


def test_axes_keeps_the_record_of_sign_ins_and_failures_with_the_clients_address(
    client, behind_the_proxy
):
    sokha = person("sokha@example.org")
    sign_in(client, sokha.email, "wrong", address=OFFICE)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (
        sokha.email,
        OFFICE,
        1,
    )
    sign_in(client, sokha.email, PASSWORD, address=ELSEWHERE)
    assert AccessLog.objects.filter(username=sokha.email, ip_address=ELSEWHERE).exists()
