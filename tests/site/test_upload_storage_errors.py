"""A file store that fails while an attachment or a resource is uploaded: a full disk
(ENOSPC after part of the file is written), a bucket that refuses (botocore's
ClientError) or does not answer (EndpointConnectionError). The person sees the form
again with a message in their language and what they typed; no row is kept, and no file,
whole or partial, is left in MEDIA_ROOT. The file and its row are written in one
transaction: a transaction that fails after the file was written removes it."""

import socket
import subprocess
from pathlib import Path
from unittest import mock

import pytest
from botocore.config import Config
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, OperationalError, connection
from moto import mock_aws

from activities import services as activity_services
from activities.models import Attachment
from communities import services as community_services
from communities.models import Resource
from tests.factories import ActivityFactory
from tests.files import PDF, PNG

pytestmark = pytest.mark.django_db

# The Khmer message (cop_portal/core/uploads.py, StorageUnavailable), a part of it.
NOT_STORED = "មិនអាចរក្សាទុកឯកសារបានទេ៖ កន្លែងផ្ទុកឯកសាររបស់វិបផតថលពេញ ឬមិនឆ្លើយតប"
TITLE = "របាយការណ៍វេទិកាយុវជនខេត្តសៀមរាប"
DESCRIPTION = "សេចក្តីសង្ខេបនៃការពិភាក្សា និងមេរៀនបទពិសោធន៍"
CAPTION = "រូបថតអ្នកចូលរួមនៅវេទិកា"


def files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def s3_storage(**options):
    storage = {**django_settings.S3_STORAGE}
    storage["OPTIONS"] = {**storage["OPTIONS"], "region_name": "us-east-1", **options}
    return storage


@pytest.fixture(params=["full disk", "bucket refuses", "bucket does not answer"])
def failing_store(request, settings, monkeypatch, media):
    """The default store, failing as the parameter says."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    if request.param == "full disk":
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "tests.storages.FullDiskStorage"},
        }
        yield request.param
    elif request.param == "bucket refuses":
        with mock_aws():  # moto's S3, in which this bucket does not exist: NoSuchBucket
            settings.STORAGES = {
                **settings.STORAGES,
                "default": s3_storage(bucket_name="voice-cop-missing", location="media"),
            }
            yield request.param
    else:
        closed = socket.socket()  # a port of this machine that nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        closed.close()
        settings.STORAGES = {
            **settings.STORAGES,
            "default": s3_storage(
                bucket_name="voice-cop-files",
                endpoint_url=f"http://127.0.0.1:{port}",
                client_config=Config(
                    connect_timeout=2, read_timeout=2, retries={"total_max_attempts": 1}
                ),
            ),
        }
        yield request.param


def attach(client, activity, content=PNG, name="រូបថតវេទិកា.png"):
    return client.post(
        f"/km/activities/{activity.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content), "caption": CAPTION},
    )


def share(client, address, content=PDF, name="របាយការណ៍.pdf"):
    return client.post(
        address,
        {
            "title": TITLE,
            "description": DESCRIPTION,
            "language": "km",
            "url": "",
            "file": SimpleUploadedFile(name, content),
        },
    )


def assert_told_and_nothing_kept(page, media, *typed):
    assert page.status_code == 200  # the same form again, not a server error
    html = page.content.decode()
    assert NOT_STORED in html
    for text in typed:
        assert text in html
    assert not Attachment.objects.exists() and not Resource.objects.exists()
    assert files_in(media) == []


def test_a_photo_that_cannot_be_stored_leaves_nothing_and_keeps_the_caption(
    failing_store, client, media, member_a, community, organization_a
):
    activity = ActivityFactory(community=community, lead_organization=organization_a)
    client.force_login(member_a)
    page = attach(client, activity)
    assert_told_and_nothing_kept(page, media, f'value="{CAPTION}"')
    assert 'role="alert"' in page.content.decode()  # the form's message is announced


def test_a_community_resource_that_cannot_be_stored_keeps_the_title_and_description(
    failing_store, client, media, member_a, community
):
    client.force_login(member_a)
    page = share(client, f"/km/communities/{community.slug}/resources/")
    assert_told_and_nothing_kept(page, media, f'value="{TITLE}"', DESCRIPTION)


def test_a_shared_library_document_that_cannot_be_stored_keeps_what_was_typed(
    failing_store, client, media, facilitator
):
    client.force_login(facilitator)
    page = share(client, "/km/resources/")
    assert_told_and_nothing_kept(page, media, f'value="{TITLE}"', DESCRIPTION)


def test_the_message_is_in_english_on_english_pages(settings, client, media, member_a, community):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.storages.FullDiskStorage"},
    }
    client.force_login(member_a)
    page = share(client, f"/en/communities/{community.slug}/resources/")
    assert "The file could not be saved: the portal&#x27;s file store is full" in (
        page.content.decode()
    )


def test_a_database_failing_after_the_file_was_written_takes_the_file_away(
    client, media, member_a, community, organization_a
):
    activity = ActivityFactory(community=community, lead_organization=organization_a)
    written = []

    def save_then_fail(attachment, *args, **kwargs):
        written.extend(files_in(media))  # the file is in MEDIA_ROOT by now
        raise IntegrityError("the database refused the row")

    with mock.patch.object(Attachment, "save", save_then_fail), pytest.raises(IntegrityError):
        activity_services.attach_file(
            by=member_a, activity=activity, file=SimpleUploadedFile("រូបថត.png", PNG)
        )
    assert len(written) == 1
    assert files_in(media) == [] and not Attachment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_commit_that_fails_takes_the_file_away(media, member_a, community):
    commits = []

    def failing_commit():
        commits.append(files_in(media))
        raise OperationalError("the database went away at the commit")

    with mock.patch.object(connection, "commit", failing_commit):
        with pytest.raises(OperationalError):
            community_services.add_resource(
                by=member_a,
                community=community,
                title=TITLE,
                file=SimpleUploadedFile("របាយការណ៍.pdf", PDF),
            )
    assert len(commits) == 1 and len(commits[0]) == 1  # the file was there at the commit
    assert files_in(media) == [] and not Resource.objects.exists()


@pytest.fixture
def one_megabyte_disk(settings, tmp_path):
    """MEDIA_ROOT on a real file system of 1 MB (tmpfs): needs the right to mount (root
    with CAP_SYS_ADMIN, as on this project's machines); skipped where it cannot be had."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(  # noqa: S603 -- a fixed command, our own folder
        ["/usr/bin/mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a 1 MB file system here: {mounted.stderr.decode().strip()}")
    settings.MEDIA_ROOT = mount_point
    try:
        yield mount_point
    finally:
        subprocess.run(["/usr/bin/umount", str(mount_point)], check=True)  # noqa: S603


# 1.5 MB is read into memory and streamed to the disk; 3 MB goes through a temporary file
# (FILE_UPLOAD_MAX_MEMORY_SIZE is 2.5 MB), copied across file systems.
@pytest.mark.parametrize("size", [1_500_000, 3_000_000])
def test_a_real_full_disk_of_one_megabyte(one_megabyte_disk, size, client, member_a, community):
    client.force_login(member_a)
    page = share(client, f"/km/communities/{community.slug}/resources/", PDF + b"0" * size)
    assert_told_and_nothing_kept(page, one_megabyte_disk, f'value="{TITLE}"', DESCRIPTION)
    # The disk has room again for a smaller file: the same form then works.
    assert share(client, f"/km/communities/{community.slug}/resources/").status_code == 302
    assert len(files_in(one_megabyte_disk)) == 1
