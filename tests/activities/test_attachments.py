import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import Attachment
from tests.factories import ActivityFactory, UserFactory
from tests.files import PNG, image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def activity(community, organization_a):
    return ActivityFactory(community=community, lead_organization=organization_a)


def attach(client, activity, name="រូបថត.png", content=PNG):
    return client.post(
        f"/km/activities/{activity.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content), "caption": "រូបថតវេទិកា"},
    )


def test_a_photo_is_attached_and_shown_only_to_those_who_see_the_activity(
    client, member_a, member_b, activity
):
    client.force_login(member_a)
    assert attach(client, activity).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png" and attachment.size == len(PNG)
    url = f"/km/activities/{activity.pk}/attachments/{attachment.pk}/"
    assert "រូបថតវេទិកា" in client.get(f"/km/activities/{activity.pk}/").content.decode()
    assert b"".join(client.get(url).streaming_content) == PNG
    client.force_login(member_b)
    assert client.get(url).status_code == 404


def test_an_attachment_whose_file_is_gone_answers_the_portals_404(
    client, member_a, activity, media
):
    """A row restored without its file (or a file removed by hand) is not a server error."""
    client.force_login(member_a)
    assert attach(client, activity).status_code == 302
    attachment = Attachment.objects.get()
    (media / attachment.file.name).unlink()
    page = client.get(f"/km/activities/{activity.pk}/attachments/{attachment.pk}/")
    assert page.status_code == 404
    assert "រកមិនឃើញទំព័រ" in page.content.decode()  # the portal's page, in Khmer


def test_a_file_pretending_to_be_a_photo_is_refused_with_a_message(client, member_a, activity):
    client.force_login(member_a)
    page = attach(client, activity, name="photo.png", content=b"#!/bin/sh\nrm -rf /")
    assert page.status_code == 200  # the activity's page, the form with its message
    assert not Attachment.objects.exists()
    html = page.content.decode()
    assert "ខ្លឹមសារនៃឯកសារនេះមិនត្រូវនឹងឈ្មោះរបស់វាទេ" in html
    assert 'value="រូបថតវេទិកា"' in html  # the caption as typed


def test_only_editors_attach_and_remove(client, member_a, community, activity):
    from tests.factories import OrganizationFactory, ParticipationFactory

    partner = OrganizationFactory()
    ParticipationFactory(community=community, organization=partner)
    colleague = UserFactory(organization=partner)
    client.force_login(colleague)
    assert attach(client, activity).status_code == 403
    client.force_login(member_a)
    attach(client, activity)
    attachment = Attachment.objects.get()
    client.force_login(colleague)
    remove = f"/km/activities/{activity.pk}/attachments/{attachment.pk}/remove/"
    assert client.post(remove, {"confirm": "1"}).status_code == 403
    client.force_login(member_a)
    assert client.post(remove, {"confirm": "1"}).status_code == 302
    assert not Attachment.objects.exists()


def test_a_text_named_as_a_photo_is_refused_in_khmer_and_the_form_stays_ready(
    client, member_a, activity
):
    """What the browser's shrinking did or did not do, the server reads the file itself."""
    client.force_login(member_a)
    page = attach(client, activity, name="រូបថតវេទិកា.jpg", content="សួស្តី".encode() * 200)
    assert page.status_code == 200
    assert not Attachment.objects.exists()
    html = page.content.decode()
    assert "ខ្លឹមសារនៃឯកសារនេះមិនត្រូវនឹងឈ្មោះរបស់វាទេ" in html
    # The form is the one upload.js sends in the background, with its words in Khmer.
    assert 'data-upload-photo="កំពុងផ្ញើរូបថត… {percent} %"' in html
    assert "data-shrink" in html and "js/upload.js" in html


def test_a_photo_over_the_limit_is_refused_with_its_size_and_the_limit(
    client, member_a, activity, settings
):
    """Larger than UPLOAD_MAX_BYTES but within the request cap (the form's margin): the
    form says how large it was and what is allowed."""
    settings.UPLOAD_MAX_BYTES = 100 * 1024
    client.force_login(member_a)
    photo = image(kind="JPEG") + b"\x00" * (150 * 1024)
    page = attach(client, activity, name="រូបថត.jpg", content=photo)
    assert page.status_code == 200
    assert not Attachment.objects.exists()
    html = page.content.decode()
    assert "ឯកសារនេះមានទំហំ ១៥០.៦\xa0KB។ ឯកសារអាចមានទំហំយ៉ាងច្រើន ១០០.០\xa0KB។" in html


def test_a_reader_gets_neither_the_form_nor_its_script(client, member_b, community, activity):
    from tests.factories import ParticipationFactory

    ParticipationFactory(community=community, organization=member_b.organization)
    client.force_login(member_b)
    html = client.get(f"/km/activities/{activity.pk}/").content.decode()
    assert "data-upload" not in html and "js/upload.js" not in html
