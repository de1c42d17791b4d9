from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community, Idea
from communities.permissions import can_facilitate
from communities.selectors import is_inside
from communities.services import require_open_idea
from cop_portal.core.cache import data_changed
from cop_portal.core.uploads import check_upload
from members.models import MembershipEvent
from members.permissions import is_admin
from members.services import (
    record_event,
)

from .models import Activity, Attachment
from .permissions import can_edit_activity


class StaleActivity(Exception):
    """Somebody else saved the activity since this person opened it."""

    def __init__(self, current: Activity):
        super().__init__("stale activity")
        self.current = current


def _check_rules(by, community: Community, fields: dict) -> None:
    """The rules a form cannot know: who leads, who partners, which objectives."""
    if not is_inside(by, community):
        raise PermissionDenied
    if community.is_closed:
        raise ValidationError(_("This community is closed: it can no longer be changed."))
    members = set(
        community.participations.filter(left_on__isnull=True).values_list(
            "organization_id", flat=True
        )
    )
    errors = {}
    lead = fields.get("lead_organization")
    if lead is not None:
        if lead.pk not in members:
            errors["lead_organization"] = _(
                "The lead organisation must take part in the community."
            )
        elif not (is_admin(by) or can_facilitate(by, community)) and lead.pk != by.organization_id:
            errors["lead_organization"] = _("You can log activities for your own organisation.")
    partners = fields.get("partner_organizations") or []
    if any(partner.pk not in members for partner in partners):
        errors["partner_organizations"] = _("Partners must take part in the community.")
    objectives = fields.get("objectives") or []
    if any(objective.community_id != community.pk for objective in objectives):
        errors["objectives"] = _("Choose objectives of this activity's community.")
    if errors:
        raise ValidationError(errors)


def _set_relations(activity: Activity, fields: dict) -> None:
    if "partner_organizations" in fields:
        partners = [p for p in fields["partner_organizations"] if p != activity.lead_organization]
        activity.partner_organizations.set(partners)
    if "objectives" in fields:
        activity.objectives.set(fields["objectives"])


def _split(fields: dict) -> tuple[dict, dict]:
    relations = {k: fields.pop(k) for k in ("partner_organizations", "objectives") if k in fields}
    return fields, relations


@transaction.atomic
def log_activity(*, by, community: Community, submission=None, **fields) -> Activity:
    """Log an activity of a community, planned or done. People inside the community log
    for their own organisation; facilitators and admins for any organisation in it.

    `submission` identifies the form sent: sent again, it logs nothing more and the
    activity it logged the first time is returned."""
    if submission is not None:
        earlier = Activity.all_objects.filter(submission=submission).first()
        if earlier is not None:
            if _sent_again(earlier, by, community, fields):
                return earlier
            # Changed and sent again from the Back button, deleted since, or not this
            # person's: a new activity.
            submission = None
    _check_rules(by, community, fields)
    fields, relations = _split(dict(fields))
    activity = Activity(
        community=community, created_by=by, updated_by=by, submission=submission, **fields
    )
    activity.full_clean(exclude=["submission"])
    try:
        with transaction.atomic():
            activity.save()
    except IntegrityError:
        # The same form, saved a moment ago by a request that ran alongside this one.
        earlier = Activity.all_objects.filter(submission=submission).first()
        if submission is None or earlier is None:
            raise
        return earlier
    _set_relations(activity, relations)
    data_changed()
    return activity


def _sent_again(earlier: Activity, by, community: Community, fields: dict) -> bool:
    """Whether `fields` are what `earlier` was logged with, by the same person."""
    if earlier.created_by_id != by.pk or earlier.deleted_at is not None:
        return False
    if earlier.community_id != community.pk:
        return False
    for name, value in fields.items():
        if name in ("partner_organizations", "objectives"):
            stored = set(getattr(earlier, name).values_list("pk", flat=True))
            if stored != {item.pk for item in value}:
                return False
        elif getattr(earlier, name) != value:
            return False
    return True


def plan_activity(*, by, community: Community, **fields) -> Activity:
    return log_activity(by=by, community=community, status=Activity.Status.PLANNED, **fields)


@transaction.atomic
def update_activity(*, by, activity: Activity, version: int, **fields) -> Activity:
    """Save changes made to the activity as it was at `version`. If somebody else saved it
    since, nothing is written: StaleActivity carries what is stored now."""
    if not can_edit_activity(by, activity):
        raise PermissionDenied
    community = fields.pop("community", activity.community)
    if community != activity.community:
        raise ValidationError({"community": _("An activity stays in its community.")})
    _check_rules(by, community, {"lead_organization": activity.lead_organization, **fields})
    # Claim the version in the database first: of two people saving the same version,
    # exactly one gets the row; the other is told.
    claimed = Activity.objects.filter(pk=activity.pk, version=version).update(
        version=version + 1, updated_by=by, updated_at=timezone.now()
    )
    if not claimed:
        raise StaleActivity(Activity.objects.get(pk=activity.pk))
    fields, relations = _split(dict(fields))
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.version = version + 1
    activity.updated_by = by
    activity.full_clean()
    activity.save()
    _set_relations(activity, relations)
    data_changed()
    return activity


@transaction.atomic
def delete_activity(*, by, activity: Activity) -> Activity:
    """Deleting is soft: the activity disappears from every page and figure; an admin can
    restore it."""
    if not can_edit_activity(by, activity):
        raise PermissionDenied
    activity.deleted_at = timezone.now()
    activity.deleted_by = by
    activity.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    data_changed()
    return activity


@transaction.atomic
def restore_activity(*, by, activity: Activity) -> Activity:
    if not is_admin(by):
        raise PermissionDenied
    activity.deleted_at = None
    activity.deleted_by = None
    activity.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    data_changed()
    return activity


@transaction.atomic
def attach_file(*, by, activity: Activity, file, caption: str = "") -> Attachment:
    """A photo or document for the activity, checked like the resources' files."""
    if not can_edit_activity(by, activity):
        raise PermissionDenied
    try:
        content_type = check_upload(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    attachment = Attachment(
        activity=activity,
        file=file,
        caption=caption.strip(),
        size=file.size,
        file_name=file.name[:255],
        content_type=content_type,
        uploaded_by=by,
    )
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(*, by, attachment: Attachment) -> None:
    if not can_edit_activity(by, attachment.activity):
        raise PermissionDenied
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def record_export(*, by, export: str, filters: dict, community=None) -> None:
    """Every export is in the membership log: who exported what, with which filters."""
    record_event(
        action=MembershipEvent.Action.EXPORTED,
        actor=by,
        community=community,
        organization=by.organization,
        details={"export": export, "filters": filters},
    )


@transaction.atomic
def adopt_idea(*, by, idea: Idea, activity_type, lead_organization, start_date):
    """The facilitator adopts an agreed idea: it becomes a planned activity, prefilled from
    the idea and linked to it."""
    require_open_idea(by, idea)
    language = "en" if idea.title.isascii() else "km"
    activity = plan_activity(
        by=by,
        community=idea.community,
        activity_type=activity_type,
        lead_organization=lead_organization,
        start_date=start_date,
        **{f"title_{language}": idea.title, f"summary_{language}": idea.text},
    )
    idea.status = Idea.Status.ADOPTED
    idea.activity = activity
    idea.save(update_fields=["status", "activity", "updated_at"])
    return activity
