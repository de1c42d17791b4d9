from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organization, Topic, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["full_name", "email"]
    list_display = [
        "email",
        "full_name",
        "organization",
        "is_focal_point",
        "is_facilitator",
        "is_staff",
        "is_active",
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
class TopicAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_km", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "acronym", "target_group", "province", "is_active"]
    list_filter = ["is_active", "target_group", "province"]
    search_fields = ["name_km", "name_en", "acronym", "slug", "contact_email"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["offers", "needs"]
