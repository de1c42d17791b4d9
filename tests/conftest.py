"""Named personas, built once per test that asks for them, from `tests/personas.py` (the
permission matrix builds its world from the same module)."""

import socket

import pytest
from django.core.cache import cache

from tests import personas
from tests.fake_telegram import fake_telegram  # noqa: F401 (the fake Bot API, a fixture)


@pytest.fixture(autouse=True)
def mail_through_the_queue(settings):
    """As in production, every e-mail is kept as a delivery and sent by the job, which the
    tests run as soon as the transaction commits; it lands in Django's test outbox."""
    settings.EMAIL_BACKEND = "cop_portal.core.mail.QueuedEmailBackend"
    settings.MAIL_TRANSPORT = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def organization_a(db):
    return personas.organization("organisation-a")


@pytest.fixture
def organization_b(db):
    return personas.organization("organisation-b")


@pytest.fixture
def community(organization_a):
    """A members-only community in which organisation A takes part."""
    return personas.community_of(organization_a)


@pytest.fixture
def admin(db):
    return personas.admin()


@pytest.fixture
def facilitator(community):
    return personas.facilitator_of(community, email="facilitator@example.org")


@pytest.fixture
def focal_point_a(organization_a):
    return personas.focal_point(organization_a)


@pytest.fixture
def member_a(organization_a):
    return personas.member(organization_a)


@pytest.fixture
def member_b(organization_b):
    return personas.member(organization_b)


@pytest.fixture
def focal_point_b(organization_b):
    return personas.focal_point(organization_b)


@pytest.fixture
def guest(community, facilitator):
    """A person of no organisation, a guest of `community` only."""
    return personas.guest_of(community, invited_by=facilitator)


@pytest.fixture
def fresh_rate_limits():
    """Sign-in limits start from nothing, and leave nothing for the next test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Hashing is slow on purpose; tests create many people. Production keeps PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(params=["refuses", "silent"])
def mail_server_down(request, settings):
    """The portal's SMTP server refuses connections (nothing listens on its port), or
    accepts them and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    if request.param == "silent":
        listener.listen()  # connections complete in the backlog; no greeting ever comes
    else:
        listener.close()
    settings.MAIL_TRANSPORT = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 1
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield
    listener.close()


@pytest.fixture(autouse=True)
def fresh_counts():
    """The navigation's counts (kept a minute) start from nothing in every test."""
    from django.core.cache import caches

    caches["counts"].clear()
    yield
    caches["counts"].clear()
