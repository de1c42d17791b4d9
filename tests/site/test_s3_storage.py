"""Uploaded files in an S3-compatible bucket (S3_BUCKET), for hosts that share no disk:
stored privately under a random name, served only through the portal's permission check,
removed with their row. The bucket is moto's, in memory."""

import copy
import os
import subprocess
import sys

import boto3
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from moto import mock_aws

from activities.models import Attachment
from communities.models import Resource
from tests.factories import ActivityFactory
from tests.files import PDF, PNG

pytestmark = pytest.mark.django_db

BUCKET = "voice-cop-files"
EVERYONE = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture
def s3(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        storage = copy.deepcopy(django_settings.S3_STORAGE)
        storage["OPTIONS"].update(bucket_name=BUCKET, region_name="us-east-1", location="media")
        settings.STORAGES = {**settings.STORAGES, "default": storage}
        yield client


def keys(s3):
    return [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_a_photo_goes_to_the_bucket_privately_and_is_served_only_to_insiders(
    s3, client, member_a, member_b, community, organization_a, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(community=community, lead_organization=organization_a)
    client.force_login(member_a)
    client.post(
        f"/km/activities/{activity.pk}/attachments/",
        {"file": SimpleUploadedFile("រូបថតវេទិកា.png", PNG), "caption": "វេទិកា"},
    )
    attachment = Attachment.objects.get()
    [key] = keys(s3)
    # Under the prefix, with a random name that says nothing of the original.
    assert key == f"media/{attachment.file.name}" and key.startswith("media/attachments/")
    assert "វេទិកា" not in key
    grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert all(grant["Grantee"].get("URI") != EVERYONE for grant in grants)
    assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == PNG

    url = f"/km/activities/{activity.pk}/attachments/{attachment.pk}/"
    assert b"".join(client.get(url).streaming_content) == PNG
    client.force_login(member_b)
    assert client.get(url).status_code == 404

    client.force_login(member_a)
    with django_capture_on_commit_callbacks(execute=True):  # removed once the row is gone
        client.post(
            f"/km/activities/{activity.pk}/attachments/{attachment.pk}/remove/", {"confirm": "1"}
        )
    assert keys(s3) == []


def test_a_shared_document_is_downloaded_from_the_bucket(s3, client, member_a, community):
    client.force_login(member_a)
    client.post(
        f"/km/communities/{community.slug}/resources/",
        {
            "title": "របាយការណ៍ប្រចាំឆ្នាំ",
            "language": "km",
            "url": "",
            "file": SimpleUploadedFile("របាយការណ៍.pdf", PDF),
        },
    )
    resource = Resource.objects.get()
    assert keys(s3) == [f"media/{resource.file.name}"]
    download = client.get(f"/km/resources/{resource.pk}/download/")
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


@pytest.mark.parametrize(("bucket", "backend"), [("voice-cop-files", "S3Storage"), ("", "")])
def test_the_bucket_is_used_only_when_S3_BUCKET_is_set(bucket, backend):
    environment = {**os.environ, "DEBUG": "1", "S3_BUCKET": bucket}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'cop_portal.settings'\n"
            "import django; django.setup()\n"
            "from django.core.files.storage import default_storage as s\n"
            "print(s.__class__.__name__, getattr(s, 'bucket_name', ''))",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
    ).stdout.split()
    assert shown == ([backend, bucket] if bucket else ["FileSystemStorage"])
