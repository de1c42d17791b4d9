"""A report kept on a phone without a connection is sent later by the outbox
(static/js/outbox.js) to /activities/new/sent/, and answered as KoboToolbox answers a
submission: a new submission id logs the activity with its photos; the same id with the
same content leads to the activity logged before and logs nothing twice; the same id with
other content is 409, for the person to review; signed out, 403, and the report stays.
The form sent by hand takes its photos too."""

import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from activities.forms import MAX_PHOTOS
from activities.models import Activity, Attachment
from tests import personas
from tests.activities.test_activity_pages import NEW, data
from tests.factories import ActivityTypeFactory
from tests.files import image

pytestmark = pytest.mark.django_db

SENT = "/km/activities/new/sent/"


@pytest.fixture
def activity_type(db):
    return ActivityTypeFactory(code="visit")


@pytest.fixture
def report(community, organization_a, activity_type):
    """What the outbox sends: the form's fields, with the submission id of its showing."""
    return data(community, organization_a, activity_type, submission=str(uuid.uuid4()))


def photo(name="វេទិកា.jpg"):
    return SimpleUploadedFile(name, image(320, 240, kind="JPEG"), content_type="image/jpeg")


def send(client, report, photos=()):
    answer = client.post(SENT, {**report, "photos": list(photos)})
    return answer.status_code, json.loads(answer.content)


def test_a_new_submission_logs_the_activity_with_its_photos(client, member_a, report):
    client.force_login(member_a)
    status, body = send(client, report, [photo("មួយ.jpg"), photo("ពីរ.jpg")])
    assert status == 201 and body["status"] == "logged"
    activity = Activity.objects.get(submission=report["submission"])
    assert body["url"] == f"/km/activities/{activity.pk}/"
    assert body["message"] == "សកម្មភាពត្រូវបានរក្សាទុក។"
    assert sorted(a.file_name for a in activity.attachments.all()) == ["ពីរ.jpg", "មួយ.jpg"]


def test_the_same_report_sent_again_logs_nothing_twice(client, member_a, report):
    """The answer to the first sending was lost on the way: the phone sends it again."""
    client.force_login(member_a)
    first_status, first = send(client, report, [photo()])
    status, body = send(client, report, [photo()])
    assert (first_status, status) == (201, 200)
    assert body["status"] == "logged-before" and body["url"] == first["url"]
    assert Activity.objects.filter(submission=report["submission"]).count() == 1
    assert Attachment.objects.count() == 1  # the photos are not attached again


def test_the_same_id_with_other_content_is_a_conflict_showing_what_is_stored(
    client, member_a, report
):
    client.force_login(member_a)
    send(client, report)
    status, body = send(client, {**report, "participants_total": "25", "place": "វត្ត"})
    assert status == 409 and body["status"] == "conflict"
    logged = Activity.objects.get(submission=report["submission"])
    assert body["url"] == f"/km/activities/{logged.pk}/"
    assert body["stored"]["ទីកន្លែង"] == "សាលាឃុំ"
    assert body["sent"]["ទីកន្លែង"] == "វត្ត" and body["sent"]["អ្នកចូលរួម"] == 25
    assert Activity.objects.count() == 1
    logged.refresh_from_db()
    assert logged.participants_total == 20  # what was stored is kept


def test_another_persons_submission_id_tells_nothing_about_their_activity(
    client, member_a, report, community, organization_a, activity_type
):
    """A guessed or copied id logs nothing and shows nothing of the other person's, even
    to a colleague of the same organisation."""
    client.force_login(member_a)
    send(client, report)
    other = Client()
    other.force_login(personas.member(organization_a, email="colleague@example.org"))
    theirs = data(
        community,
        organization_a,
        activity_type,
        submission=report["submission"],
        title_km="ការប្រជុំផ្សេង",
    )
    status, body = send(other, theirs)
    assert status == 409
    assert "url" not in body and "stored" not in body
    assert body["sent"]["ចំណងជើង"] == "ការប្រជុំផ្សេង"  # what they sent, theirs to see
    assert "វេទិកាសាធារណៈ" not in json.dumps(body, ensure_ascii=False)
    assert Activity.objects.count() == 1


