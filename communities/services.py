from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from members.permissions import is_admin

from .models import Community
from .permissions import can_create_community, can_facilitate

SLUG_LENGTH = Community._meta.get_field("slug").max_length


def unique_slug(*names: str) -> str:
    """A readable ASCII slug from the first name that has Latin letters; "community" when
    there is none (a name in Khmer only). Never empty, never one already taken."""
    base = next((slugify(name) for name in names if slugify(name or "")), "") or "community"
    base = base[: SLUG_LENGTH - 8].strip("-")
    slug, number = base, 1
    while Community.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def create_community(*, by, **fields) -> Community:
    """A facilitator (or an admin) creates a community; they become its facilitator."""
    if not can_create_community(by):
        raise PermissionDenied
    community = Community(created_by=by, **fields)
    community.slug = unique_slug(fields.get("name_en", ""), fields.get("name_km", ""))
    community.full_clean()
    community.save()
    if not is_admin(by) or by.is_facilitator:
        community.facilitators.add(by)
    return community


@transaction.atomic
def update_community(*, by, community: Community, **fields) -> Community:
    if not can_facilitate(by, community):
        raise PermissionDenied
    for name, value in fields.items():
        setattr(community, name, value)
    community.full_clean()
    community.save()
    return community
