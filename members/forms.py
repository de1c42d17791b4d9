from django import forms
from django.utils.translation import gettext_lazy as _

from cop_portal.forms import BilingualFormMixin, ServiceModelForm
from cop_portal.models import TargetGroup, province_choices

from .models import Invitation, Organization, Topic, User
from .permissions import invitation_kinds
from .selectors import communities_for_inviter, organizations_for_inviter


class InvitationForm(forms.Form):
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


class AcceptInvitationForm(forms.Form):
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


class PreferencesForm(ServiceModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "preferred_language", "khmer_digits"]
        widgets = {"preferred_language": forms.RadioSelect}


def _choices(objects, empty_label) -> list[tuple[str, str]]:
    """Choices keyed by slug, labelled with the name in the page's language (or the other)."""
    return [("", empty_label), *((obj.slug, obj.name) for obj in objects)]


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or acronym"), required=False, max_length=100)
    target_group = forms.ChoiceField(
        label=_("Target group"),
        required=False,
        choices=[("", _("All target groups")), *TargetGroup.choices],
    )
    province = forms.ChoiceField(label=_("Province"), required=False)
    community = forms.ChoiceField(label=_("Community"), required=False)
    offers = forms.ChoiceField(label=_("Offers the topic"), required=False)
    needs = forms.ChoiceField(label=_("Needs the topic"), required=False)

    def __init__(self, *args, communities, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("All provinces")), *province_choices()]
        self.fields["community"].choices = _choices(communities, _("All communities"))
        self.fields["offers"].choices = _choices(topics, _("Any topic"))
        self.fields["needs"].choices = _choices(topics, _("Any topic"))


class KnowledgeMapFilterForm(forms.Form):
    target_group = forms.ChoiceField(
        label=_("Target group of the organisations"),
        required=False,
        choices=[("", _("All target groups")), *TargetGroup.choices],
    )
    community = forms.ChoiceField(label=_("Organisations taking part in"), required=False)

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = _choices(communities, _("All communities"))


def check_offers_and_needs(form, cleaned) -> None:
    """A topic is offered or needed, not both: the error names the topics in both lists."""
    both = set(cleaned.get("offers") or []) & set(cleaned.get("needs") or [])
    if both:
        form.add_error(
            "needs",
            _("A topic is either offered or needed, not both. Take it out of one list: %(topics)s.")
            % {"topics": ", ".join(sorted(topic.name for topic in both))},
        )


class TopicsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.name  # in the page's language, or the other where it is missing


class OrganizationForm(BilingualFormMixin, ServiceModelForm):
    """What a focal point keeps up to date: the profile and the knowledge map."""

    bilingual = {"description": _("Description")}
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )
    offers = TopicsField(
        queryset=Topic.objects.none(),
        required=False,
        label=_("What your organisation offers"),
        help_text=_("Knowledge and skills it can share with other organisations."),
    )
    needs = TopicsField(
        queryset=Topic.objects.none(),
        required=False,
        label=_("What your organisation needs"),
        help_text=_("What it wants to learn from other organisations."),
    )

    class Meta:
        model = Organization
        fields = [
            "description_km",
            "description_en",
            "address",
            "province",
            "website",
            "contact_email",
            "contact_phone",
            "offers",
            "needs",
        ]
        labels = {
            "address": _("Address"),
            "province": _("Province"),
            "contact_email": _("Contact e-mail"),
            "contact_phone": _("Contact phone"),
        }
        widgets = {
            "description_km": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", "---------"), *province_choices()]
        for name in ("offers", "needs"):
            self.fields[name].queryset = topics

    def clean(self):
        cleaned = super().clean()
        check_offers_and_needs(self, cleaned)
        return cleaned
