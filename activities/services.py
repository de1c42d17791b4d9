import datetime
import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import stream
from communities.models import Community, Idea, Objective, StreamEvent
from communities.permissions import can_facilitate
from communities.selectors import is_inside
from communities.services import require_open_idea
from cop_portal.core.models import Mode
from cop_portal.core.services import claim_version, model_update
from cop_portal.core.uploads import check_upload, remove_file_on_commit, rows_with_files
from members.models import MembershipEvent, Organization
from members.permissions import is_admin
from members.services import (
    record_event,
)

from .models import PARTICIPANT_COUNTS, Activity, ActivityType, Attachment
from .permissions import can_edit_activity

# What a person writes about an activity: log_activity takes each by name, and
# update_activity changes these and nothing else (never its community).
ACTIVITY_FIELDS = [
    "activity_type",
    "title_km",
    "title_en",
    "summary_km",
    "summary_en",
    "lead_organization",
    "partner_organizations",
    "status",
    "start_date",
    "end_date",
    "mode",
    "place",
    "province",
    *PARTICIPANT_COUNTS,
    "outcomes_km",
    "outcomes_en",
    "lessons_learned_km",
    "lessons_learned_en",
    "follow_up",
    "objectives",
]


def _check_rules(by, community: Community, *, lead, partners, objectives) -> None:
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
    if lead is not None:
        if lead.pk not in members:
            errors["lead_organization"] = _(
                "The lead organisation must take part in the community."
            )
        elif not (is_admin(by) or can_facilitate(by, community)) and lead.pk != by.organization_id:
            errors["lead_organization"] = _("You can log activities for your own organisation.")
    if any(partner.pk not in members for partner in partners):
        errors["partner_organizations"] = _("Partners must take part in the community.")
    if any(objective.community_id != community.pk for objective in objectives):
        errors["objectives"] = _("Choose objectives of this activity's community.")
    if errors:
        raise ValidationError(errors)


def _partners(partners, lead_organization) -> list:
    """The partners, without the lead organisation (it leads: it is no partner as well)."""
    return [partner for partner in partners if partner != lead_organization]


class SubmissionConflict(Exception):
    """A submission id logged before with other content, or by somebody else, or since
    deleted: sent from a phone's outbox, it is for the person to review, not to log again.
    `earlier` is the activity logged first when this person may see it, else None."""

    def __init__(self, earlier: Activity | None):
        super().__init__("submission logged before with other content")
        self.earlier = earlier


class IfChanged:
    """What log_activity does with a submission id logged before with other content."""

    LOG_ANEW = "log anew"  # a form changed and sent again from the Back button
    REFUSE = "refuse"  # an outbox's replay: SubmissionConflict


