import logging

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from activities.selectors import organization_summary
from communities.permissions import can_create_community
from communities.selectors import (
    dashboard_communities,
    pending_proposal_count,
    public_communities,
)

from .cache import remember
from .search import search

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    """The landing page: what a Community of Practice is, and the public communities."""
    return render(request, "home.html", {"communities": public_communities()})


@never_cache
@require_safe
def healthz(request):
    """200 when the portal can reach its database, 503 when it cannot."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database is unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
@login_required
def dashboard(request):
    """What the person's communities need from them."""
    communities = list(dashboard_communities(request.user))
    return render(
        request,
        "dashboard.html",
        {
            "communities": communities,
            "facilitated": [c for c in communities if c.facilitates],
            "can_create": can_create_community(request.user),
            "pending_proposals": pending_proposal_count(request.user),
            # Kept in the cache until an activity changes (and for today only).
            "organization_summary": remember(
                (
                    "organization-summary",
                    request.user.pk,
                    request.user.organization_id,
                    timezone.localdate(),
                ),
                lambda: organization_summary(request.user),
            )
            if request.user.organization_id
            else None,
        },
    )


@require_safe
def search_view(request):
    results = search(request.user, request.GET.get("q", ""))
    return render(request, "search.html", results)


def csrf_failure(request, reason=""):
    """A form sent from a page that had expired (signed in or out in another tab, say):
    said in the person's language, with how to keep what they typed. Django's own page is
    English and technical."""
    logger.warning("A form was refused (CSRF): %s", reason)
    return render(request, "403_csrf.html", status=403)


def not_offered(request, **kwargs):
    """A page of a third-party app that the portal does not offer: 404 for everyone."""
    raise Http404
