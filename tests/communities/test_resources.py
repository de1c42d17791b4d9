import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from communities.models import Resource

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, community, name="របាយការណ៍.pdf", content=PDF, **extra):
    data = {"title": "របាយការណ៍ប្រចាំឆ្នាំ", "language": "km", "url": ""}
    data.update(extra)
    if name:
        data["file"] = SimpleUploadedFile(name, content)
    return client.post(f"/km/communities/{community.slug}/resources/", data)


def test_a_member_shares_a_pdf_that_only_insiders_can_download(
    client, member_a, member_b, community, media
):
    client.force_login(member_a)
    assert upload(client, community).status_code == 302
    resource = Resource.objects.get()
    # Stored under a random name; the original name is kept for the download.
    assert "របាយការណ៍" not in resource.file.name and resource.file.name.endswith(".pdf")
    assert resource.file_name == "របាយការណ៍.pdf"
    download = client.get(f"/km/resources/{resource.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    client.force_login(member_b)
    assert client.get(f"/km/resources/{resource.pk}/download/").status_code == 404
    client.logout()
    assert client.get(f"/km/resources/{resource.pk}/download/").status_code == 302


def test_a_resource_whose_file_is_gone_answers_the_portals_404(client, member_a, community, media):
    """A row restored without its file (or a file removed by hand) is not a server error."""
    client.force_login(member_a)
    assert upload(client, community).status_code == 302
    resource = Resource.objects.get()
    (media / resource.file.name).unlink()
    page = client.get(f"/km/resources/{resource.pk}/download/")
    assert page.status_code == 404
    assert "រកមិនឃើញទំព័រ" in page.content.decode()  # the portal's page, in Khmer


def test_a_file_whose_content_is_not_what_its_name_says_is_refused(client, member_a, community):
    client.force_login(member_a)
    page = upload(client, community, name="virus.pdf", content=b"MZ\x90\x00 not a pdf")
    assert page.status_code == 200
    assert page.context["form"].has_error("file")
    assert "របាយការណ៍ប្រចាំឆ្នាំ" in page.content.decode()  # what was typed is kept
    assert not Resource.objects.exists()


def test_a_file_type_that_is_not_allowed_is_refused(client, member_a, community):
    client.force_login(member_a)
    page = upload(client, community, name="tool.exe", content=b"MZ\x90\x00")
    assert page.context["form"].has_error("file")


def test_an_office_document_is_recognised_from_its_content(client, member_a, community):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    client.force_login(member_a)
    assert upload(client, community, name="plan.docx", content=buffer.getvalue()).status_code == 302


def test_a_file_over_the_limit_is_refused(client, settings, member_a, community):
    settings.UPLOAD_MAX_BYTES = 100
    client.force_login(member_a)
    page = upload(client, community, content=PDF + b"0" * 200)
    assert page.context["form"].has_error("file")


def test_a_link_is_enough(client, member_a, community):
    client.force_login(member_a)
    page = upload(client, community, name=None, url="https://example.org/guide")
    assert page.status_code == 302
    assert Resource.objects.get().url == "https://example.org/guide"


def test_only_facilitators_mark_good_practice(client, member_a, facilitator, community):
    client.force_login(member_a)
    upload(client, community, is_good_practice="on")
    assert not Resource.objects.get().is_good_practice
    client.force_login(facilitator)
    upload(client, community, title="ការអនុវត្តល្អ", is_good_practice="on")
    assert Resource.objects.filter(is_good_practice=True).count() == 1


def test_the_shared_library_is_for_everyone_signed_in_and_fed_by_facilitators(
    client, member_a, member_b, facilitator, community
):
    client.force_login(facilitator)
    page = client.post(
        "/km/resources/",
        {"title": "មគ្គុទ្ទេសក៍រួម", "language": "km", "url": "https://example.org/shared"},
    )
    assert page.status_code == 302
    client.force_login(member_a)
    upload(client, community, title="ឯកសារក្នុងសហគមន៍")
    client.force_login(member_b)
    html = client.get("/km/resources/").content.decode()
    assert "មគ្គុទ្ទេសក៍រួម" in html
    assert "ឯកសារក្នុងសហគមន៍" not in html  # A's private community's file
    assert client.post("/km/resources/", {"title": "x", "url": "https://x.org"}).status_code == 403
