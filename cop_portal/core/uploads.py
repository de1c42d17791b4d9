"""Uploaded files: the type is checked from the content, not only from the name, and the
file is stored under a random name."""

import uuid
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _

from .validators import validate_upload_size

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
        raise ValidationError(
            _("This file's content does not match its name: it cannot be shared."),
            code="file_content",
        )
    return content_type


def _random_name(folder: str, filename: str) -> str:
    # Stored as <folder>/<random>.<ext>: a name that neither collides nor reveals anything;
    # the original name is kept in the database.
    return f"{folder}/{uuid.uuid4().hex}.{extension(filename) or 'bin'}"


def resource_upload_to(instance, filename):
    return _random_name("resources", filename)


def attachment_upload_to(instance, filename):
    return _random_name("attachments", filename)


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
