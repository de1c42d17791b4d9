from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from cop_portal.core.admin_mixins import ChecksUploads, StoredValuesAdminMixin

from .models import Activity, ActivityType, Attachment
from .services import restore_activity


@admin.register(ActivityType)
class ActivityTypeAdmin(StoredValuesAdminMixin, TranslationAdmin):
    list_display = ["name", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name_km", "name_en"]


class AttachmentInline(StoredValuesAdminMixin, admin.TabularInline):
    model = Attachment
    form = ChecksUploads
    extra = 0
    fields = ["file", "caption", "size"]
    readonly_fields = ["size"]


@admin.register(Activity)
class ActivityAdmin(StoredValuesAdminMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = [
        "title",
        "community",
        "activity_type",
        "lead_organization",
        "status",
        "start_date",
        "participants_total",
        "is_deleted",
    ]
    list_filter = [
        "status",
        ("deleted_at", admin.EmptyFieldListFilter),
        "mode",
        "activity_type",
        "community",
        "province",
    ]
    list_select_related = ["community", "activity_type", "lead_organization"]
    search_fields = ["title_km", "title_en", "summary_km", "summary_en", "place"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["community", "lead_organization", "partner_organizations", "objectives"]
    readonly_fields = ["created_by", "updated_by", "created_at", "updated_at", "version"]
    inlines = [AttachmentInline]
    actions = ["restore"]

    def get_queryset(self, request):
        # Deleted activities too, so that an admin can restore them.
        return Activity.all_objects.select_related(*self.list_select_related)

    @admin.display(boolean=True, description=_("deleted"))
    def is_deleted(self, activity):
        return activity.deleted_at is not None

    @admin.action(description=_("Restore the selected deleted activities"))
    def restore(self, request, queryset):
        for activity in queryset.filter(deleted_at__isnull=False):
            restore_activity(by=request.user, activity=activity)

    def save_model(self, request, obj, form, change):
        # The admin records who wrote. Its save raises the version (Versioned.save), so
        # that a form open elsewhere cannot overwrite this change unnoticed.
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Attachment)
class AttachmentAdmin(StoredValuesAdminMixin, admin.ModelAdmin):
    form = ChecksUploads
    list_display = ["__str__", "activity", "size", "created_at"]
    list_select_related = ["activity"]
    search_fields = ["caption", "file"]
    autocomplete_fields = ["activity"]
