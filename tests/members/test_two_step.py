"""Two-step sign-in: required for admins and facilitators, optional for everyone else."""

import base64
import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from tests.factories import PASSWORD, TOTP_SECRET, UserFactory, totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

LOGIN = "/km/accounts/login/"
SECOND_STEP = "/km/accounts/2fa/authenticate/"
SET_UP = "/km/accounts/2fa/totp/activate/"


def person(email, **kwargs):
    user = UserFactory(email=email, **kwargs)
    user.emailaddress_set.create(email=email, verified=True, primary=True)
    return user


def sign_in_with_password(client, email, *, next_url=None):
    data = {"login": email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def test_a_facilitator_signs_in_with_the_password_then_a_code(client):
    person("facilitator@example.org", is_facilitator=True)
    page = sign_in_with_password(client, "facilitator@example.org")
    assert page.status_code == 302 and page.url == SECOND_STEP
    assert "_auth_user_id" not in client.session  # the password alone lets nobody in
    html = client.get(SECOND_STEP).content.decode()
    assert "<h1>ការផ្ទៀងផ្ទាត់ពីរជំហាន</h1>" in html
    page = client.post(SECOND_STEP, {"code": "000000" if totp_code() != "000000" else "111111"})
    assert page.status_code == 200
    assert "លេខកូដមិនត្រឹមត្រូវ" in page.content.decode()  # "Incorrect code."
    assert "_auth_user_id" not in client.session
    page = client.post(SECOND_STEP, {"code": totp_code()})
    assert page.status_code == 302 and page.url == "/km/dashboard/"
    assert client.get("/km/dashboard/").status_code == 200


def test_a_wrong_code_is_refused_in_english_on_the_english_page(client):
    person("facilitator@example.org", is_facilitator=True, preferred_language="en")
    client.post("/en/accounts/login/", {"login": "facilitator@example.org", "password": PASSWORD})
    page = client.post("/en/accounts/2fa/authenticate/", {"code": "12345x"})
    assert "Incorrect code." in page.content.decode()


def test_a_code_once_used_cannot_be_used_again(client):
    person("facilitator@example.org", is_facilitator=True)
    sign_in_with_password(client, "facilitator@example.org")
    code = totp_code()
    assert client.post(SECOND_STEP, {"code": code}).status_code == 302
    client.logout()
    sign_in_with_password(client, "facilitator@example.org")
    page = client.post(SECOND_STEP, {"code": code})
    assert page.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_code_that_set_up_the_authenticator_cannot_sign_in_again(
    client, django_capture_on_commit_callbacks
):
    person("new.facilitator@example.org", is_facilitator=True, second_factor=False)
    sign_in_with_password(client, "new.facilitator@example.org")
    html = client.get(SET_UP).content.decode()
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', html).group(1)
    code = totp_code(secret)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(SET_UP, {"code": code}).status_code == 302
    client.logout()
    sign_in_with_password(client, "new.facilitator@example.org")
    page = client.post(SECOND_STEP, {"code": code})  # seen over a shoulder, typed again
    assert page.status_code == 200
    assert "_auth_user_id" not in client.session


def test_five_wrong_codes_stop_the_second_step_even_with_the_right_code(client):
    person("facilitator@example.org", is_facilitator=True)
    sign_in_with_password(client, "facilitator@example.org")
    right = totp_code()
    wrong = "000000" if right != "000000" else "111111"
    for _attempt in range(5):
        client.post(SECOND_STEP, {"code": wrong})
    page = client.post(SECOND_STEP, {"code": right})
    assert "អ្នកបានព្យាយាមចូលខុសច្រើនដងពេក" in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_stands_in_for_a_lost_phone_once(client):
    facilitator = person("facilitator@example.org", is_facilitator=True)
    code = RecoveryCodes.activate(facilitator).get_unused_codes()[0]
    sign_in_with_password(client, facilitator.email)
    assert client.post(SECOND_STEP, {"code": code}).url == "/km/dashboard/"
    client.logout()
    sign_in_with_password(client, facilitator.email)
    assert client.post(SECOND_STEP, {"code": code}).status_code == 200
    assert "_auth_user_id" not in client.session


# A real commit: allauth says "activated" once the transaction has committed.
@pytest.mark.django_db(transaction=True)
def test_a_facilitator_without_a_second_factor_sets_it_up_before_anything_else(client):
    person("new.facilitator@example.org", is_facilitator=True, second_factor=False)
    page = sign_in_with_password(client, "new.facilitator@example.org")
    assert page.url == "/km/dashboard/"
    for address in ("/km/dashboard/", "/km/communities/", "/km/reports/", "/km/search/?q=a"):
        page = client.get(address)
        assert (page.status_code, page.url) == (302, SET_UP), address
    page = client.get("/en/dashboard/")
    assert page.url == "/en/accounts/2fa/totp/activate/"

    page = client.get(SET_UP)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>រៀបចំការផ្ទៀងផ្ទាត់ពីរជំហាន</h1>" in html
    # The QR code, as an SVG in a data: address (the Content-Security-Policy allows it)...
    qr = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert base64.b64decode(qr.group(1)).decode().lstrip().startswith("<?xml")
    assert "data:" in page.headers["Content-Security-Policy"].split("img-src")[1].split(";")[0]
    # ...and the key to type, kept in Latin letters and digits on the Khmer page.
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', html).group(1)

    wrong = client.post(SET_UP, {"code": "000000" if totp_code(secret) != "000000" else "1"})
    assert "លេខកូដមិនត្រឹមត្រូវ" in wrong.content.decode()
    page = client.post(SET_UP, {"code": totp_code(secret)})
    assert (page.status_code, page.url) == (302, "/km/accounts/2fa/recovery-codes/")
    codes = client.get(page.url).content.decode()
    assert "កម្មវិធីផ្ទៀងផ្ទាត់ត្រូវបានបើកដំណើរការ" in codes  # "Authenticator app activated."
    assert len(re.findall(r"<li><code>\d{8}</code></li>", codes)) == 10
    assert client.get("/km/dashboard/").status_code == 200


def test_what_a_person_without_a_second_factor_may_still_open(client):
    admin = person("boss@example.org", is_staff=True, is_superuser=True, second_factor=False)
    sign_in_with_password(client, admin.email)
    page = client.get("/admin/")
    assert (page.status_code, page.url) == (302, SET_UP)
    assert client.get("/en/accounts/2fa/totp/activate/").status_code == 200  # the other language
    assert client.get("/healthz").status_code == 200
    assert client.get("/km/no-such-page/").status_code == 404
    assert client.get("/km/accounts/logout/").status_code == 200
    page = client.post("/km/accounts/logout/")
    assert page.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_member_may_go_without_and_finds_how_to_set_it_up_in_my_account(client):
    member = person("member@example.org")
    sign_in_with_password(client, member.email)
    assert client.get("/km/dashboard/").status_code == 200
    html = client.get("/km/accounts/preferences/").content.decode()
    assert f'href="{SET_UP}"' in html
    assert "ការផ្ទៀងផ្ទាត់ពីរជំហានត្រូវបានបិទ" in html  # "Two-step sign-in is off"


def test_a_member_turns_two_step_sign_in_on_and_off(client):
    member = person("member@example.org")
    sign_in_with_password(client, member.email)
    page = client.get(SET_UP)
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page.content.decode())[1]
    client.post(SET_UP, {"code": totp_code(secret)})
    html = client.get("/km/accounts/preferences/").content.decode()
    assert 'href="/km/accounts/2fa/"' in html
    page = client.post("/km/accounts/2fa/totp/deactivate/")
    assert page.status_code == 302
    assert not Authenticator.objects.filter(user=member).exists()


