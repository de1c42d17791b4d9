from allauth.account.fields import EmailField
from allauth.account.forms import LoginForm
from django import forms
from django.utils.translation import gettext_lazy as _

from cop_portal.core.forms import (
    BilingualFormMixin,
    ModelMultipleChoiceField,
    ServiceModelForm,
    StoredValuesMixin,
    VersionedFormMixin,
)
from cop_portal.core.models import TargetGroup, province_choices

from .models import NotificationSetting, Organization, Topic, User


class SignInForm(LoginForm):
    """allauth's sign-in form (the admin's too), refusing an address longer than one can
    be (as long as User.email holds) before anyone is looked up or the attempt recorded:
    django-axes would write it to a column of 255 characters, which PostgreSQL refuses
    with a server error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"] = EmailField(max_length=User._meta.get_field("email").max_length)


class PreferencesForm(VersionedFormMixin, ServiceModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "preferred_language", "khmer_digits"]
        widgets = {"preferred_language": forms.RadioSelect}


def _choices(objects, empty_label) -> list[tuple[str, str]]:
    """Choices keyed by slug, labelled with the name in the page's language (or the other)."""
    return [("", empty_label), *((obj.slug, obj.name) for obj in objects)]


class OrganizationFilterForm(StoredValuesMixin, forms.Form):
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


class KnowledgeMapFilterForm(StoredValuesMixin, forms.Form):
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


class TopicsField(ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.name  # in the page's language, or the other where it is missing


class OrganizationForm(VersionedFormMixin, BilingualFormMixin, ServiceModelForm):
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
        self.fields["province"].choices = [("", _("Choose a province")), *province_choices()]
        for name in ("offers", "needs"):
            self.fields[name].queryset = topics

    def clean(self):
        cleaned = super().clean()
        check_offers_and_needs(self, cleaned)
        return cleaned


class NotificationSettingsForm(StoredValuesMixin, forms.Form):
    """For each channel the site offers and each kind of news: at once, in the daily or
    the weekly digest, or never. A field is named "<channel>-<kind>"; one left out keeps
    what it was."""

    def __init__(self, data=None, *, channels, current: dict[tuple[str, str], str]):
        super().__init__(data)
        self.channels = channels
        for channel in channels:
            for kind, label in NotificationSetting.Kind.choices:
                self.fields[f"{channel.name}-{kind}"] = forms.ChoiceField(
                    label=label,
                    choices=NotificationSetting.When.choices,
                    widget=forms.RadioSelect,
                    initial=current[(channel.name, kind)],
                    required=False,
                )

    def fields_of(self, channel) -> list:
        return [self[f"{channel.name}-{kind}"] for kind in NotificationSetting.Kind.values]

    def choices(self) -> dict[tuple[str, str], str]:
        """(channel, kind) → when, as chosen."""
        return {tuple(name.split("-", 1)): value for name, value in self.cleaned_data.items()}
