from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.core.models import TargetGroup, TimeStampedModel, Versioned, province_choices


class Topic(models.Model):
    """A knowledge-map topic an organisation can offer or need (e.g. advocacy, M&E)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class Organization(Versioned, TimeStampedModel):
    """A grantee organisation of the Voice programme."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    target_group = models.CharField(
        _("target group"), max_length=20, choices=TargetGroup.choices, blank=True
    )
    province = models.CharField(_("province"), max_length=2, choices=province_choices, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    offers = models.ManyToManyField(
        Topic, blank=True, related_name="offered_by", verbose_name=_("offers")
    )
    needs = models.ManyToManyField(
        Topic, blank=True, related_name="needed_by", verbose_name=_("needs")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class EmailUserManager(UserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(Versioned, AbstractUser):
    """A person: signs in with an e-mail address, belongs to at most one organisation."""

    class Language(models.TextChoices):
        KHMER = "km", _("Khmer")
        ENGLISH = "en", _("English")

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.KHMER
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    is_focal_point = models.BooleanField(
        _("focal point"),
        default=False,
        help_text=_("The organisation's contact: edits its profile and invites colleagues."),
    )
    is_facilitator = models.BooleanField(
        _("facilitator"), default=False, help_text=_("May create and facilitate communities.")
    )
    khmer_digits = models.BooleanField(
        _("Khmer digits"),
        default=True,
        help_text=_("Show numbers and dates on Khmer pages with Khmer digits (០១២…)."),
    )
    is_guest = models.BooleanField(
        _("guest"),
        default=False,
        help_text=_(
            "A person of no organisation, invited by a facilitator into one community; "
            "shown as a guest wherever their name shows."
        ),
    )
    calendar_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = EmailUserManager()

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name or self.email


class Invitation(TimeStampedModel):
    """An e-mail address invited to join the portal: accounts exist only by invitation.

    Into an organisation (by one of its focal points, or an admin), as a guest of one
    community (by its facilitator, or an admin), or as a facilitator (by an admin).
    The link carries a random token; only its SHA-256 digest is stored, so the database
    alone cannot be used to accept an invitation. It can be used once, within 7 days.
    """

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member of an organisation")
        GUEST = "guest", _("Guest of a community")
        FACILITATOR = "facilitator", _("Facilitator")

    email = models.EmailField(_("e-mail address"))
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("community"),
    )
    as_facilitator = models.BooleanField(_("as facilitator"), default=False)
    as_guest = models.BooleanField(_("as guest"), default=False)
    language = models.CharField(
        _("language of the invitation"),
        max_length=2,
        choices=User.Language.choices,
        default=User.Language.KHMER,
    )
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    # The link's token is a keyed hash of this secret (with SECRET_KEY): the inviter can
    # copy the same link again, and the database alone still opens nothing.
    link_secret = models.CharField(max_length=64, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("accepted by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                name="invitation_for_an_organisation_a_guest_or_a_facilitator",
                condition=(
                    models.Q(organization__isnull=False, as_guest=False, as_facilitator=False)
                    | models.Q(
                        organization__isnull=True,
                        community__isnull=False,
                        as_guest=True,
                        as_facilitator=False,
                    )
                    | models.Q(as_guest=False, as_facilitator=True)
                ),
            ),
        ]

    def __str__(self):
        return self.email

    @property
    def kind(self) -> str:
        if self.as_facilitator:
            return self.Kind.FACILITATOR
        if self.as_guest:
            return self.Kind.GUEST
        return self.Kind.MEMBER

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class MembershipEvent(models.Model):
    """One line of the membership log: a change of who is where, or an export, with who
    did it and when. Focal points read their organisation's lines, facilitators their
    community's, admins all. Lines are never changed; a deleted person, organisation or
    community leaves its lines, without the link."""

    class Action(models.TextChoices):
        PROPOSED = "proposed", _("Organisation proposed to a community")
        ACCEPTED = "accepted", _("Proposal accepted")
        DECLINED = "declined", _("Proposal declined")
        WITHDRAWN = "withdrawn", _("Proposal withdrawn")
        ADDED = "added", _("Organisation added by an admin")
        REMOVED = "removed", _("Organisation removed from a community")
        LEFT = "left", _("Organisation took itself out of a community")
        INVITED = "invited", _("Person invited into an organisation")
        GUEST_INVITED = "guest_invited", _("Guest invited into a community")
        FACILITATOR_INVITED = "facilitator_invited", _("Facilitator invited")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        INVITATION_RESENT = "invitation_resent", _("Invitation sent again")
        INVITATION_LINK_SHOWN = "invitation_link_shown", _("Invitation link shown, to copy")
        GUEST_REMOVED = "guest_removed", _("Guest removed from a community")
        REMOVAL_UNDONE = "removal_undone", _("Removal undone")
        FACILITATOR_ADDED = "facilitator_added", _("Co-facilitator added")
        FACILITATOR_REMOVED = "facilitator_removed", _("Facilitator removed")
        ORGANISATION_CHANGED = "organisation_changed", _("Person's organisation changed")
        DEACTIVATED = "deactivated", _("Person deactivated")
        REACTIVATED = "reactivated", _("Person made active again")
        EXPORTED = "exported", _("Export")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(_("what"), max_length=24, choices=Action.choices)
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("community"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("membership log entry")
        verbose_name_plural = _("membership log")
        indexes = [
            models.Index(fields=["community", "-created_at"], name="membership_log_community"),
            models.Index(
                fields=["organization", "-created_at"], name="membership_log_organization"
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} · {self.created_at:%Y-%m-%d %H:%M}"


class Notice(models.Model):
    """A discreet link in a notification: `/km/n/<token>/` opens, after sign-in and for
    its recipient only, the page the notification is about. The e-mail carries no text,
    no name and no address of a members-only community; only the token's digest is kept."""

    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notices", verbose_name=_("recipient")
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    path = models.CharField(_("page"), max_length=300)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self):
        return f"{self.recipient} · {self.created_at:%Y-%m-%d}"


class NotificationSetting(models.Model):
    """How a person hears of one kind of news on one channel: at once, in a daily or a
    weekly digest, or never. A missing row is the default (`members.notifications`):
    Telegram at once once connected, e-mail in the daily digest."""

    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("A new discussion")
        REPLY = "reply", _("A reply in a discussion I follow")
        IDEA = "idea", _("A new or adopted idea")
        ACTIVITY = "activity", _("An activity planned or done")
        RESOURCE = "resource", _("A resource shared")
        INVITED = "invited", _("My organisation invited to a community")
        JOINED = "joined", _("Someone joined a community of mine")

    class When(models.TextChoices):
        NOW = "now", _("At once")
        DAILY = "daily", _("In the daily digest")
        WEEKLY = "weekly", _("In the weekly digest")
        NEVER = "never", _("Never")

    person = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("person"),
    )
    # One of the channels of `members.channels` ("email", "telegram", ...).
    channel = models.CharField(_("channel"), max_length=20)
    kind = models.CharField(_("news"), max_length=12, choices=Kind.choices)
    when = models.CharField(_("when"), max_length=8, choices=When.choices)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "channel", "kind"], name="notification_setting_once"
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.channel} · {self.kind}: {self.when}"


