from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from .models import Activity

ROWS = 20


def hello(request):
    """Django's floor: the middleware and a plain answer, no template, no query."""
    return HttpResponse("Hello, world")


@login_required
def activities(request):
    """A signed-in page of the 20 newest activities (by id: the database's part stays small,
    so the page costs what Django costs), with their community."""
    rows = (
        Activity.objects.filter(deleted_at__isnull=True)
        .select_related("community")
        .order_by("-id")[:ROWS]
    )
    return render(request, "stock/activities.html", {"activities": rows})
