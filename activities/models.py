from django.conf import settings
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from communities.models import Community, Objective
from cop_portal.core.models import Mode, TimeStampedModel, Versioned, province_choices
from cop_portal.core.uploads import attachment_upload_to
from cop_portal.core.validators import validate_upload_size
from members.models import Organization

# Disaggregated participant counts: each is part of the total.
DISAGGREGATED_COUNTS = (
    "participants_women",
    "participants_men",
    "participants_disability",
    "participants_youth",
    "participants_elderly",
    "participants_indigenous",
)
PARTICIPANT_COUNTS = ("participants_total", *DISAGGREGATED_COUNTS)

ATTACHMENT_EXTENSIONS = [
    "pdf",
    "jpg",
    "jpeg",
    "png",
    "webp",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "odt",
    "ods",
    "odp",
    "txt",
]


class ActivityType(models.Model):
    """One of the kinds of joint activity the seed names (solving a problem, visits, …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")

    def __str__(self):
        return self.name


class LiveActivityManager(models.Manager):
    """Activities not deleted. Deleting is soft: an admin can restore (all_objects)."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


def _count_field(label):
    return models.IntegerField(label, default=0, validators=[MinValueValidator(0)])


class Activity(Versioned, TimeStampedModel):
    """Something organisations of a community did, or plan to do, together."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="activities", verbose_name=_("community")
    )
    activity_type = models.ForeignKey(
        ActivityType,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("activity type"),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    lead_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="led_activities",
        verbose_name=_("lead organisation"),
    )
    partner_organizations = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="partner_activities",
        verbose_name=_("partner organisations"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    place = models.CharField(_("place"), max_length=200, blank=True)
    province = models.CharField(_("province"), max_length=2, choices=province_choices, blank=True)
    participants_total = _count_field(_("participants"))
    participants_women = _count_field(_("women"))
    participants_men = _count_field(_("men"))
    participants_disability = _count_field(_("people with disabilities"))
    participants_youth = _count_field(_("youth"))
    participants_elderly = _count_field(_("elderly people"))
    participants_indigenous = _count_field(_("indigenous people"))
    outcomes = models.TextField(_("outcomes"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="activities", verbose_name=_("objectives served")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    # The form a person sent, by the id it was given when shown: the same form sent twice
    # (a second tap on a slow connection, a browser's retry) logs one activity, as
    # KoboToolbox's instanceID does for its submissions.
    submission = models.UUIDField(
        _("submission"), null=True, blank=True, unique=True, editable=False
    )
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("deleted by"),
    )

    objects = LiveActivityManager()
    all_objects = models.Manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                name="activity_end_after_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
            ),
            models.CheckConstraint(
                name="activity_counts_not_negative",
                condition=Q(**{f"{field}__gte": 0 for field in PARTICIPANT_COUNTS}),
            ),
            *(
                models.CheckConstraint(
                    name=f"activity_{field}_within_total",
                    condition=Q(**{f"{field}__lte": F("participants_total")}),
                )
                for field in DISAGGREGATED_COUNTS
            ),
            models.CheckConstraint(
                name="activity_women_and_men_within_total",
                condition=Q(
                    participants_total__gte=F("participants_women") + F("participants_men")
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["community", "-start_date"], name="activity_community_date"),
            models.Index(fields=["lead_organization", "-start_date"], name="activity_lead_date"),
            # The reports' figures, and the pages of activity lists with their filters, read
            # from this index alone on PostgreSQL (an index-only scan of a few MB instead of
            # the whole table with its long texts).
            models.Index(
                fields=["community", "start_date"],
                include=[
                    "id",
                    "status",
                    "activity_type",
                    "lead_organization",
                    "province",
                    *PARTICIPANT_COUNTS,
                ],
                condition=Q(deleted_at__isnull=True),
                name="activity_report_figures",
            ),
        ]

    def __str__(self):
        return self.title


class Attachment(TimeStampedModel):
    """A photo or document attached to an activity."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("activity")
    )
    file = models.FileField(
        _("file"),
        upload_to=attachment_upload_to,
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS), validate_upload_size],
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["activity", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.caption or self.file_name or self.file.name