def test_signed_out_the_report_is_refused_with_a_reason_to_sign_in(client, report):
    status, body = send(client, report)
    assert status == 403 and body["status"] == "signed-out"
    assert body["message"] == "សូមចូលម្តងទៀត ដើម្បីផ្ញើរបាយការណ៍នេះ។"
    assert not Activity.objects.exists()


def test_without_a_fresh_csrf_token_nothing_is_logged(member_a, report):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_a)
    answer = client.post(SENT, report)
    assert answer.status_code == 403
    assert not Activity.objects.exists()


def test_a_refused_report_says_which_field_and_why_in_khmer(client, member_a, report):
    client.force_login(member_a)
    status, body = send(client, {**report, "participants_women": "30"})
    assert status == 400 and body["status"] == "refused"
    assert any("មិនអាចលើសពីចំនួនសរុប" in m for messages in body["errors"].values() for m in messages)
    assert not Activity.objects.exists()


def test_a_report_without_its_submission_id_is_refused(client, member_a, report):
    client.force_login(member_a)
    status, body = send(client, {**report, "submission": ""})
    assert status == 400
    assert not Activity.objects.exists()


def test_a_file_that_is_not_a_photo_refuses_the_whole_report(client, member_a, report):
    client.force_login(member_a)
    fake = SimpleUploadedFile("photo.jpg", "មិនមែនជារូបថតទេ".encode(), content_type="image/jpeg")
    status, body = send(client, report, [photo(), fake])
    assert status == 400
    assert not Activity.objects.exists() and not Attachment.objects.exists()


def test_the_form_sent_by_hand_takes_its_photos(client, member_a, report):
    client.force_login(member_a)
    answer = client.post(NEW, {**report, "photos": [photo()]})
    assert answer.status_code == 302
    activity = Activity.objects.get(submission=report["submission"])
    assert activity.attachments.get().file_name == "វេទិកា.jpg"
    html = client.get(NEW).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'name="photos"' in html and "multiple" in html


def test_too_many_photos_are_refused_with_what_to_do(client, member_a, report):
    client.force_login(member_a)
    answer = client.post(NEW, {**report, "photos": [photo() for _ in range(MAX_PHOTOS + 1)]})
    assert answer.status_code == 200
    assert "យ៉ាងច្រើន ១០ សន្លឹក" in answer.content.decode()
    assert not Activity.objects.exists()


def test_an_edit_has_no_photos_field(client, member_a, report):
    client.force_login(member_a)
    client.post(NEW, report)
    activity = Activity.objects.get()
    html = client.get(f"/km/activities/{activity.pk}/edit/").content.decode()
    assert 'name="photos"' not in html


def test_a_fresh_token_is_given_to_the_signed_in_person_only(client, member_a):
    assert client.get(SENT).status_code == 403
    client.force_login(member_a)
    answer = client.get(SENT)
    assert answer.status_code == 200 and len(json.loads(answer.content)["csrf"]) >= 32


def test_the_form_and_the_waiting_list_may_be_kept_for_their_person_only(
    client, member_a, community
):
    """The worker keeps them apart for this person (X-Offline-Cache: person); no other
    signed-in page is marked, and a visitor's copy of the list is anybody's."""
    assert client.get("/km/activities/waiting/")["X-Offline-Cache"] == "allow"
    client.force_login(member_a)
    assert client.get(NEW)["X-Offline-Cache"] == "person"
    assert client.get("/km/activities/waiting/")["X-Offline-Cache"] == "person"
    for page in ("/km/dashboard/", "/km/activities/", f"/km/communities/{community.slug}/"):
        assert "X-Offline-Cache" not in client.get(page), page
