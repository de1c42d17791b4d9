import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from communities.selectors import public_communities

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
