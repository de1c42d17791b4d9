from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from cop_portal.admin_mixins import RenewsDerivedData, yes_no

from .models import (
    Community,
    Discussion,
    Idea,
    IdeaComment,
    Objective,
    Participation,
    Post,
    Resource,
)


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["organization"]


class ObjectiveInline(TranslationTabularInline):
    model = Objective
    extra = 0
    fields = ["title", "target_date", "progress", "achieved_on"]


@admin.register(Community)
class CommunityAdmin(RenewsDerivedData, SimpleHistoryAdmin, TranslationAdmin):
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


@admin.register(Participation)
class ParticipationAdmin(RenewsDerivedData, admin.ModelAdmin):
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


@admin.register(Objective)
class ObjectiveAdmin(RenewsDerivedData, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "community", "target_date", "progress", "achieved_on"]
    list_filter = ["community"]
    list_select_related = ["community"]
    search_fields = ["title_km", "title_en", "description_km", "description_en"]
    autocomplete_fields = ["community"]


class IdeaCommentInline(admin.StackedInline):
    model = IdeaComment
    extra = 0
    autocomplete_fields = ["author"]


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    inlines = [IdeaCommentInline]
    list_display = ["title", "community", "status", "proposed_by", "created_at"]
    list_filter = ["status", "community"]
    list_select_related = ["community", "proposed_by"]
    search_fields = ["title", "text"]
    autocomplete_fields = ["community", "proposed_by", "activity"]


class PostInline(admin.StackedInline):
    model = Post
    extra = 0
    autocomplete_fields = ["author"]


@admin.register(Discussion)
class DiscussionAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "started_by", "updated_at"]
    list_filter = ["community"]
    list_select_related = ["community", "started_by"]
    search_fields = ["title", "posts__text"]
    autocomplete_fields = ["community", "started_by"]
    inlines = [PostInline]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "discussion", "author", "created_at"]
    list_filter = ["discussion__community"]
    list_select_related = ["discussion", "author"]
    search_fields = ["text"]
    autocomplete_fields = ["discussion", "author"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
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
class IdeaCommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "idea", "author", "created_at"]
    list_filter = ["idea__community"]
    list_select_related = ["idea", "author"]
    search_fields = ["text"]
    autocomplete_fields = ["idea", "author"]
