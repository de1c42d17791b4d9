"""Attaching a file with JavaScript on (static/js/upload.js), in Khmer on a phone: a file
the server refuses shows the page with its message as a plain form would, and a dropped
connection says so and keeps the file chosen for another try."""

import pytest

from activities.models import Attachment
from tests.e2e.conftest import activity_of

PERSON = "member.safe-place@example.org"


@pytest.fixture
def language():
    return "km"


@pytest.fixture
def activity(seeded, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return activity_of(PERSON)


def test_a_refused_file_shows_the_message_and_a_lost_connection_keeps_the_file(
    visitor, activity, tmp_path
):
    page = visitor.page
    visitor.sign_in(PERSON)
    visitor.goto(f"/activities/{activity.pk}/")
    fake = tmp_path / "រូបថត.jpg"
    fake.write_text("មិនមែនជារូបថតទេ", encoding="utf-8")
    page.set_input_files("#id_file", fake)
    page.get_by_role("button", name="ភ្ជាប់").click()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert "ខ្លឹមសារនៃឯកសារនេះមិនត្រូវនឹងឈ្មោះរបស់វាទេ" in summary.inner_text()
    assert page.title().startswith("កំហុស៖")
    visitor.check()
    assert not Attachment.objects.exists()

    # The connection drops while the file is on its way.
    photo = tmp_path / "photo.png"
    from tests.files import image

    photo.write_bytes(image(800, 600))
    page.route("**/attachments/", lambda route: route.abort("internetdisconnected"))
    page.set_input_files("#id_file", photo)
    page.get_by_role("button", name="ភ្ជាប់").click()
    alert = page.locator("[data-upload-failed-message]")
    alert.wait_for()
    assert "ការតភ្ជាប់បានដាច់" in alert.inner_text()
    assert page.evaluate("document.querySelector('#id_file').files[0].name") == "photo.png"
    visitor.check()

    # Back online: the same file goes with a second tap, at once.
    page.unroute("**/attachments/")
    page.get_by_role("button", name="ភ្ជាប់").click()
    page.get_by_role("link", name="photo.png").wait_for()
    visitor.check()
    assert Attachment.objects.get().file_name == "photo.png"
