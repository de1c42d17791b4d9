"""A body larger than the portal accepts is refused from its declared length, before
anything reads it: a 200 MB upload is not read whole to be refused at the end."""

import time
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from activities.models import Attachment
from cop_portal.core.middleware import FORM_FIELDS_MARGIN_BYTES
from tests.factories import ActivityFactory
from tests.files import PNG

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def activity(community, organization_a):
    return ActivityFactory(community=community, lead_organization=organization_a)


@pytest.fixture
def signed_in(member_a):
    # The CSRF check is on, as in a browser: the refusal comes before it reads the form.
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_a)
    return client


def post_declaring(client, url, length, **headers):
    """A POST that says its body is `length` bytes long and sends a few: the test client
    fails if anything tries to read more than was sent."""
    return client.generic(
        "POST",
        url,
        data=b"caption=x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(length),
        **headers,
    )


@pytest.mark.parametrize(
    ("language", "heading", "limit"),
    [
        ("km", "អ្វីដែលអ្នកបានផ្ញើមានទំហំធំពេក", "១០ MB"),
        ("en", "What you sent is too large", "10 MB"),
    ],
)
def test_a_200_mb_upload_is_refused_at_once_in_the_persons_language(
    signed_in, activity, language, heading, limit
):
    url = f"/{language}/activities/{activity.pk}/attachments/"
    with mock.patch("activities.views.get_activity_for_edit") as view_ran:
        started = time.monotonic()
        page = post_declaring(signed_in, url, 200 * MB)
        elapsed = time.monotonic() - started
    assert page.status_code == 413
    assert not view_ran.called
    assert elapsed < 2
    html = page.content.decode()
    assert f'<html lang="{language}">' in html
    assert html.count("<h1") == 1 and heading in html
    assert limit in html
    assert f'href="/{language}/"' in html  # a way back
    assert "Content-Security-Policy" in page.headers
    assert not Attachment.objects.exists()


def test_a_body_without_a_length_is_refused_too(signed_in, activity):
    """Chunked transfer encoding gives no length to check before reading: refused."""
    page = signed_in.generic(
        "POST",
        f"/km/activities/{activity.pk}/attachments/",
        data=b"",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert page.status_code == 413


def test_the_cap_follows_the_upload_limit_with_room_for_the_form(settings, signed_in, activity):
    settings.UPLOAD_MAX_BYTES = 1 * MB
    url = f"/en/activities/{activity.pk}/attachments/"
    over = post_declaring(signed_in, url, 1 * MB + FORM_FIELDS_MARGIN_BYTES + 1)
    assert over.status_code == 413
    assert "1 MB" in over.content.decode()


def test_a_photo_of_the_largest_allowed_size_is_still_attached(client, member_a, activity):
    client.force_login(member_a)
    photo = PNG + b"\x00" * (10 * MB - len(PNG))  # a real image, padded after its end
    page = client.post(
        f"/km/activities/{activity.pk}/attachments/",
        {"file": SimpleUploadedFile("រូបថត.png", photo), "caption": "រូបថតវេទិកា"},
    )
    assert page.status_code == 302
    assert Attachment.objects.get().size == 10 * MB
