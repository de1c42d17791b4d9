from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User
from .permissions import is_admin
from .selectors import communities_for_inviter, organizations_for_inviter


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))
    organization = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Organisation"), empty_label=_("(none)")
    )
    community = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Community"), empty_label=_("(none)")
    )
    as_facilitator = forms.BooleanField(
        required=False,
        label=_("Invite as facilitator"),
        help_text=_("Facilitators create communities and invite people to them."),
    )
    language = forms.ChoiceField(
        choices=User.Language.choices,
        initial=User.Language.KHMER,
        label=_("Language of the invitation e-mail"),
    )

    def __init__(self, *args, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_for_inviter(inviter)
        self.fields["community"].queryset = communities_for_inviter(inviter)
        if not is_admin(inviter):
            del self.fields["as_facilitator"]
            self.fields["community"].required = True
            self.fields["organization"].required = True


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


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "preferred_language", "khmer_digits"]
        widgets = {"preferred_language": forms.RadioSelect}
