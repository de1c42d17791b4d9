import pytest
from django.core.cache import cache

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/km/accounts/login/"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(db):
    user = UserFactory(email="sokha@example.org")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return user


def test_the_sign_in_page_is_in_khmer_without_a_sign_up_link(client):
    html = client.get(LOGIN).content.decode()
    assert "<h1>ចូល</h1>" in html
    assert "signup" not in html


def test_a_person_signs_in_with_email_and_password(client, person):
    page = client.post(LOGIN, {"login": "sokha@example.org", "password": PASSWORD})
    assert page.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_a_wrong_password_keeps_the_typed_address_and_says_why_in_khmer(client, person):
    page = client.post(LOGIN, {"login": "sokha@example.org", "password": "wrong"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="sokha@example.org"' in html
    assert "ពាក្យសម្ងាត់" in html  # the message names the password, in Khmer


def test_the_sixth_attempt_within_five_minutes_is_refused_even_with_the_right_password(
    client, person
):
    for _attempt in range(5):
        page = client.post(LOGIN, {"login": "sokha@example.org", "password": "wrong"})
        assert page.status_code == 200
    page = client.post(LOGIN, {"login": "sokha@example.org", "password": PASSWORD})
    assert page.status_code == 429
    assert "_auth_user_id" not in client.session
    # The limit is per account: another person still signs in.
    other = UserFactory(email="dara@example.org")
    other.emailaddress_set.create(email=other.email, verified=True, primary=True)
    page = client.post(LOGIN, {"login": "dara@example.org", "password": PASSWORD})
    assert page.status_code == 302


def test_open_sign_up_is_closed(client):
    page = client.post(
        "/km/accounts/signup/",
        {"email": "stranger@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert page.status_code == 200
    from members.models import User

    assert not User.objects.filter(email="stranger@example.org").exists()


def test_a_deactivated_person_is_signed_out_on_their_next_request(client, person):
    client.force_login(person)
    person.is_active = False
    person.save()
    page = client.get("/km/")
    assert not page.wsgi_request.user.is_authenticated


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, person):
    known = client.post("/km/accounts/password/reset/", {"email": "sokha@example.org"})
    unknown = client.post("/km/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url


def test_a_reset_while_the_mail_server_is_down_is_kept_for_later(
    client, person, mail_server_down, django_capture_on_commit_callbacks
):
    """The page answers as for any reset; the e-mail waits for the mail server (the job
    queue's tests follow it until it leaves)."""
    from cop_portal.core.models import Delivery

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post("/km/accounts/password/reset/", {"email": "sokha@example.org"})
    assert page.status_code == 302
    [delivery] = Delivery.objects.all()
    assert delivery.recipient == "sokha@example.org"
    assert delivery.status == Delivery.Status.WAITING
    assert delivery.attempts == 1 and delivery.last_error


def test_a_forgotten_password_is_reset_through_the_emailed_link(
    client, person, django_capture_on_commit_callbacks
):
    import re

    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/km/accounts/password/reset/", {"email": "sokha@example.org"})
    [message] = mail.outbox
    link = re.search(r"http://testserver(/\S+)", message.body).group(1)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    new_password = "Tonle-Sap-lake-2026"
    page = client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link,
        {"password1": new_password, "password2": new_password},
    )
    assert page.status_code == 302
    person.refresh_from_db()
    assert person.check_password(new_password)


def test_a_signed_in_person_changes_their_password(client, person):
    client.force_login(person)
    new_password = "Angkor-wat-2026-km"
    page = client.post(
        "/km/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert page.status_code == 302
    person.refresh_from_db()
    assert person.check_password(new_password)


def test_signing_in_applies_the_persons_language(client, person):
    person.preferred_language = "en"
    person.save()
    page = client.post(LOGIN, {"login": "sokha@example.org", "password": PASSWORD})
    assert page.url == "/en/dashboard/"


def test_a_reset_for_an_address_without_an_account_sends_nothing(
    client, person, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post("/km/accounts/password/reset/", {"email": "stranger@example.net"})
    assert page.status_code == 302
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        ("km", "ជ្រើសរើសពាក្យសម្ងាត់ថ្មីសម្រាប់វិបផតថលសហគមន៍អនុវត្តន៍ Voice", "ពាក្យសម្ងាត់របស់អ្នកនៅដដែល"),
        ("en", "Choose a new password for the Voice CoP Portal", "your password stays as it is"),
    ],
)
def test_the_reset_email_is_in_the_persons_language_whatever_the_page(
    client, person, language, subject, sentence, django_capture_on_commit_callbacks
):
    from django.core import mail

    person.preferred_language = language
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password/reset/", {"email": "sokha@example.org"})
    [message] = mail.outbox
    assert message.subject == subject
    assert sentence in message.body
    assert "example.com" not in message.body and "Hello from" not in message.body