@transaction.atomic
def log_activity(
    *,
    by,
    community: Community,
    activity_type: ActivityType,
    lead_organization: Organization,
    start_date: datetime.date,
    status: str = Activity.Status.PLANNED,
    title_km: str | None = "",
    title_en: str | None = "",
    summary_km: str | None = "",
    summary_en: str | None = "",
    partner_organizations: Iterable[Organization] = (),
    end_date: datetime.date | None = None,
    mode: str = Mode.IN_PERSON,
    place: str = "",
    province: str = "",
    participants_total: int = 0,
    participants_women: int = 0,
    participants_men: int = 0,
    participants_disability: int = 0,
    participants_youth: int = 0,
    participants_elderly: int = 0,
    participants_indigenous: int = 0,
    outcomes_km: str | None = "",
    outcomes_en: str | None = "",
    lessons_learned_km: str | None = "",
    lessons_learned_en: str | None = "",
    follow_up: str = "",
    objectives: Iterable[Objective] = (),
    submission: uuid.UUID | None = None,
    if_changed: str = IfChanged.LOG_ANEW,
) -> Activity:
    """Log an activity of a community, planned or done. People inside the community log
    for their own organisation; facilitators and admins for any organisation in it.

    `submission` identifies the form sent: sent again, it logs nothing more and the
    activity it logged the first time is returned. Sent again with other content, it
    logs a new activity, or with `if_changed=IfChanged.REFUSE` raises SubmissionConflict."""
    partner_organizations, objectives = list(partner_organizations), list(objectives)
    activity = Activity(
        community=community,
        activity_type=activity_type,
        title_km=title_km,
        title_en=title_en,
        summary_km=summary_km,
        summary_en=summary_en,
        lead_organization=lead_organization,
        status=status,
        start_date=start_date,
        end_date=end_date,
        mode=mode,
        place=place,
        province=province,
        participants_total=participants_total,
        participants_women=participants_women,
        participants_men=participants_men,
        participants_disability=participants_disability,
        participants_youth=participants_youth,
        participants_elderly=participants_elderly,
        participants_indigenous=participants_indigenous,
        outcomes_km=outcomes_km,
        outcomes_en=outcomes_en,
        lessons_learned_km=lessons_learned_km,
        lessons_learned_en=lessons_learned_en,
        follow_up=follow_up,
        created_by=by,
        updated_by=by,
        submission=submission,
    )
    relations = {"partner_organizations": partner_organizations, "objectives": objectives}
    if submission is not None:
        earlier = Activity.all_objects.filter(submission=submission).first()
        if earlier is not None:
            if _sent_again(earlier, activity, relations):
                return earlier
            if if_changed == IfChanged.REFUSE:
                mine = earlier.created_by_id == by.pk and earlier.deleted_at is None
                raise SubmissionConflict(earlier if mine else None)
            # Changed and sent again from the Back button, deleted since, or not this
            # person's: a new activity.
            activity.submission = submission = None
    _check_rules(
        by,
        community,
        lead=lead_organization,
        partners=partner_organizations,
        objectives=objectives,
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
    activity.partner_organizations.set(_partners(partner_organizations, lead_organization))
    activity.objectives.set(objectives)
    _on_stream(by=by, activity=activity)
    activity.logged_now = True  # not one logged before under the same submission
    return activity


STREAM_KINDS = {
    Activity.Status.PLANNED: StreamEvent.Kind.ACTIVITY_PLANNED,
    Activity.Status.DONE: StreamEvent.Kind.ACTIVITY_DONE,
}


def log_activity_with_photos(
    *, by, photos: Iterable = (), if_changed: str = IfChanged.LOG_ANEW, **fields
) -> tuple[Activity, bool]:
    """log_activity, and the photos sent with the form attached to it: all or nothing,
    so that the form sent again after a lost answer finds it whole. Returns the activity
    and whether it was logged now (False: the one logged before under the same
    submission, to which nothing more is attached).

    From a phone's outbox (static/js/outbox.js) `if_changed=IfChanged.REFUSE`: the
    submission id is then required, and logged before with other content it raises
    SubmissionConflict."""
    if if_changed == IfChanged.REFUSE and fields.get("submission") is None:
        raise ValidationError(_("This report has no submission id: it cannot be sent safely."))
    with rows_with_files() as files:  # the activity's row, its photos' rows and files
        activity = log_activity(by=by, if_changed=if_changed, **fields)
        created = getattr(activity, "logged_now", False)
        if created:  # a replay racing this one, or coming after it, attaches nothing again
            for photo in photos:
                try:
                    _attach(files, by=by, activity=activity, file=photo)
                except ValidationError as error:  # told on the form's photos, by name
                    raise ValidationError(
                        {"photos": [f"{photo.name}: {message}" for message in error.messages]}
                    ) from error
    return activity, created


def _on_stream(*, by, activity: Activity, when=None, quiet: bool = False) -> None:
    """A card for the activity planned or done (a cancelled one has none)."""
    kind = STREAM_KINDS.get(activity.status)
    if kind is not None:
        stream.publish(
            community=activity.community,
            kind=kind,
            actor=by,
            organization=activity.lead_organization,
            subject_id=activity.pk,
            title=stream.translated_title(activity),
            when=when,
            quiet=quiet,
        )


def _sent_again(earlier: Activity, activity: Activity, relations: dict) -> bool:
    """Whether `earlier` was logged, by the same person, with what `activity` (not saved)
    is logged with now."""
    if earlier.created_by_id != activity.created_by_id or earlier.deleted_at is not None:
        return False
    for name in ("community", *ACTIVITY_FIELDS):
        if name in relations:
            stored = set(getattr(earlier, name).values_list("pk", flat=True))
            if stored != {item.pk for item in relations[name]}:
                return False
        else:
            attname = Activity._meta.get_field(name).attname
            if getattr(earlier, attname) != getattr(activity, attname):
                return False
    return True


def plan_activity(
    *,
    by,
    community: Community,
    activity_type: ActivityType,
    lead_organization: Organization,
    start_date: datetime.date,
    title_km: str = "",
    title_en: str = "",
    summary_km: str = "",
    summary_en: str = "",
) -> Activity:
    """An activity to do: what, led by whom, from when."""
    return log_activity(
        by=by,
        community=community,
        activity_type=activity_type,
        lead_organization=lead_organization,
        start_date=start_date,
        status=Activity.Status.PLANNED,
        title_km=title_km,
        title_en=title_en,
        summary_km=summary_km,
        summary_en=summary_en,
    )


@transaction.atomic
def update_activity(*, by, activity: Activity, version: int, data: dict) -> Activity:
    """Save what a person changed (`data`: some of ACTIVITY_FIELDS, and only those they
    changed) in the activity as it was at `version`. If somebody else saved it since,
    nothing is written: Stale carries what is stored now."""
    if not can_edit_activity(by, activity):
        raise PermissionDenied
    lead = data.get("lead_organization", activity.lead_organization)
    _check_rules(
        by,
        activity.community,
        lead=lead,
        partners=data.get("partner_organizations", ()),
        objectives=data.get("objectives", ()),
    )
    claim_version(instance=activity, version=version)
    status_before = activity.status
    data = {**data, "updated_by": by}
    if "partner_organizations" in data or "lead_organization" in data:
        partners = data.get("partner_organizations", activity.partner_organizations.all())
        data["partner_organizations"] = _partners(partners, lead)
    model_update(instance=activity, fields=[*ACTIVITY_FIELDS, "updated_by"], data=data)
    kinds = list(STREAM_KINDS.values())
    if activity.status == Activity.Status.CANCELLED:
        stream.withdraw(kinds=kinds, subject_id=activity.pk)
    elif activity.status != status_before:
        _on_stream(by=by, activity=activity)
    stream.retitle(kinds=kinds, subject_id=activity.pk, title=stream.translated_title(activity))
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
    stream.withdraw(kinds=list(STREAM_KINDS.values()), subject_id=activity.pk)
    return activity


@transaction.atomic
def restore_activity(*, by, activity: Activity) -> Activity:
    if not is_admin(by):
        raise PermissionDenied
    activity.deleted_at = None
    activity.deleted_by = None
    activity.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    _on_stream(by=activity.created_by, activity=activity, when=activity.created_at, quiet=True)
    return activity


def attach_file(*, by, activity: Activity, file, caption: str = "") -> Attachment:
    """A photo or document for the activity, checked like the resources' files, stored
    with its row (both or neither: a full disk leaves no file and no row)."""
    with rows_with_files() as files:
        return _attach(files, by=by, activity=activity, file=file, caption=caption)


def _attach(files, *, by, activity: Activity, file, caption: str = "") -> Attachment:
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
    files.store(attachment)
    attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(*, by, attachment: Attachment) -> None:
    if not can_edit_activity(by, attachment.activity):
        raise PermissionDenied
    remove_file_on_commit(attachment.file)
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
    stream.publish(
        community=idea.community,
        kind=StreamEvent.Kind.IDEA_ADOPTED,
        actor=by,
        subject_id=idea.pk,
        detail_id=activity.pk,
        title=idea.title,
    )
    return activity