def test_admins_and_facilitators_cannot_turn_it_off_themselves(client):
    facilitator = person("facilitator@example.org", is_facilitator=True)
    sign_in_with_password(client, facilitator.email)
    client.post(SECOND_STEP, {"code": totp_code()})
    page = client.get("/km/accounts/2fa/totp/deactivate/")
    assert "អ្នកមិនអាចបិទការផ្ទៀងផ្ទាត់ពីរជំហានបានទេ" in page.content.decode()
    page = client.post("/km/accounts/2fa/totp/deactivate/")
    assert page.status_code == 200
    assert Authenticator.objects.filter(user=facilitator, type="totp").exists()


def test_the_admin_signs_in_to_the_admin_with_the_password_and_a_code(client):
    admin = person("boss@example.org", is_staff=True, is_superuser=True)
    page = client.get("/admin/", follow=True)
    assert page.redirect_chain[-1][0] == "/km/accounts/login/?next=%2Fadmin%2F"
    page = sign_in_with_password(client, admin.email, next_url="/admin/")
    assert page.url == SECOND_STEP
    page = client.post(SECOND_STEP, {"code": totp_code()})
    assert page.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_an_admin_removes_a_lost_authenticator_and_the_person_sets_up_a_new_one(client):
    facilitator = person("facilitator@example.org", is_facilitator=True)
    RecoveryCodes.activate(facilitator)
    admin = UserFactory(email="boss@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = client.get("/admin/mfa/authenticator/").content.decode()
    assert facilitator.email in listing
    assert TOTP_SECRET not in listing
    page = client.post(
        "/admin/members/user/",
        {"action": "remove_second_factor", "_selected_action": [facilitator.pk]},
    )
    assert page.status_code == 302
    assert not Authenticator.objects.filter(user=facilitator).exists()
    client.logout()
    page = sign_in_with_password(client, facilitator.email)
    assert page.url == "/km/dashboard/"  # the password is enough to reach the set-up page
    assert client.get("/km/dashboard/").url == SET_UP


def test_a_new_code_is_accepted_while_the_phone_shows_the_next_one(client):
    """One period of tolerance either side: a phone's clock a little ahead still works."""
    person("facilitator@example.org", is_facilitator=True)
    sign_in_with_password(client, "facilitator@example.org")
    page = client.post(SECOND_STEP, {"code": totp_code(at=time.time() + 30)})
    assert page.status_code == 302
