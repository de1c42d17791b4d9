"""What the apps' services share to write (HackSoft's common/services.py)."""

from typing import Any, TypeVar

from django.db import models
from django.utils import timezone
from modeltranslation.fields import TranslationField

M = TypeVar("M", bound=models.Model)


class Stale(Exception):
    """Somebody else saved the row since the version this person's form started from.
    `current` is the row as it is stored now (None once it is gone)."""

    def __init__(self, current: models.Model | None):
        super().__init__("stale version")
        self.current = current


def claim_version(*, instance: models.Model, version: int) -> None:
    """Make this edit the one that follows `version` of a Versioned row, or raise Stale.

    The first write of the service's transaction: one conditional UPDATE, so that of two
    people saving the same version exactly one gets the row, on SQLite and PostgreSQL
    alike; the other's transaction writes nothing. `instance` then holds the new version
    (the database does already), which the save that follows writes again."""
    model = instance._meta.model  # request.user is a lazy object: its type is not the model
    claimed = {"version": version + 1}
    if any(field.name == "updated_at" for field in model._meta.concrete_fields):
        claimed["updated_at"] = timezone.now()
    if not model._base_manager.filter(pk=instance.pk, version=version).update(**claimed):
        raise Stale(model._default_manager.filter(pk=instance.pk).first())
    for name, value in claimed.items():
        setattr(instance, name, value)
    instance._version_claimed = True  # the save that follows keeps it (Versioned.save)


def model_update(*, instance: M, fields: list[str], data: dict[str, Any]) -> tuple[M, bool]:
    """Set on `instance` those of `fields` that `data` gives, and say whether anything
    changed. `data` may leave fields out (they stay as they are); a key of `data` that is
    not in `fields` is refused, so that a service changes only what it names.

    When a column changes, the instance is checked (full_clean) and saved with
    update_fields: the changed columns and `updated_at`; a translated column
    (modeltranslation's name_km) with its other languages and the column it translates,
    as a full save writes them. Many-to-many fields are set after the save."""
    unknown = data.keys() - set(fields)
    if unknown:
        raise TypeError(
            f"{type(instance).__name__} is not updated with {', '.join(sorted(unknown))}"
        )
    opts = instance._meta
    changed, many = [], {}
    for name in fields:
        if name not in data:
            continue
        field, value = opts.get_field(name), data[name]
        if field.many_to_many:
            many[name] = value
            continue
        given = getattr(value, field.target_field.attname) if field.is_relation and value else value
        if getattr(instance, field.attname) != given:
            setattr(instance, name, value)
            changed.append(field)
    if changed:
        update_fields = {field.name for field in changed}
        translated = {field.translated_field for field in changed if _translates(field)}
        update_fields |= {field.name for field in translated}
        update_fields |= {
            field.name
            for field in opts.concrete_fields
            if _translates(field) and field.translated_field in translated
        }
        if any(field.name == "updated_at" for field in opts.concrete_fields):
            update_fields.add("updated_at")
        instance.full_clean()
        instance.save(update_fields=sorted(update_fields))
    for name, value in many.items():
        related, value = getattr(instance, name), list(value)
        if set(related.values_list("pk", flat=True)) != {item.pk for item in value}:
            related.set(value)
            changed.append(opts.get_field(name))
    return instance, bool(changed)


def _translates(field) -> bool:
    return isinstance(field, TranslationField)
