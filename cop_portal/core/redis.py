"""The cache in Redis, for a Redis that may die (settings: `redis_cache`)."""

import logging

from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)


class RedisCache(DjangoRedisCache):
    """django-redis with its errors read as misses (`IGNORE_EXCEPTIONS`), and one more:
    an `add` that cannot reach Redis reports that it added. The locks built on `add` —
    allauth's, around each sign-in limit — are then taken, the limit reads no earlier
    attempt, and the sign-in goes ahead: while Redis is down the limits let people in
    (django-axes still records each attempt in the database) instead of refusing every
    sign-in after a second's wait."""

    def add(self, *args, **kwargs):
        try:
            return self.client.add(*args, **kwargs)
        except ConnectionInterrupted:
            logger.warning("Redis does not answer: a lock is taken without it")
            return True
