from django.contrib import admin
from django.utils import timezone
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from cop_portal.core.admin_mixins import (
    ChecksUploads,
    SlugFromNames,
    StoredValuesAdminMixin,
    yes_no,
)
from members.models import MembershipEvent
from members.services import record_event

from .models import (
    Community,
    Discussion,
    Guest,
    Idea,
    IdeaComment,
    Objective,
    Participation,
    Post,
    Proposal,
    Resource,
)


def _admitted_by_admin(request, participation: Participation, *, created: bool) -> None:
    """An admin adds an organisation to a community without asking it: the consent is
    theirs, and the membership log says so."""
    if not created:
        return
    participation.accepted_by = request.user
    participation.accepted_at = timezone.now()
    participation.save(update_fields=["accepted_by", "accepted_at"])
    record_event(
        action=MembershipEvent.Action.ADDED,
        actor=request.user,
        community=participation.community,
        organization=participation.organization,
        details={"where": "admin"},
    )


class ParticipationInline(StoredValuesAdminMixin, admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["organization"]
    readonly_fields = ["accepted_by", "accepted_at"]


class ObjectiveInline(StoredValuesAdminMixin, TranslationTabularInline):
    model = Objective
    extra = 0
    fields = ["title", "target_date", "progress", "achieved_on"]


class CommunityAdminForm(SlugFromNames):
    slug_fallback = "community"

    class Meta:
        model = Community
        fields = "__all__"  # noqa: DJ007 -- the admin lays out every field itself


@admin.register(Community)
class CommunityAdmin(StoredValuesAdminMixin, SimpleHistoryAdmin, TranslationAdmin):
    form = CommunityAdminForm
    list_display = ["name", "target_group", "status", "visibility", "mode", "start_date"]
    list_filter = ["status", "visibility", "target_group", "mode", "meeting_cadence"]
    search_fields = ["name_km", "name_en", "slug", "domain_km", "domain_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["facilitators"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [ParticipationInline, ObjectiveInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        new = formset.model is Participation
        super().save_formset(request, form, formset, change)
        if new:
            for participation in formset.new_objects:
                _admitted_by_admin(request, participation, created=True)


@admin.register(Participation)
class ParticipationAdmin(StoredValuesAdminMixin, admin.ModelAdmin):
    list_display = ["organization", "community", "role", "joined_on", "left_on"]
    list_filter = ["role", "community"]
    list_select_related = ["organization", "community"]
    search_fields = [
        "organization__name_km",
        "organization__name_en",
        "community__name_km",
        "community__name_en",
    ]
    autocomplete_fields = ["organization", "community"]
    readonly_fields = ["accepted_by", "accepted_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _admitted_by_admin(request, obj, created=not change)


@admin.register(Proposal)
class ProposalAdmin(StoredValuesAdminMixin, admin.ModelAdmin):
    """Proposals are made and answered on the portal's pages (with their log lines)."""

    list_display = ["organization", "community", "status", "proposed_by", "created_at"]
    list_filter = ["status", "community"]
    list_select_related = ["organization", "community", "proposed_by"]
    search_fields = ["organization__name_km", "organization__name_en"]
    readonly_fields = [field.name for field in Proposal._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Guest)
class GuestAdmin(StoredValuesAdminMixin, admin.ModelAdmin):
    list_display = ["person", "community", "joined_on", "left_on"]
    list_filter = ["community"]
    list_select_related = ["person", "community"]
    search_fields = ["person__full_name", "person__email"]
    autocomplete_fields = ["person", "community"]
    readonly_fields = ["invited_by"]


@admin.register(Objective)
class ObjectiveAdmin(StoredValuesAdminMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "community", "target_date", "progress", "achieved_on"]
    list_filter = ["community"]
    list_select_related = ["community"]
    search_fields = ["title_km", "title_en", "description_km", "description_en"]
    autocomplete_fields = ["community"]


class IdeaCommentInline(StoredValuesAdminMixin, admin.StackedInline):
    model = IdeaComment
    extra = 0
    autocomplete_fields = ["author"]


@admin.register(Idea)
class IdeaAdmin(StoredValuesAdminMixin, admin.ModelAdmin):
    inlines = [IdeaCommentInline]
    list_display = ["title", "community", "status", "proposed_by", "created_at"]
    list_filter = ["status", "community"]
    list_select_related = ["community", "proposed_by"]
    search_fields = ["title", "text"]
    autocomplete_fields = ["community", "proposed_by", "activity"]


class PostInline(StoredValuesAdminMixin, admin.StackedInline):
    model = Post
    extra = 0
    autocomplete_fields = ["author"]


@admin.register(Discussion)
class DiscussionAdmin(StoredValuesAdminMixin, admin.ModelAdmin):
    list_display = ["title", "community", "started_by", "updated_at"]
    list_filter = ["community"]
    list_select_related = ["community", "started_by"]
    search_fields = ["title", "posts__text"]
    autocomplete_fields = ["community", "started_by"]
    inlines = [PostInline]


@admin.register(Post)
class PostAdmin(StoredValuesAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "discussion", "author", "created_at"]
    list_filter = ["discussion__community"]
    list_select_related = ["discussion", "author"]
    search_fields = ["text"]
    autocomplete_fields = ["discussion", "author"]


@admin.register(Resource)
class ResourceAdmin(StoredValuesAdminMixin, admin.ModelAdmin):
    form = ChecksUploads
    list_display = [
        "title",
        "community",
        "language",
        yes_no(Resource, "is_good_practice"),
        "created_at",
    ]
    list_filter = ["is_good_practice", "language", "community", "topics"]
    list_select_related = ["community"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["community", "uploaded_by"]
    filter_horizontal = ["topics"]


@admin.register(IdeaComment)
class IdeaCommentAdmin(StoredValuesAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "idea", "author", "created_at"]
    list_filter = ["idea__community"]
    list_select_related = ["idea", "author"]
    search_fields = ["text"]
    autocomplete_fields = ["idea", "author"]
