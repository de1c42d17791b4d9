"""The portal's admin site: Django's, whose pages answer 404 or 400 to an id that cannot
name a row (a word, or a number beyond what the column holds) where a view of Django's or
of a library would otherwise pass it to the database and fail with a server error:
simple-history's history pages, and an action on selected rows. Every model's admin page,
ours or a library's, goes through it. The site's own permission check comes first: someone
who may not use the admin is sent to sign in, whatever the address holds."""

import inspect
from functools import wraps

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import TO_FIELD_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import BadRequest
from django.http import Http404

from .forms import names_a_row


class PortalAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        return super().admin_view(_ids_checked(view), cacheable)


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
