"""The map of the house: the admin, the health check, and each app's pages, which its
own `urls.py` lists in full (`members`, `communities`, `activities`, then the pages that
assemble several apps, `cop_portal.pages`)."""

from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from members.urls import unprefixed_urlpatterns as members_unprefixed

from .pages import views as pages
from .pages.urls import unprefixed_urlpatterns as pages_unprefixed

admin.site.site_header = _("Voice CoP Portal: administration")
admin.site.site_title = _("Voice CoP Portal administration")
admin.site.index_title = _("Administration")
# The admin signs in on the portal's own page, in the person's language: the same limits
# on wrong passwords, and the same second step.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", pages.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    *members_unprefixed,
    *pages_unprefixed,
]

# Every page in the reader's language, under /km/ or /en/. The pages layer comes last:
# its `communities/<slug>/` must not hide `communities/new/`.
urlpatterns += i18n_patterns(
    path("", include("members.urls")),
    path("", include("communities.urls")),
    path("", include("activities.urls")),
    path("", include("cop_portal.pages.urls")),
    prefix_default_language=True,
)

# Uploaded files are never served as plain static files, not even in development: they
# belong to communities, and a view that checks who asks will serve them.
