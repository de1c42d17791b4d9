from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from cop_portal.core.admin_mixins import (
    SlugFromNames,
    StoredValuesAdminMixin,
    TranslatesPermissions,
    yes_no,
)

from .forms import check_offers_and_needs
from .models import Invitation, MembershipEvent, Organization, Topic, User
from .second_factor import remove_second_factor
from .services import deactivate_person, record_event, record_sign_in_address

admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(StoredValuesAdminMixin, TranslatesPermissions, DjangoGroupAdmin):
    pass


class SignInAddressMixin:
    """The sign-in address an admin gives is nobody else's, whatever its capitals."""

    def clean_email(self):
        email = self.cleaned_data["email"]
        person = self.instance.pk
        if (
            User.objects.exclude(pk=person).filter(email__iexact=email).exists()
            or EmailAddress.objects.exclude(user=person).filter(email__iexact=email).exists()
        ):
            raise ValidationError(_("Somebody already has an account with this address."))
        return email


class PersonChangeForm(SignInAddressMixin, UserChangeForm):
    pass


class PersonCreationForm(SignInAddressMixin, AdminUserCreationForm):
    pass


@admin.register(User)
class UserAdmin(StoredValuesAdminMixin, TranslatesPermissions, DjangoUserAdmin):
    # The admin is where a person's sign-in address changes (the portal has no page for
    # it); allauth's record of it follows on save.
    form = PersonChangeForm
    add_form = PersonCreationForm
    ordering = ["full_name", "email"]
    list_display = [
        "email",
        "full_name",
        "organization",
        *(
            yes_no(User, name)
            for name in ("is_focal_point", "is_facilitator", "is_staff", "is_active")
        ),
    ]
    list_filter = [
        "is_active",
        "is_staff",
        "is_facilitator",
        "is_focal_point",
        "preferred_language",
        "organization",
    ]
    list_select_related = ["organization"]
    search_fields = [
        "email",
        "full_name",
        "phone",
        "organization__name_km",
        "organization__name_en",
    ]
    autocomplete_fields = ["organization"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Person"),
            {"fields": ["full_name", "phone", "preferred_language", "organization"]},
        ),
        (
            _("Roles"),
            {
                "fields": [
                    "is_active",
                    "is_focal_point",
                    "is_facilitator",
                    "is_guest",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    actions = ["deactivate", "remove_second_factor"]

    @admin.action(description=_("Deactivate the selected people (their sessions end)"))
    def deactivate(self, request, queryset):
        done = 0
        for person in queryset.filter(is_active=True):
            try:
                deactivate_person(by=request.user, person=person)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{person}: {error}", messages.ERROR)
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(count)d person deactivated.", "%(count)d people deactivated.", done)
            % {"count": done},
        )

    @admin.action(
        description=_(
            "Remove the two-step sign-in of the selected people (a lost phone: they set it "
            "up again when they next sign in)"
        )
    )
    def remove_second_factor(self, request, queryset):
        done = 0
        for person in queryset:
            if remove_second_factor(by=request.user, person=person):
                self.log_change(request, person, _("Two-step sign-in removed"))
                done += 1
        self.message_user(
            request,
            ngettext(
                "Two-step sign-in removed for %(count)d person.",
                "Two-step sign-in removed for %(count)d people.",
                done,
            )
            % {"count": done},
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or "email" in form.changed_data:
            record_sign_in_address(by=request.user, person=obj)
        if "organization" in form.changed_data:
            # Who is in which organisation is in the membership log, whoever changed it.
            record_event(
                action=MembershipEvent.Action.ORGANISATION_CHANGED,
                actor=request.user,
                organization=obj.organization,
                person=obj,
                email=obj.email,
                details={"from": form.initial.get("organization"), "where": "admin"},
            )

    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "full_name",
                    "organization",
                    "preferred_language",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]


class TopicAdminForm(SlugFromNames):
    slug_fallback = "topic"

    class Meta:
        model = Topic
        fields = "__all__"  # noqa: DJ007 -- the admin lays out every field itself


@admin.register(Topic)
class TopicAdmin(StoredValuesAdminMixin, TranslationAdmin):
    form = TopicAdminForm
    list_display = ["name", "slug"]
    search_fields = ["name_km", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


class OrganizationAdminForm(SlugFromNames):
    slug_fallback = "organization"

    class Meta:
        model = Organization
        fields = "__all__"  # noqa: DJ007 -- the admin lays out every field itself

    def clean(self):
        cleaned = super().clean()
        check_offers_and_needs(self, cleaned)
        return cleaned


@admin.register(Organization)
class OrganizationAdmin(StoredValuesAdminMixin, SimpleHistoryAdmin, TranslationAdmin):
    form = OrganizationAdminForm
    list_display = [
        "name",
        "acronym",
        "target_group",
        "province",
        yes_no(Organization, "is_active"),
    ]
    list_filter = ["is_active", "target_group", "province"]
    search_fields = ["name_km", "name_en", "acronym", "slug", "contact_email"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["offers", "needs"]


@admin.register(Invitation)
class InvitationAdmin(StoredValuesAdminMixin, admin.ModelAdmin):
    list_display = [
        "email",
        "organization",
        "community",
        yes_no(Invitation, "as_facilitator"),
        yes_no(Invitation, "as_guest"),
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
    list_filter = ["as_facilitator", "as_guest", "language", "organization", "community"]
    list_select_related = ["organization", "community", "invited_by"]
    search_fields = ["email"]
    readonly_fields = [
        "email",
        "organization",
        "community",
        "as_facilitator",
        "as_guest",
        "language",
        "invited_by",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "created_at",
    ]

    def has_add_permission(self, request):
        # Invitations are sent from the portal's page, which e-mails the link.
        return False


@admin.register(MembershipEvent)
class MembershipEventAdmin(StoredValuesAdminMixin, admin.ModelAdmin):
    """The membership log, every line of it: read only, filterable."""

    list_display = ["created_at", "action", "actor", "community", "organization", "person"]
    list_filter = ["action", "created_at", "community", "organization"]
    list_select_related = ["actor", "community", "organization", "person"]
    search_fields = ["email", "actor__full_name", "actor__email", "person__full_name"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in MembershipEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(StoredValuesAdminMixin, admin.ModelAdmin):
    """Who has set up two-step sign-in, and when it was last used. Secrets are never shown;
    deleting a person's authenticator app (or the "Remove the two-step sign-in" action on
    people) lets them set up a new one."""

    list_display = ["person", "kind", "created", "last_used"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__full_name"]
    fields = ["person", "kind", "created", "last_used"]
    readonly_fields = fields

    @admin.display(description=_("Person"), ordering="user__email")
    def person(self, authenticator):
        return authenticator.user.email

    @admin.display(description=_("Kind"), ordering="type")
    def kind(self, authenticator):
        return authenticator.get_type_display()

    @admin.display(description=_("Set up"), ordering="created_at")
    def created(self, authenticator):
        return authenticator.created_at

    @admin.display(description=_("Last used"), ordering="last_used_at")
    def last_used(self, authenticator):
        return authenticator.last_used_at

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
