from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from cop_portal.core.forms import (
    LANGUAGES,
    BilingualFormMixin,
    DateInput,
    ModelMultipleChoiceField,
    ServiceModelForm,
    StoredValuesMixin,
    VersionedFormMixin,
)
from cop_portal.core.models import Mode, TargetGroup
from members.models import Invitation, Organization, Topic, User
from members.permissions import invitation_kinds
from members.selectors import organizations_for_inviter

from .models import (
    Community,
    Discussion,
    Idea,
    IdeaComment,
    Objective,
    Participation,
    Post,
    Proposal,
    Resource,
)
from .selectors import co_facilitator_choices, communities_for_inviter


class CommunityForm(VersionedFormMixin, BilingualFormMixin, ServiceModelForm):
    """Create or edit a community. Either language is enough to save."""

    bilingual = {
        "name": _("Name"),
        "domain": _("Domain: the shared question or key issue"),
        "practice": _("Practice: how the members learn by doing"),
        "goal": _("Goal"),
        "charter": _("Ground rules"),
    }

    class Meta:
        model = Community
        fields = [
            *(
                f"{field}_{language}"
                for field in ("name", "domain", "practice", "goal", "charter")
                for language in LANGUAGES
            ),
            "target_group",
            "status",
            "visibility",
            "full_notifications",
            "start_date",
            "planned_end_date",
            "mode",
            "meeting_cadence",
        ]
        widgets = {
            "start_date": DateInput(),
            "planned_end_date": DateInput(),
            "domain_km": forms.Textarea(attrs={"rows": 3}),
            "domain_en": forms.Textarea(attrs={"rows": 3}),
            "practice_km": forms.Textarea(attrs={"rows": 3}),
            "practice_en": forms.Textarea(attrs={"rows": 3}),
            "goal_km": forms.Textarea(attrs={"rows": 3}),
            "goal_en": forms.Textarea(attrs={"rows": 3}),
            "charter_km": forms.Textarea(attrs={"rows": 4}),
            "charter_en": forms.Textarea(attrs={"rows": 4}),
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_km"].help_text = _("A name in Khmer or in English is enough.")
        self.fields["target_group"].choices = TargetGroup.choices
        self.fields["mode"].choices = Mode.choices
        # Closing has its own page, with the closing report.
        self.fields["status"].choices = [
            (value, label)
            for value, label in Community.Status.choices
            if value != Community.Status.CLOSED
        ]

    def clean(self):
        cleaned = super().clean()
        self.require_one_language(
            cleaned, "name", _("Give the community a name, in Khmer or in English.")
        )
        start, end = cleaned.get("start_date"), cleaned.get("planned_end_date")
        if start and end and end < start:
            self.add_error(
                "planned_end_date", _("The planned end date cannot be before the start date.")
            )
        return cleaned


class DirectoryFilterForm(StoredValuesMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    target_group = forms.ChoiceField(
        label=_("Target group"),
        required=False,
        choices=[("", _("All target groups")), *TargetGroup.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Community.Status.choices],
    )
    mode = forms.ChoiceField(
        label=_("Mode"), required=False, choices=[("", _("Any mode")), *Mode.choices]
    )


class AddOrganizationForm(StoredValuesMixin, forms.Form):
    organization = forms.ModelChoiceField(
        queryset=None, label=_("Organisation"), empty_label=_("Choose an organisation")
    )
    role = forms.ChoiceField(
        choices=Participation.Role.choices, initial=Participation.Role.MEMBER, label=_("Role")
    )
    joined_on = forms.DateField(
        required=False,
        widget=DateInput(),
        label=_("Joined on"),
        help_text=_("Empty for today."),
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(is_active=True).exclude(
            participations__community=community, participations__left_on__isnull=True
        )


class ProposeOrganizationForm(StoredValuesMixin, forms.Form):
    """A facilitator proposes an organisation; its focal points accept or decline."""

    organization = forms.ModelChoiceField(
        queryset=None, label=_("Organisation"), empty_label=_("Choose an organisation")
    )
    role = forms.ChoiceField(
        choices=Participation.Role.choices, initial=Participation.Role.MEMBER, label=_("Role")
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            Organization.objects.filter(is_active=True)
            .exclude(
                pk__in=community.participations.filter(left_on__isnull=True).values("organization")
            )
            .exclude(
                pk__in=community.proposals.filter(status=Proposal.Status.PENDING).values(
                    "organization"
                )
            )
        )


class RemoveOrganizationForm(StoredValuesMixin, forms.Form):
    participation = forms.IntegerField(widget=forms.HiddenInput)
    left_on = forms.DateField(
        required=False, widget=DateInput(), label=_("Left on"), help_text=_("Empty for today.")
    )


class LeaveCommunityForm(StoredValuesMixin, forms.Form):
    """A focal point takes their organisation out of a community, having said they know
    what it means."""

    participation = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("Our people will lose access to this community at once."),
        error_messages={"required": _("Tick the box to say you understand, then try again.")},
    )


class AddFacilitatorForm(StoredValuesMixin, forms.Form):
    person = forms.ModelChoiceField(
        queryset=None,
        label=_("Facilitator"),
        empty_label=_("Choose a facilitator"),
        help_text=_("Facilitators of the organisations taking part. An admin can add others."),
    )

    def __init__(self, *args, community, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = co_facilitator_choices(user, community)


class ObjectiveForm(VersionedFormMixin, BilingualFormMixin, ServiceModelForm):
    bilingual = {"title": _("Objective"), "description": _("Description")}
    achieved = forms.BooleanField(required=False, label=_("Achieved"))

    class Meta:
        model = Objective
        fields = [
            "title_km",
            "title_en",
            "description_km",
            "description_en",
            "target_date",
            "progress",
        ]
        widgets = {
            "target_date": DateInput(),
            "description_km": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["progress"].label = _("Progress (%)")
        self.fields["progress"].min_value = 0
        self.fields["progress"].max_value = 100
        self.fields["progress"].validators += [MinValueValidator(0), MaxValueValidator(100)]
        if self.instance.pk:
            self.fields["achieved"].initial = self.instance.achieved_on is not None

    def clean(self):
        cleaned = super().clean()
        self.require_one_language(
            cleaned, "title", _("Write the objective, in Khmer or in English.")
        )
        return cleaned


class CloseCommunityForm(BilingualFormMixin, ServiceModelForm):
    bilingual = {"closing_summary": _("Closing summary"), "lessons": _("Lessons learned")}

    class Meta:
        model = Community
        fields = ["closing_summary_km", "closing_summary_en", "lessons_km", "lessons_en"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closing_summary_km"].help_text = _(
            "What the community achieved, against its goal and objectives."
        )


class IdeaForm(ServiceModelForm):
    class Meta:
        model = Idea
        fields = ["title", "text"]
        labels = {"title": _("Your idea"), "text": _("Tell more: what, with whom, why")}
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class CommentForm(ServiceModelForm):
    class Meta:
        model = IdeaComment
        fields = ["text"]
        labels = {"text": _("Your comment")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class DropIdeaForm(StoredValuesMixin, forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label=_("Why is the idea dropped?")
    )


class DiscussionForm(ServiceModelForm):
    text = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text; links are made clickable."),
    )

    class Meta:
        model = Discussion
        fields = ["title"]
        labels = {"title": _("Subject")}


class PostForm(VersionedFormMixin, ServiceModelForm):
    class Meta:
        model = Post
        fields = ["text"]
        labels = {"text": _("Your reply")}
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class IntroductionForm(StoredValuesMixin, forms.Form):
    """A newcomer's first words in a community (its introductions discussion)."""

    text = forms.CharField(
        label=_("Introduce yourself"),
        help_text=_("Who you are, the work you do, and what you hope to learn or share here."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ResourceForm(StoredValuesMixin, forms.Form):
    """A document or a link for a library. The form only parses: the service checks the
    file's content and the rules (a file or a link; who may mark good practice)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        max_length=100,
        help_text=_("PDF, image or office document, 10 MB at most."),
    )
    url = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Or a link to a page or a video."),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=Resource.Language.choices, initial=Resource.Language.KHMER
    )
    topics = ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_good_practice = forms.BooleanField(label=_("Good practice"), required=False)

    def __init__(self, *args, can_mark_good_practice=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_mark_good_practice:
            del self.fields["is_good_practice"]


class InvitationForm(StoredValuesMixin, forms.Form):
    """Invite a person as what the inviter may invite them as: a member of an
    organisation (focal points: their own; admins: any), a guest of one community
    (facilitators: theirs), a facilitator (admins)."""

    email = forms.EmailField(label=_("E-mail address of the person"))
    kind = forms.ChoiceField(label=_("Invite as"), widget=forms.RadioSelect)
    organization = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Organisation"), empty_label=_("(none)")
    )
    community = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Community"),
        empty_label=_("(none)"),
        help_text=_("For a guest: the one community they will see and take part in."),
    )
    language = forms.ChoiceField(
        choices=User.Language.choices,
        initial=User.Language.KHMER,
        label=_("Language of the invitation e-mail"),
    )

    def __init__(self, *args, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = invitation_kinds(inviter)
        self.fields["kind"].choices = [
            (value, label) for value, label in Invitation.Kind.choices if value in kinds
        ]
        self.fields["kind"].initial = kinds[0] if kinds else None
        if Invitation.Kind.MEMBER in kinds:
            self.fields["organization"].queryset = organizations_for_inviter(inviter)
        else:
            del self.fields["organization"]
        if {Invitation.Kind.GUEST, Invitation.Kind.FACILITATOR} & set(kinds):
            self.fields["community"].queryset = communities_for_inviter(inviter)
        else:
            del self.fields["community"]
        if len(kinds) == 1:
            self.fields["kind"].widget = forms.HiddenInput()
            if kinds == [Invitation.Kind.MEMBER]:
                self.fields["organization"].required = True
                self.fields["organization"].empty_label = None
            elif kinds == [Invitation.Kind.GUEST]:
                self.fields["community"].required = True
                self.fields["community"].empty_label = None


class AcceptInvitationForm(StoredValuesMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    password_again = forms.CharField(
        label=_("The same password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    preferred_language = forms.ChoiceField(
        choices=User.Language.choices,
        initial=User.Language.KHMER,
        label=_("The language you prefer"),
        widget=forms.RadioSelect,
    )

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password and password != cleaned.get("password_again"):
            self.add_error("password_again", _("The two passwords are not the same."))
        return cleaned
