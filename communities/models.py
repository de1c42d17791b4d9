from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.core.models import Mode, TargetGroup, TimeStampedModel, Versioned
from cop_portal.core.uploads import resource_upload_to
from cop_portal.core.validators import validate_upload_size
from members.models import Organization, Topic


class Community(Versioned, TimeStampedModel):
    """A Community of Practice: a domain, a practice, and the community that works on it."""

    class Status(models.TextChoices):
        FORMING = "forming", _("Forming")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    class Visibility(models.TextChoices):
        MEMBERS = "members", _("Members only")
        PUBLIC = "public", _("Public")

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Every three months")
        AS_NEEDED = "as_needed", _("As needed")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    target_group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices)
    domain = models.TextField(
        _("domain"), blank=True, help_text=_("The shared question or key issue.")
    )
    practice = models.TextField(
        _("practice"), blank=True, help_text=_("How the members learn by doing together.")
    )
    goal = models.TextField(_("goal"), blank=True)
    charter = models.TextField(
        _("ground rules"), blank=True, help_text=_("The charter members agree to.")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    planned_end_date = models.DateField(_("planned end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.FORMING
    )
    closing_summary = models.TextField(_("closing summary"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.HYBRID)
    meeting_cadence = models.CharField(
        _("meeting cadence"), max_length=12, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
        help_text=_("Members only by default: only people of participating organisations see it."),
    )
    full_notifications = models.BooleanField(
        _("full notifications"),
        default=False,
        help_text=_(
            "Public communities only: e-mails carry the text of new posts. Members-only "
            "communities always send discreet notifications: no text, no name."
        ),
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_communities",
        verbose_name=_("facilitators"),
    )
    organizations = models.ManyToManyField(
        Organization,
        through="Participation",
        related_name="communities",
        verbose_name=_("organisations"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            models.CheckConstraint(
                name="community_end_after_start",
                condition=Q(planned_end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(planned_end_date__gte=F("start_date")),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def notifies_discreetly(self) -> bool:
        """Members-only communities always; public ones unless switched to full text."""
        return not (self.is_public and self.full_notifications)

    @property
    def is_past_planned_end(self) -> bool:
        """Still open after its planned end date: time to close it, or to extend it."""
        return (
            not self.is_closed
            and self.planned_end_date is not None
            and self.planned_end_date < timezone.localdate()
        )


class Participation(TimeStampedModel):
    """An organisation taking part in a community, by consent: one of its focal points
    accepted a facilitator's proposal, or an admin added it. Its people are inside the
    community while it has not left."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        LEAD = "lead", _("Lead")

    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("community"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
        help_text=_("The focal point who accepted, or the admin who added the organisation."),
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["community", "organization"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "organization"], name="participation_once_per_organization"
            ),
            models.CheckConstraint(
                name="participation_left_after_joined",
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=F("joined_on")),
            ),
        ]

    def __str__(self):
        return f"{self.organization} · {self.community}"


class Proposal(TimeStampedModel):
    """A facilitator proposes that an organisation take part in a community. Nothing is
    shared until one of the organisation's focal points accepts: then it takes part."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("community")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=10, choices=Participation.Role.choices, default="member"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "organization"],
                condition=Q(status="pending"),
                name="one_pending_proposal_per_organization",
            ),
        ]

    def __str__(self):
        return f"{self.organization} → {self.community}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class Guest(TimeStampedModel):
    """A person of no organisation taking part in one community, invited by its
    facilitator: they see that community and nothing else, and leave when the
    facilitator removes them or the community closes."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="guests", verbose_name=_("community")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="guest_of",
        verbose_name=_("person"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["community", "person"]
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "person"], name="guest_once_per_community"
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.community}"


class Objective(Versioned, TimeStampedModel):
    """A time-bound objective of a community, with its progress."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("community")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    progress = models.SmallIntegerField(_("progress (%)"), default=0)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)

    class Meta:
        ordering = ["community", "target_date", "pk"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.CheckConstraint(
                name="objective_progress_0_to_100",
                condition=Q(progress__gte=0) & Q(progress__lte=100),
            ),
        ]

    def __str__(self):
        return self.title


class Idea(TimeStampedModel):
    """An initiative proposed on a community's ideas board."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ADOPTED = "adopted", _("Adopted")
        DROPPED = "dropped", _("Dropped")

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="ideas", verbose_name=_("community")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    drop_reason = models.TextField(_("reason for dropping"), blank=True)
    activity = models.OneToOneField(
        "activities.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="idea",
        verbose_name=_("activity"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")

    def __str__(self):
        return self.title


class IdeaComment(TimeStampedModel):
    """A member's comment on an idea of the ideas board."""

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="comments", verbose_name=_("idea")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment on an idea")
        verbose_name_plural = _("comments on ideas")

    def __str__(self):
        return self.text[:60]


class Discussion(TimeStampedModel):
    """A thread inside a community."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="discussions", verbose_name=_("community")
    )
    title = models.CharField(_("title"), max_length=200)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    # The one discussion where newcomers introduce themselves (started by the first one).
    is_introductions = models.BooleanField(_("introductions"), default=False, editable=False)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        constraints = [
            models.UniqueConstraint(
                fields=["community"],
                condition=models.Q(is_introductions=True),
                name="one_introductions_discussion",
            ),
        ]

    def __str__(self):
        return self.title


class Post(Versioned, TimeStampedModel):
    discussion = models.ForeignKey(
        Discussion, on_delete=models.CASCADE, related_name="posts", verbose_name=_("discussion")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self):
        return self.text[:60]


class Resource(TimeStampedModel):
    """A document or link in a community's library, or in the shared library (no community)."""

    class Language(models.TextChoices):
        KHMER = "km", _("Khmer")
        ENGLISH = "en", _("English")
        BOTH = "km_en", _("Khmer and English")
        OTHER = "other", _("Other")

    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("community"),
        help_text=_("Empty for the shared library."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(
        _("file"), upload_to=resource_upload_to, blank=True, validators=[validate_upload_size]
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True, editable=False)
    url = models.URLField(_("link"), blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.KHMER
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="resources", verbose_name=_("topics")
    )
    is_good_practice = models.BooleanField(_("good practice"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.CheckConstraint(
                name="resource_has_file_or_link", condition=~Q(file="") | ~Q(url="")
            ),
        ]

    def __str__(self):
        return self.title


class StreamEvent(models.Model):
    """One thing that happened in a community: a card of its stream (its home), a line of
    a digest, a notification. Written by the services, in the transaction of the change,
    so that the stream is read from one table, newest first, whatever the number of
    discussions, ideas and activities behind it. `title` is what the card names (the
    discussion's, the idea's, the activity's title, as it was then)."""

    class Kind(models.TextChoices):
        DISCUSSION_STARTED = "discussion_started", _("started a discussion")
        DISCUSSION_ANSWERED = "discussion_answered", _("answered in a discussion")
        IDEA_PROPOSED = "idea_proposed", _("proposed an idea")
        IDEA_ADOPTED = "idea_adopted", _("adopted an idea")
        ACTIVITY_PLANNED = "activity_planned", _("planned an activity")
        ACTIVITY_DONE = "activity_done", _("reported an activity done")
        RESOURCE_SHARED = "resource_shared", _("shared a resource")
        OBJECTIVE_REACHED = "objective_reached", _("marked an objective reached")
        ORGANIZATION_JOINED = "organization_joined", _("joined the community")
        PERSON_JOINED = "person_joined", _("joined the community")

    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="stream_events",
        verbose_name=_("community"),
    )
    kind = models.CharField(_("what"), max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("The organisation of the person then, or the organisation that joined."),
    )
    # The discussion, idea, activity, resource, objective or person the card is about.
    subject_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    # The post of an answer (the card links to it inside its discussion).
    detail_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["community", "-created_at", "-id"], name="stream_newest_first"),
            models.Index(fields=["kind", "subject_id"], name="stream_subject"),
            models.Index(fields=["created_at"], name="stream_by_time"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.title}"


class Visit(models.Model):
    """When a person last opened a community's home: what is newer is "new since your
    last visit", and counts as unread on the dashboard and in the navigation. A person who
    has just arrived (an accepted invitation) is welcomed there once."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="community_visits",
        verbose_name=_("person"),
    )
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="visits", verbose_name=_("community")
    )
    seen_at = models.DateTimeField(_("last visit"), null=True, blank=True)
    welcome_pending = models.BooleanField(_("to be welcomed"), default=False)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.UniqueConstraint(fields=["person", "community"], name="visit_once_per_person"),
        ]

    def __str__(self):
        return f"{self.person} · {self.community}"


class Follow(models.Model):
    """A person following a discussion: they hear of its replies. Starting a discussion
    or replying in it follows it; unfollowing is kept (`following` False) until the person
    writes there again."""

    discussion = models.ForeignKey(
        Discussion, on_delete=models.CASCADE, related_name="follows", verbose_name=_("discussion")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("person"),
    )
    following = models.BooleanField(_("following"), default=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("followed discussion")
        verbose_name_plural = _("followed discussions")
        constraints = [
            models.UniqueConstraint(fields=["discussion", "person"], name="follow_once"),
        ]

    def __str__(self):
        return f"{self.person} · {self.discussion}"
