from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members.models import Organization, User
from members.permissions import is_admin

from .models import Community, Objective, Participation
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
    _require_facilitator(by, community)
    if fields.get("status") == Community.Status.CLOSED:
        raise ValidationError(_("A community is closed with its closing report."))
    for name, value in fields.items():
        setattr(community, name, value)
    community.full_clean()
    community.save()
    return community


def _require_facilitator(by, community: Community) -> None:
    if not can_facilitate(by, community):
        raise PermissionDenied
    if community.status == Community.Status.CLOSED:
        raise ValidationError(_("This community is closed: it can no longer be changed."))


@transaction.atomic
def add_organization(
    *, by, community: Community, organization: Organization, role: str, joined_on=None
) -> Participation:
    """An organisation takes part in the community (again, if it had left)."""
    _require_facilitator(by, community)
    participation, _created = Participation.objects.get_or_create(
        community=community, organization=organization, defaults={"role": role}
    )
    if participation.left_on is None and not _created:
        raise ValidationError(
            {"organization": _("This organisation already takes part in the community.")}
        )
    participation.role = role
    participation.joined_on = joined_on or timezone.localdate()
    participation.left_on = None
    participation.full_clean()
    participation.save()
    return participation


@transaction.atomic
def remove_organization(*, by, participation: Participation, left_on=None) -> Participation:
    """The organisation leaves; its history in the community is kept."""
    _require_facilitator(by, participation.community)
    participation.left_on = left_on or timezone.localdate()
    if participation.joined_on and participation.left_on < participation.joined_on:
        raise ValidationError(
            {"left_on": _("An organisation cannot leave before the day it joined.")}
        )
    participation.full_clean()
    participation.save(update_fields=["left_on", "updated_at"])
    return participation


@transaction.atomic
def add_facilitator(*, by, community: Community, person: User) -> None:
    _require_facilitator(by, community)
    if not person.is_active or not person.is_facilitator:
        raise ValidationError({"person": _("Only an active facilitator can co-facilitate.")})
    community.facilitators.add(person)


@transaction.atomic
def remove_facilitator(*, by, community: Community, person: User) -> None:
    _require_facilitator(by, community)
    if community.facilitators.exclude(pk=person.pk).count() == 0:
        raise ValidationError(_("A community keeps at least one facilitator."))
    community.facilitators.remove(person)


@transaction.atomic
def save_objective(
    *, by, community: Community, objective: Objective | None = None, achieved: bool, **fields
) -> Objective:
    """Add or change an objective. Marking it achieved dates it and sets its progress to
    100; unmarking clears the date."""
    _require_facilitator(by, community)
    if objective is None:
        objective = Objective(community=community)
    elif objective.community_id != community.pk:
        raise PermissionDenied
    for name, value in fields.items():
        setattr(objective, name, value)
    if achieved:
        objective.achieved_on = objective.achieved_on or timezone.localdate()
        objective.progress = 100
    else:
        objective.achieved_on = None
    objective.full_clean()
    objective.save()
    return objective


@transaction.atomic
def close_community(*, by, community: Community, **texts) -> Community:
    """The goal is achieved (or the time is over): the community closes with a summary
    and its lessons learned, and becomes read-only. Its members still see it."""
    _require_facilitator(by, community)
    if not any(
        (texts.get(f"closing_summary_{language}") or "").strip() for language in ("km", "en")
    ):
        raise ValidationError(
            {"closing_summary_km": _("Write the closing summary, in Khmer or in English.")}
        )
    for name, value in texts.items():
        setattr(community, name, value)
    community.status = Community.Status.CLOSED
    community.full_clean()
    community.save()
    return community
