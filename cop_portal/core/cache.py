"""Derived data kept in the shared cache: report figures, rendered charts, the knowledge
map, a dashboard's figures. Each entry is kept with the versions of what it is made of,
as pretix's ObjectRelatedCache does: one version per community, one per organisation (for
what it leads) and one for what every page shares (organisations' names and topics,
activity types). An entry is read only while all of its versions are unchanged.

The versions are renewed in one place: each app's `signals.py` connects its models' saves
and deletes (and many-to-many changes) to `renew`, so no write path — a service, the
admin, the seed, the shell — can leave a stale figure, and a write in one community keeps
the other communities' entries. Bulk writes (`bulk_create`, `QuerySet.update`) send no
signals: whoever makes them calls `renew_everything()` (the demo generator does)."""

import hashlib
import uuid
from collections.abc import Iterable
from types import SimpleNamespace

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils.translation import get_language

from .text import khmer_digits_shown

FORMAT = 5  # changed whenever what is kept changes shape, so no old entry is read (5: the
# charts of issue 19, point 5: label lines and named cells)
SECONDS = 600
# What every entry is made of, beside its communities: organisations' names and topics,
# activity types. Renewing it renews everything.
SHARED = "shared"


def community_scope(pk: int) -> str:
    return f"community:{pk}"


def organization_scope(pk: int) -> str:
    return f"organization:{pk}"


def _version_key(scope: str) -> str:
    return f"derived:version:{scope}"


BASE_VERSION_KEY = _version_key(SHARED)


def renew(*scopes: str) -> None:
    """New versions for these scopes once the transaction commits (at once outside one):
    the entries made of them are not read again."""
    keys = {_version_key(scope) for scope in scopes if scope}
    if keys:
        transaction.on_commit(
            lambda: cache.set_many(dict.fromkeys(keys, uuid.uuid4().hex), None), robust=True
        )


def renew_everything() -> None:
    """After a write that sends no signals (bulk writes, a restored backup): every kept
    entry is made again."""
    renew(SHARED)


def _versions(found: dict, keys: list[str]) -> tuple:
    """The stored versions of `keys`; a missing one (never set, or evicted) gets a new
    value, which no stored entry carries. Two requests may both set one: the loser's entry
    is made again once, never read stale (each entry is computed after its versions are
    read, and a version is renewed only after its write commits)."""
    missing = {key: uuid.uuid4().hex for key in keys if found.get(key) is None}
    if missing:
        cache.set_many(missing, None)
    return tuple(found.get(key) or missing[key] for key in keys)


def remember(parts: tuple, compute, *, communities: Iterable[int] = (), organization=None):
    """compute(), or what it gave before for the same parts, language and digits (what is
    kept may be a page's fragment, with its numbers written out), as long as none of what
    it is made of changed since: the given communities (by pk), the organisation (by pk,
    for what it leads) and what every page shares."""
    scopes = [SHARED, *(community_scope(pk) for pk in sorted(set(communities)))]
    if organization is not None:
        scopes.append(organization_scope(organization))
    key = (FORMAT, get_language(), khmer_digits_shown(), *parts)
    key = "derived:" + hashlib.sha256(repr(key).encode()).hexdigest()
    version_keys = [_version_key(scope) for scope in scopes]
    found = cache.get_many([key, *version_keys])
    versions = _versions(found, version_keys)
    stored = found.get(key)
    if stored is not None and stored[0] == versions:
        return stored[1]
    value = compute()
    cache.set(key, (versions, value), SECONDS)
    return value


def renew_on_change(model, scopes_of, *, columns=(), many_to_many=()) -> None:
    """Connect `model`'s saves and deletes, and changes to its `many_to_many` fields, to
    renew the versions of the scopes its rows belong to. scopes_of(row) gives them from
    the row's `columns` (e.g. "community_id"); a row moved from one community (or
    organisation) to another renews both, the old values read in pre_save."""

    def stored(queryset):
        return [scopes_of(SimpleNamespace(**row)) for row in queryset.values(*columns)]

    def before_save(sender, instance, update_fields=None, **kwargs):
        instance._derived_scopes_before = ()
        moved_by = [column for column in columns if column != sender._meta.pk.attname]
        if instance._state.adding or not moved_by:
            return
        names = {sender._meta.get_field(column).name for column in moved_by} | set(moved_by)
        if update_fields is not None and not names & set(update_fields):
            return
        for scopes in stored(sender._base_manager.filter(pk=instance.pk)):
            instance._derived_scopes_before = scopes

    def after_save(sender, instance, **kwargs):
        renew(*scopes_of(instance), *getattr(instance, "_derived_scopes_before", ()))

    def after_delete(sender, instance, **kwargs):
        renew(*scopes_of(instance))

    def after_many_to_many(sender, instance, action, reverse, pk_set, **kwargs):
        if not action.startswith("post_"):
            return
        if not reverse:
            renew(*scopes_of(instance))
        elif pk_set is None:  # cleared from the other side: which rows is not known
            renew_everything()
        else:  # changed from the other side: the touched rows of `model`
            for scopes in stored(model._base_manager.filter(pk__in=pk_set)):
                renew(*scopes)

    uid = f"derived-data:{model._meta.label}"
    pre_save.connect(before_save, sender=model, weak=False, dispatch_uid=uid)
    post_save.connect(after_save, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(after_delete, sender=model, weak=False, dispatch_uid=uid)
    for name in many_to_many:
        through = model._meta.get_field(name).remote_field.through
        m2m_changed.connect(
            after_many_to_many, sender=through, weak=False, dispatch_uid=f"{uid}.{name}"
        )
