"""An upload that claims to be an image (by its name or the content type sent with it) is
decoded once by the server, with Pillow, within 40 million pixels, and must be the format
its name says: a decompression bomb, a non-image renamed .png, a damaged image are
refused on the same form, with a message in the person's language."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import Attachment
from communities.models import Resource
from tests.factories import ActivityFactory
from tests.files import PDF, PNG, image

pytestmark = pytest.mark.django_db

TOO_MANY_PIXELS = "រូបភាពនេះមានភីកសែលច្រើនពេក៖ យ៉ាងច្រើន ៤០ លាន"
NOT_WHAT_IT_SAYS = "ខ្លឹមសារនៃឯកសារនេះមិនត្រូវនឹងឈ្មោះរបស់វាទេ"
DAMAGED = "រូបភាពនេះខូច ឬមិនពេញលេញ"
CAPTION = "រូបថតវេទិកាស្ត្រីខេត្តបាត់ដំបង"
TITLE = "ផែនទីចំណេះដឹងរបស់សហគមន៍"


@pytest.fixture(scope="module")
def bomb():
    """20000 × 20000 pixels (400 million) in about 50 KB: a browser showing it would need
    1.6 GB."""
    return image(20000, 20000, mode="1")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def activity(community, organization_a):
    return ActivityFactory(community=community, lead_organization=organization_a)


def attach(client, activity, name, content, content_type="image/png"):
    return client.post(
        f"/km/activities/{activity.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content, content_type), "caption": CAPTION},
    )


def share(client, community, name, content, content_type="image/png"):
    return client.post(
        f"/km/communities/{community.slug}/resources/",
        {
            "title": TITLE,
            "language": "km",
            "url": "",
            "file": SimpleUploadedFile(name, content, content_type),
        },
    )


def refused(page, message, typed, media):
    html = page.content.decode()
    return (
        page.status_code == 200
        and message in html
        and f'value="{typed}"' in html
        and not Attachment.objects.exists()
        and not Resource.objects.exists()
        and not [path for path in media.rglob("*") if path.is_file()]
    )


def test_a_decompression_bomb_is_refused_as_a_photo_and_as_a_resource(
    bomb, client, member_a, community, activity, media
):
    assert len(bomb) < 100_000  # tiny on disk
    client.force_login(member_a)
    assert refused(attach(client, activity, "រូបថត.png", bomb), TOO_MANY_PIXELS, CAPTION, media)
    assert refused(share(client, community, "ផែនទី.png", bomb), TOO_MANY_PIXELS, TITLE, media)


def test_an_image_just_over_the_limit_is_refused_and_one_at_the_limit_is_kept(
    client, member_a, activity, media
):
    # Over 40 million pixels and under Pillow's own error (80 million): its warning is
    # what refuses this one.
    client.force_login(member_a)
    over = image(8000, 5001, mode="1")
    assert refused(attach(client, activity, "រូបថត.png", over), TOO_MANY_PIXELS, CAPTION, media)
    at_the_limit = image(8000, 5000, mode="1")
    assert attach(client, activity, "រូបថត.png", at_the_limit).status_code == 302
    assert Attachment.objects.get().content_type == "image/png"


def test_the_message_is_in_english_on_english_pages(bomb, client, member_a, activity):
    client.force_login(member_a)
    page = client.post(
        f"/en/activities/{activity.pk}/attachments/",
        {"file": SimpleUploadedFile("photo.png", bomb, "image/png"), "caption": CAPTION},
    )
    assert "This image has too many pixels: at most 40 million." in page.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("រូបថត.png", b"#!/bin/sh\nrm -rf /\n"),  # a script renamed .png
        ("រូបថត.png", PDF),  # a document renamed .png
        ("រូបថត.jpg", PNG),  # a PNG named as a JPEG
        ("រូបថត.webp", image(kind="JPEG")),  # a JPEG named as a WebP
    ],
)
def test_a_file_that_is_not_the_image_its_name_says_is_refused(
    name, content, client, member_a, activity, media
):
    client.force_login(member_a)
    assert refused(attach(client, activity, name, content), NOT_WHAT_IT_SAYS, CAPTION, media)


def test_a_document_sent_as_an_image_is_refused(client, member_a, community, media):
    # The name says PDF, the content type the browser sent says image: it claims to be
    # an image, and Pillow finds none.
    client.force_login(member_a)
    page = share(client, community, "របាយការណ៍.pdf", PDF, content_type="image/png")
    assert refused(page, NOT_WHAT_IT_SAYS, TITLE, media)


def test_a_damaged_image_is_refused(client, member_a, activity, media):
    cut = PNG[: len(PNG) // 2] + PNG[-12:]  # its pixels cut, its end left: looks whole
    client.force_login(member_a)
    assert refused(attach(client, activity, "រូបថត.png", cut), DAMAGED, CAPTION, media)


@pytest.mark.parametrize(
    ("name", "kind", "content_type"),
    [
        ("រូបថត.png", "PNG", "image/png"),
        ("រូបថត.jpg", "JPEG", "image/jpeg"),
        ("រូបថត.webp", "WEBP", "image/webp"),
    ],
)
def test_real_photos_are_attached(name, kind, content_type, client, member_a, activity):
    client.force_login(member_a)
    photo = image(1200, 900, kind=kind)
    assert attach(client, activity, name, photo, content_type=content_type).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == content_type and attachment.size == len(photo)


def test_the_admin_checks_uploads_as_the_portal_does(bomb, client, admin, community, media):
    client.force_login(admin)
    data = {"community": community.pk, "title": TITLE, "language": "km", "url": ""}
    page = client.post(
        "/admin/communities/resource/add/",
        {**data, "file": SimpleUploadedFile("ផែនទី.png", bomb, "image/png")},
    )
    assert page.status_code == 200 and TOO_MANY_PIXELS in page.content.decode()
    assert not Resource.objects.exists()
    photo = image(kind="JPEG")
    page = client.post(
        "/admin/communities/resource/add/",
        {**data, "file": SimpleUploadedFile("ផែនទី.jpg", photo, "image/jpeg")},
    )
    assert page.status_code == 302
    resource = Resource.objects.get()
    assert resource.content_type == "image/jpeg" and resource.file_name == "ផែនទី.jpg"
