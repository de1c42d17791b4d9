"""Named personas, built once per test that asks for them."""

import socket

import pytest

from tests.factories import CommunityFactory, OrganizationFactory, ParticipationFactory, UserFactory


@pytest.fixture
def organization_a(db):
    return OrganizationFactory(slug="organisation-a")


@pytest.fixture
def organization_b(db):
    return OrganizationFactory(slug="organisation-b")


@pytest.fixture
def community(organization_a):
    community = CommunityFactory()
    ParticipationFactory(community=community, organization=organization_a)
    return community


@pytest.fixture
def admin(db):
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def facilitator(community):
    user = UserFactory(email="facilitator@example.org", is_facilitator=True)
    community.facilitators.add(user)
    return user


@pytest.fixture
def focal_point_a(organization_a):
    return UserFactory(organization=organization_a, is_focal_point=True)


@pytest.fixture
def member_a(organization_a):
    return UserFactory(organization=organization_a)


@pytest.fixture
def member_b(organization_b):
    return UserFactory(organization=organization_b)


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
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 1
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield
    listener.close()