class MessengerLink(models.Model):
    """A person's chat on a messenger (Telegram): where the portal writes to them. The
    address (Telegram's chat id) is stored to send, never shown to anyone."""

    person = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="messenger_links", verbose_name=_("person")
    )
    channel = models.CharField(_("channel"), max_length=20)
    address = models.CharField(max_length=64, editable=False)
    linked_at = models.DateTimeField(_("connected"), default=timezone.now)

    class Meta:
        verbose_name = _("messenger connection")
        verbose_name_plural = _("messenger connections")
        constraints = [
            models.UniqueConstraint(fields=["person", "channel"], name="messenger_link_once"),
        ]

    def __str__(self):
        return f"{self.person} · {self.channel}"


class MessengerLinkToken(models.Model):
    """The one-time token of a "connect" link (`https://t.me/<bot>?start=<token>`): the
    chat that sends it back within its time is linked to the person. Only its digest is
    kept."""

    person = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    channel = models.CharField(_("channel"), max_length=20)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("connection link")
        verbose_name_plural = _("connection links")

    def __str__(self):
        return f"{self.person} · {self.channel}"


class DigestSent(models.Model):
    """A digest sent to a person, for one channel, frequency and period (a day
    "2026-12-02" or an ISO week "2026-W49"): `send_digests` sends each one once, however
    often it runs."""

    person = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    channel = models.CharField(_("channel"), max_length=20)
    frequency = models.CharField(_("frequency"), max_length=8)
    period = models.CharField(_("period"), max_length=10)
    events = models.PositiveIntegerField(_("news in it"), default=0)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "channel", "frequency", "period"], name="digest_once"
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.frequency} {self.period}"
