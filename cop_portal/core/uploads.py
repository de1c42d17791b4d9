"""Uploaded files: the type is checked from the content, not only from the name (an image
is decoded once, here, within a limit of pixels); the file is stored under a random name,
together with its row: both are kept, or neither."""

import io
import logging
import uuid
import warnings
import zipfile
from contextlib import contextmanager
from pathlib import PurePath

from boto3.exceptions import Boto3Error
from botocore.exceptions import BotoCoreError, ClientError
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from .text import digits
from .validators import validate_upload_size

logger = logging.getLogger(__name__)

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (doc, xls, ppt)
ZIP = b"PK\x03\x04"


def _is_pdf(head, file):
    return head.startswith(b"%PDF-")


def _is_png(head, file):
    return head.startswith(b"\x89PNG\r\n\x1a\n")


def _is_jpeg(head, file):
    return head.startswith(b"\xff\xd8\xff")


def _is_webp(head, file):
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _is_ole2(head, file):
    return head.startswith(OLE2)


def _zip_names(file):
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return set(archive.namelist())
    except zipfile.BadZipFile:
        return set()
    finally:
        file.seek(0)


def _is_ooxml(head, file):
    return head.startswith(ZIP) and "[Content_Types].xml" in _zip_names(file)


def _is_opendocument(head, file):
    return head.startswith(ZIP) and "mimetype" in _zip_names(file)


def _is_text(head, file):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True


