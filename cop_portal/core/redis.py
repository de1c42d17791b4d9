"""The cache in Redis, for a Redis that may die (settings: `redis_cache`)."""

import logging

from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)


class RedisCache(DjangoRedisCache):
    """django-redis with its errors read as misses (`IGNORE_EXCEPTIONS`), and one more:
    the `add` of a lock (allauth's, around each sign-in limit: `<key>:lock`) that cannot
    reach Redis reports that it added. The lock is then taken, the limit reads no earlier
    attempt, and the sign-in goes ahead: while Redis is down the limits let people in
    (django-axes still records each attempt in the database) instead of refusing every
    sign-in after a second's wait. Any other `add` fails: a two-step code cannot be
    marked used, so it is refused (a recovery code still works) rather than replayable."""

    def add(self, key, *args, **kwargs):
        try:
            return self.client.add(key, *args, **kwargs)
        except ConnectionInterrupted:
            lock = key.endswith(":lock")
            logger.warning(
                "Redis does not answer: %s", "a lock is taken" if lock else "add refused"
            )
            return lock


class WithoutTraceback(logging.Filter):
    """django-redis logs each error it ignores with its traceback: while Redis is down that
    is a screenful per request. One line each, naming the error, says as much."""

    def filter(self, record):
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()}: {type(error).__name__}: {error}"
            record.args = ()
            record.exc_info = record.exc_text = None
        return True
