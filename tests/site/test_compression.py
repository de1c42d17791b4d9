"""Pages, exports, the iCal feed and JSON travel gzip-compressed to a browser that says it
reads gzip (every browser does), as they arrive on a slow phone connection; a client that
does not say so gets them as they are; photos and spreadsheets, compressed already, are
sent untouched."""

import datetime
import gzip
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from activities.models import Attachment
from tests.factories import ActivityFactory, OrganizationFactory
from tests.files import image

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
# A list of 20 activities is well under a third of its size once compressed.
RATIO = 0.35


@pytest.fixture
def activities(community, organization_a):
    """A page of the person's activities, each its own title and date."""
    start = timezone.localdate() + datetime.timedelta(days=1)
    return [
        ActivityFactory(
            community=community,
            lead_organization=organization_a,
            title_km=f"វេទិកាសហគមន៍ស្តីពីសិទ្ធិស្ត្រី លើកទី {n}",
            title_en=f"Community forum on women's rights, number {n}",
            start_date=start + datetime.timedelta(days=n),
            status="planned",
        )
        for n in range(20)
    ]


def both(client, path, **params):
    """The answer to a browser that reads gzip, and to a client that does not."""
    return client.get(path, params, **GZIP), client.get(path, params)


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def without_tokens(page: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", page)


def assert_compressed_and_same(compressed, plain):
    """`compressed` came gzip-compressed, well under its size, and opens to `plain`."""
    assert compressed.status_code == plain.status_code == 200
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert not plain.has_header("Content-Encoding")
    packed, raw = body(compressed), body(plain)
    assert len(packed) < RATIO * len(raw), f"{len(packed)} bytes of {len(raw)}"
    return gzip.decompress(packed), raw


def test_the_activity_list_comes_compressed_and_opens_to_the_same_page(
    client, member_a, activities
):
    client.force_login(member_a)
    compressed, plain = both(client, "/km/activities/")
    opened, raw = assert_compressed_and_same(compressed, plain)
    assert compressed["Content-Length"] == str(len(compressed.content))
    # The same page but for the CSRF tokens, masked anew in every answer.
    assert without_tokens(opened) == without_tokens(raw)
    assert "វេទិកាសហគមន៍ស្តីពីសិទ្ធិស្ត្រី លើកទី 19" in opened.decode()


def test_the_csv_export_is_streamed_compressed_row_after_row(client, member_a, activities):
    client.force_login(member_a)
    compressed, plain = both(client, "/km/activities/export.csv")
    assert compressed.streaming and not compressed.has_header("Content-Length")
    assert compressed["Content-Disposition"] == 'attachment; filename="activities.csv"'
    opened, raw = assert_compressed_and_same(compressed, plain)
    assert opened == raw
    text = opened.decode("utf-8")
    assert text.startswith("\ufeff") and text.count("\n") == 21  # the header and 20 rows
    assert "វេទិកាសហគមន៍ស្តីពីសិទ្ធិស្ត្រី លើកទី 19" in text


def test_the_ical_feed_comes_compressed(client, member_a, activities):
    client.force_login(member_a)
    client.post("/km/activities/calendar/link/", {"action": "renew"})
    member_a.refresh_from_db()
    client.logout()
    compressed, plain = both(client, "/km/activities/calendar.ics", token=member_a.calendar_token)
    assert compressed["Content-Type"].startswith("text/calendar")
    opened, raw = assert_compressed_and_same(compressed, plain)
    assert opened == raw and raw.count(b"BEGIN:VEVENT") == 20


def test_json_comes_compressed(client, admin):
    """The admin's organisation search (JSON, as its picker asks for it)."""
    for n in range(30):
        OrganizationFactory(name_km=f"អង្គការសង្គមស៊ីវិល {n}", name_en=f"Civil society group {n}")
    client.force_login(admin)
    compressed, plain = both(
        client,
        "/admin/autocomplete/",
        app_label="members",
        model_name="user",
        field_name="organization",
    )
    assert compressed["Content-Type"] == "application/json"
    opened, raw = assert_compressed_and_same(compressed, plain)
    assert opened == raw and len(json.loads(opened)["results"]) >= 20


def test_the_health_check_is_too_short_to_be_worth_compressing(client):
    response = client.get("/healthz", **GZIP)
    assert response.status_code == 200 and not response.has_header("Content-Encoding")
    assert response.json()["status"] == "ok"


def test_a_photo_is_sent_as_it_was_uploaded(client, settings, tmp_path, member_a, community):
    """Compressed already: no second compression, and its length is known to the browser
    (a download shows how far it has come)."""
    settings.MEDIA_ROOT = tmp_path
    activity = ActivityFactory(community=community, lead_organization=member_a.organization)
    photo = image(400, 300, kind="JPEG")
    client.force_login(member_a)
    attachment_url = f"/km/activities/{activity.pk}/attachments/"
    client.post(attachment_url, {"file": SimpleUploadedFile("រូបថត.jpg", photo), "caption": "វេទិកា"})
    attachment = Attachment.objects.get()
    response = client.get(f"{attachment_url}{attachment.pk}/", **GZIP)
    assert not response.has_header("Content-Encoding")
    assert response["Content-Length"] == str(len(photo))
    assert body(response) == photo
