"""Derived data kept in the shared cache: report figures, rendered charts, the knowledge
map. Each entry is tagged with the version of the data; every service that changes what
such an entry is made of calls data_changed(), which gives the data a new version once its
transaction commits, so nothing is ever served older than the last change."""

import hashlib
import uuid

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from .text import khmer_digits_shown

VERSION_KEY = "derived:data-version"
FORMAT = 3  # changed whenever what is kept changes shape, so no old entry is read
SECONDS = 600


def data_changed() -> None:
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, None))


def remember(parts: tuple, compute):
    """compute(), or what it gave before for the same parts, language, digits (what is kept
    may be a page's fragment, with its numbers written out) and data version."""
    key = (FORMAT, get_language(), khmer_digits_shown(), *parts)
    key = hashlib.sha256(repr(key).encode()).hexdigest()
    key = f"derived:{key}"
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:  # never set, or evicted: a new one, which no stored entry carries
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY)
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    value = compute()
    cache.set(key, (version, value), SECONDS)
    return value
