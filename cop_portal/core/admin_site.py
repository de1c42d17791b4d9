"""The portal's admin site: Django's, whose pages answer 404 or 400 to an id that cannot
name a row (a word, or a number beyond what the column holds) where a view of Django's or
of a library would otherwise pass it to the database and fail with a server error:
simple-history's history pages, and an action on selected rows. Every model's admin page,
ours or a library's, goes through it. The site's own permission check comes first: someone
who may not use the admin is sent to sign in, whatever the address holds.

Its index, and the list of models in its sidebar, are in the order a programme officer
works (SECTIONS), not Django's alphabetical order of applications: organisations, people
and communities first, the logs and technical settings last."""

import inspect
from functools import wraps

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import TO_FIELD_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import BadRequest
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .forms import names_a_row

# The index's sections, in order, each with its models ("app_label.ModelName") in order.
# A model may come from any application, ours or a library's. A registered model that is
# not listed here keeps Django's place for it, after these sections, under its
# application's name (tests/site/test_admin_for_admins.py checks that none of the
# portal's own models is left out). One that is listed but not registered is skipped.
SECTIONS = [
    ("section-people", _("Organisations and people"), ["members.Organization", "members.User"]),
    (
        "section-communities",
        _("Communities"),
        [
            "communities.Community",
            "communities.Participation",
            "communities.Proposal",
            "communities.Guest",
            "communities.Objective",
            "communities.Discussion",
            "communities.Post",
            "communities.Idea",
            "communities.IdeaComment",
        ],
    ),
    (
        "section-activities",
        _("Activities"),
        ["activities.Activity", "activities.ActivityType", "activities.Attachment"],
    ),
    (
        "section-sharing",
        _("Resources, topics and invitations"),
        ["communities.Resource", "members.Topic", "members.Invitation"],
    ),
    (
        "section-logs",
        _("Logs and technical settings"),
        [
            "members.MembershipEvent",
            "cop_portal.Delivery",
            "members.Notice",
            "django_tasks_database.DBTaskResult",
            "axes.AccessLog",
            "axes.AccessAttempt",
            "axes.AccessFailureLog",
            "account.EmailAddress",
            "mfa.Authenticator",
            "auth.Group",
            "sites.Site",
        ],
    ),
]


class PortalAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        return super().admin_view(_ids_checked(view), cacheable)

    def get_app_list(self, request, app_label=None):
        """The index's (and the sidebar's) sections as SECTIONS orders them, then the
        applications whose models are not listed there, in Django's order. An
        application's own page (app_label) lists its models in the same order. A section
        has no page of its own: its `app_url` is empty (templates/admin/app_list.html)."""
        app_list = super().get_app_list(request, app_label)
        position = {
            name: (number, place)
            for number, (_label, _title, names) in enumerate(SECTIONS)
            for place, name in enumerate(names)
        }

        def key(model):
            return f"{model['model']._meta.app_label}.{model['model'].__name__}"

        if app_label is not None:
            for app in app_list:
                app["models"].sort(key=lambda model: position.get(key(model), (len(SECTIONS),)))
            return app_list
        sections = [
            {
                "name": title,
                "app_label": label,
                "app_url": "",
                "has_module_perms": True,
                "models": [],
            }
            for label, title, _names in SECTIONS
        ]
        rest = []
        for app in app_list:
            unlisted = []
            for model in app["models"]:
                if key(model) in position:
                    sections[position[key(model)][0]]["models"].append(model)
                else:
                    unlisted.append(model)
            if unlisted:
                rest.append({**app, "models": unlisted})
        for section in sections:
            section["models"].sort(key=lambda model: position[key(model)])
        return [section for section in sections if section["models"]] + rest


def _ids_checked(view):
    """A model admin's view that first checks the ids it is given: the object's in the
    address (object_id), a history record's (simple-history's version_id), and the rows
    selected for an action."""
    model_admin = getattr(view, "__self__", None)
    if not isinstance(model_admin, admin.ModelAdmin):
        return view
    model = model_admin.model
    signature = inspect.signature(view)

    @wraps(view)
    def checked(request, *args, **kwargs):
        given = signature.bind_partial(request, *args, **kwargs).arguments
        # With _to_field the address names the object by another field: Django checks it.
        by_pk = TO_FIELD_VAR not in request.GET and TO_FIELD_VAR not in request.POST
        if (
            by_pk
            and "object_id" in given
            and not names_a_row(model._meta.pk, unquote(given["object_id"]))
        ):
            raise Http404
        if "version_id" in given and not names_a_row(
            _history_model(model)._meta.pk, given["version_id"]
        ):
            raise Http404
        if request.method == "POST" and not all(
            names_a_row(model._meta.pk, pk) for pk in request.POST.getlist(ACTION_CHECKBOX_NAME)
        ):
            raise BadRequest("An action on rows that cannot exist.")
        return view(request, *args, **kwargs)

    return checked


def _history_model(model):
    """simple-history's model of `model`'s history records."""
    return getattr(model, model._meta.simple_history_manager_attribute).model