# Extension → (content check, content type served).
ALLOWED = {
    "pdf": (_is_pdf, "application/pdf"),
    "png": (_is_png, "image/png"),
    "jpg": (_is_jpeg, "image/jpeg"),
    "jpeg": (_is_jpeg, "image/jpeg"),
    "webp": (_is_webp, "image/webp"),
    "doc": (_is_ole2, "application/msword"),
    "xls": (_is_ole2, "application/vnd.ms-excel"),
    "ppt": (_is_ole2, "application/vnd.ms-powerpoint"),
    "docx": (
        _is_ooxml,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (_is_ooxml, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": (
        _is_ooxml,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "odt": (_is_opendocument, "application/vnd.oasis.opendocument.text"),
    "ods": (_is_opendocument, "application/vnd.oasis.opendocument.spreadsheet"),
    "odp": (_is_opendocument, "application/vnd.oasis.opendocument.presentation"),
    "txt": (_is_text, "text/plain; charset=utf-8"),
}


# An image is decoded by the server once, at upload, rather than by every browser that
# shows it: at most this many pixels (8000 × 5000; a phone's photo usually has 12 million,
# its full-resolution modes 50 to 200 million; a 20000 × 20000 "bomb" has 400 million in
# a few kilobytes). Pillow refuses twice as many by itself and warns above this; the
# warning is an error here, and the size is checked again in case a thread's filters
# differ (warnings' filters are process-wide).
MAX_IMAGE_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
# Extension → the format Pillow must find in the content. Only these decoders are tried.
IMAGE_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "webp": "WEBP"}


def extension(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def check_upload(file) -> str:
    """Refuse a file too large, of a type not allowed, or whose content is not what its
    name says. Returns the content type to serve it with."""
    validate_upload_size(file)
    kind = ALLOWED.get(extension(file.name))
    if kind is None:
        raise ValidationError(
            _("Files of this type cannot be shared. Allowed: PDF, images, office documents."),
            code="file_type",
        )
    check, content_type = kind
    file.seek(0)
    head = file.read(2048)
    file.seek(0)
    if not check(head, file):
        raise _content_mismatch()
    if claims_image(file):
        check_image(file, expected_format=IMAGE_FORMATS.get(extension(file.name)))
    return content_type


def _content_mismatch():
    return ValidationError(
        _("This file's content does not match its name: it cannot be shared."),
        code="file_content",
    )


def claims_image(file) -> bool:
    """By its name, or by the content type the browser sent with it."""
    content_type = getattr(file, "content_type", None) or ""
    return extension(file.name) in IMAGE_FORMATS or content_type.lower().startswith("image/")


def check_image(file, *, expected_format: str | None) -> None:
    """Decode the image once, with only the decoders of the formats allowed, within
    MAX_IMAGE_PIXELS: what Pillow finds must be `expected_format` (what the name says);
    `verify()` checks the structure, then the image is opened again and decoded whole,
    so a damaged or truncated one is refused too."""
    too_many_pixels = ValidationError(
        _(
            "This image has too many pixels: at most %(limit)s million. Choose a smaller "
            "image (a photo taken at a smaller size, say) and send it again."
        ),
        code="image_too_large",
        params={"limit": digits(MAX_IMAGE_PIXELS // 1_000_000)},
    )
    if expected_format is None:
        raise _content_mismatch()
    allowed = sorted(set(IMAGE_FORMATS.values()))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            file.seek(0)
            with Image.open(file, formats=allowed) as image:
                found, (width, height) = image.format, image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise too_many_pixels
                image.verify()
            if found != expected_format:
                raise _content_mismatch()
            file.seek(0)
            with Image.open(file, formats=[found]) as image:
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels from error
    except UnidentifiedImageError as error:
        raise _content_mismatch() from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:  # what Pillow raises
        raise ValidationError(
            _("This image is damaged or incomplete: it cannot be shared."),
            code="image_damaged",
        ) from error
    finally:
        file.seek(0)


def _random_name(folder: str, filename: str) -> str:
    # Stored as <folder>/<random>.<ext>: a name that neither collides nor reveals anything;
    # the original name is kept in the database.
    return f"{folder}/{uuid.uuid4().hex}.{extension(filename) or 'bin'}"


def resource_upload_to(instance, filename):
    return _random_name("resources", filename)


def attachment_upload_to(instance, filename):
    return _random_name("attachments", filename)


def open_stored_file(file):
    """A stored file (a FieldFile), open for reading. A row whose file the store no longer
    has (a backup restored without it, a file removed by hand) answers the portal's 404,
    not a 500; the gap is logged for the admins."""
    try:
        return file.open("rb")
    except FileNotFoundError:
        logger.warning("The stored file %s is missing: answered 404.", file.name)
        raise Http404 from None


def private_file_response(file, *, filename: str, content_type: str, inline: bool = False):
    """A file for one person's eyes: as a download (photos may show inline), with the
    content type checked at upload, never stored by a shared cache."""
    response = FileResponse(
        file,
        as_attachment=not inline,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


# What a file store raises when it cannot take a file: the disk (full, read-only, no
# permission: OSError) or an S3-compatible bucket (refusing, unreachable: botocore, boto3).
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError, Boto3Error)


class StorageUnavailable(ValidationError):
    """The file store did not take the file: nothing was kept, the person may try later."""

    def __init__(self):
        super().__init__(
            _(
                "The file could not be saved: the portal's file store is full or did not "
                "answer. Nothing was saved; what you typed is still here. Choose the file "
                "again and send it in a few minutes, or tell an admin."
            ),
            code="storage_unavailable",
        )


def _remove(storage, name: str) -> None:
    try:
        storage.delete(name)
    except STORAGE_ERRORS:
        logger.exception("A file could not be removed from the file store: %s", name)


class StoredFiles:
    """The files written during one `rows_with_files` transaction."""

    def __init__(self):
        self.written = []

    def store(self, instance: models.Model) -> None:
        """Write the files `instance` holds and has not stored yet (its FileFields and
        ImageFields) under the names their `upload_to` gives; its fields then name the
        stored files, so that saving the row writes nothing more. A store that fails
        (after writing part of a file, perhaps) has that part removed, and raises
        StorageUnavailable, a ValidationError that forms show."""
        for field in instance._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            file = getattr(instance, field.attname)
            if not file or file._committed:  # Django's flag: the file is in the store
                continue
            # Random names (upload_to) never collide, so this is the name written to.
            name = field.generate_filename(instance, file.name)
            try:
                stored = field.storage.save(name, file.file, max_length=field.max_length)
            except STORAGE_ERRORS:
                logger.exception("The file store did not take %s", name)
                _remove(field.storage, name)
                raise StorageUnavailable() from None
            self.written.append((field.storage, stored))
            setattr(instance, field.attname, stored)

    def remove_all(self) -> None:
        for storage, name in self.written:
            _remove(storage, name)
        self.written = []


@contextmanager
def rows_with_files():
    """The transaction of a service that stores files with its rows: a file is written
    (`files.store(instance)`) before its row is saved; if the file cannot be written the
    transaction rolls back, and if the transaction fails after it was written (an error
    in the block, or at the commit), the file is removed. Either both are kept, or
    neither.

    It is the outermost transaction (durable): only its own commit tells that the row
    stays. Inside another one it refuses to start, rather than leave a file behind a
    rollback it cannot see."""
    files = StoredFiles()
    try:
        with transaction.atomic(durable=True):
            yield files
    except BaseException:
        files.remove_all()
        raise


def remove_file_on_commit(file) -> None:
    """Remove a stored file once the transaction that deletes its row has committed: a
    rollback keeps both. A store that refuses then leaves the file, logged."""
    storage, name = file.storage, file.name
    if name:
        transaction.on_commit(lambda: _remove(storage, name))


THUMBNAIL_SIDE = 128  # px: a card's photo is shown at 64 px, sharp on a phone's screen


def thumbnail(file, *, cache_key: str) -> bytes | None:
    """A small JPEG of an uploaded photo (its longest side THUMBNAIL_SIDE), for the cards
    of a stream: a few KB on a slow connection instead of the photo's megabytes. Made once
    and kept in the cache; None when the file cannot be read as an image."""
    data = cache.get(cache_key)
    if data is not None:
        return data
    try:
        with Image.open(file) as image:
            image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80, optimize=True)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        return None
    data = out.getvalue()
    cache.set(cache_key, data, 7 * 24 * 3600)
    return data
