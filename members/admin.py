from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from cop_portal.admin_mixins import RenewsDerivedData, TranslatesPermissions, yes_no

from .forms import check_offers_and_needs
from .models import Invitation, Organization, Topic, User
from .services import deactivate_person

admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(TranslatesPermissions, DjangoGroupAdmin):
    pass


@admin.register(User)
class UserAdmin(TranslatesPermissions, DjangoUserAdmin):
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
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    actions = ["deactivate"]

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


@admin.register(Topic)
class TopicAdmin(RenewsDerivedData, TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_km", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


class OrganizationAdminForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = "__all__"  # noqa: DJ007 -- the admin lays out every field itself

    def clean(self):
        cleaned = super().clean()
        check_offers_and_needs(self, cleaned)
        return cleaned


@admin.register(Organization)
class OrganizationAdmin(RenewsDerivedData, SimpleHistoryAdmin, TranslationAdmin):
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
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "organization",
        "community",
        yes_no(Invitation, "as_facilitator"),
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
    list_filter = ["as_facilitator", "language", "organization", "community"]
    list_select_related = ["organization", "community", "invited_by"]
    search_fields = ["email"]
    readonly_fields = [
        "email",
        "organization",
        "community",
        "as_facilitator",
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
