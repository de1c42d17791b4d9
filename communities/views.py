from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from . import selectors
from .forms import CommunityForm, DirectoryFilterForm
from .permissions import (
    can_create_community,
    can_facilitate,
    get_community_for_facilitator,
    get_community_for_visitor,
)
from .selectors import is_inside
from .services import create_community, update_community

PAGE_SIZE = 20


@require_safe
def directory(request):
    filters = DirectoryFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    communities = selectors.directory(request.user, **criteria)
    page = Paginator(communities, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "communities/directory.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "can_create": can_create_community(request.user),
        },
    )


@require_safe
def community_detail(request, slug):
    community = get_community_for_visitor(request.user, slug)
    context = selectors.community_page(community, inside=is_inside(request.user, community))
    context["can_facilitate"] = can_facilitate(request.user, community)
    return render(request, "communities/community_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def community_create(request):
    if not can_create_community(request.user):
        raise PermissionDenied
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        community = create_community(by=request.user, **form.cleaned_data)
        messages.success(request, _("The community was created."))
        return redirect("community_detail", slug=community.slug)
    return render(request, "communities/community_form.html", {"form": form, "community": None})


@login_required
@require_http_methods(["GET", "POST"])
def community_edit(request, slug):
    community = get_community_for_facilitator(request.user, slug)
    form = CommunityForm(request.POST or None, instance=community)
    if request.method == "POST" and form.is_valid():
        update_community(by=request.user, community=community, **form.cleaned_data)
        messages.success(request, _("Your changes were saved."))
        return redirect("community_detail", slug=community.slug)
    return render(
        request, "communities/community_form.html", {"form": form, "community": community}
    )
