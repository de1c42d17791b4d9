from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
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
from .services import (
    deactivate_person,
    reactivate_person,
    record_event,
    record_sign_in_address,
)

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
    acting = None  # who is changing the person (UserAdmin.get_form)

    def clean_is_active(self):
        active = self.cleaned_data["is_active"]
        if not active and self.instance.is_active and self.instance == self.acting:
            raise ValidationError(_("You cannot deactivate your own account."))
        return active


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
    actions = ["deactivate", "reactivate", "remove_second_factor"]

    @admin.action(description=_("Deactivate the selected people"), permissions=["change"])
    def deactivate(self, request, queryset):
        """Asks first, on a page that names who loses access and what follows; the
        confirming button deactivates them (members.services.deactivate_person)."""
        people = list(
            queryset.filter(is_active=True)
            .exclude(pk=request.user.pk)
            .select_related("organization")
            .annotate(invitations_waiting=_invitations_waiting())
        )
        if not people:
            self.message_user(
                request,
                _(
                    "Nobody was deactivated: the selected people are inactive already, "
                    "and you cannot deactivate your own account."
                ),
                messages.WARNING,
            )
            return None
        if request.POST.get("post") != "yes":
            posted = [("action", "deactivate"), ("post", "yes")]
            posted += [(ACTION_CHECKBOX_NAME, str(person.pk)) for person in people]
            return self._deactivation_confirmation(
                request,
                people,
                posted=posted,
                yourself=queryset.filter(pk=request.user.pk).exists(),
                back=reverse("admin:members_user_changelist"),
            )
        done = 0
        for person in people:
            try:
                deactivate_person(by=request.user, person=person, where="admin action")
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                done += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d person deactivated: they are signed out everywhere.",
                "%(count)d people deactivated: they are signed out everywhere.",
                done,
            )
            % {"count": done},
        )
        return None

    @admin.action(description=_("Make the selected people active again"), permissions=["change"])
    def reactivate(self, request, queryset):
        done = 0
        for person in queryset.filter(is_active=False):
            reactivate_person(by=request.user, person=person, where="admin action")
            done += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d person is active again: they can sign in.",
                "%(count)d people are active again: they can sign in.",
                done,
            )
            % {"count": done},
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Unticking "active" on a person's page asks first, as the action does: a valid
        # form that would deactivate them shows the confirmation, which posts the same
        # form again with _deactivation_confirmed (or keeps them active and saves the
        # rest). No JavaScript needed; nothing typed is lost.
        if request.method == "POST" and object_id and "_deactivation_confirmed" not in request.POST:
            if confirmation := self._confirm_form_deactivation(request, unquote(object_id)):
                return confirmation
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _confirm_form_deactivation(self, request, object_id):
        person = self.get_object(request, object_id)
        if not (person and person.is_active and self.has_change_permission(request, person)):
            return None
        form_class = self.get_form(request, person, change=True)
        form = form_class(request.POST, request.FILES, instance=self.get_object(request, object_id))
        if "is_active" not in form.fields or not form.is_valid() or form.cleaned_data["is_active"]:
            return None
        posted = [
            (name, value)
            for name in request.POST
            if name not in {"csrfmiddlewaretoken", "is_active"}
            for value in request.POST.getlist(name)
        ]
        people = (
            User.objects.filter(pk=person.pk)
            .select_related("organization")
            .annotate(invitations_waiting=_invitations_waiting())
        )
        return self._deactivation_confirmation(
            request,
            list(people),
            posted=posted,
            keep_active=True,
            back=request.get_full_path(),
        )

    def _deactivation_confirmation(self, request, people, *, posted, back, **context):
        return TemplateResponse(
            request,
            "admin/members/user/deactivate_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": ngettext(
                    "Deactivate this person?", "Deactivate these %(count)d people?", len(people)
                )
                % {"count": len(people)},
                "people": people,
                "posted": posted,
                "back": back,
                "opts": self.model._meta,
                "media": self.media,
                **context,
            },
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.acting = request.user  # a class made for this request by modelform_factory
        return form

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
        if change and "is_active" in form.changed_data:
            # The service changes it, ends the sessions and records who did it.
            active = obj.is_active
            obj.is_active = not active
            super().save_model(request, obj, form, change)
            change_access = reactivate_person if active else deactivate_person
            change_access(by=request.user, person=obj, where="admin form")
        else:
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


def _invitations_waiting():
    """How many invitations a person sent that are still waiting to be accepted."""
    return Count(
        "invitations_sent",
        filter=Q(
            invitations_sent__accepted_at__isnull=True,
            invitations_sent__expires_at__gt=timezone.now(),
        ),
    )


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
