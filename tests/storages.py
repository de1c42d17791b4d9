"""File stores that fail as real ones do, for the tests of uploads (set through Django's
STORAGES setting)."""

import errno
import os

from django.core.files.storage import FileSystemStorage

PART = 1024  # what reaches the disk before it is full


class FullDiskStorage(FileSystemStorage):
    """MEDIA_ROOT fills up while a file is written: its first kilobyte is on the disk, then
    the write fails with ENOSPC. Django's FileSystemStorage leaves such a part behind."""

    def _save(self, name, content):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        content.seek(0)
        with open(path, "wb") as partial:
            partial.write(content.read(PART))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
