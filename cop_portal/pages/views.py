import logging
import uuid
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from activities.forms import AdoptIdeaForm
from activities.permissions import can_view_activity
from activities.reports import public_figures
from activities.selectors import organization_summary
from activities.services import adopt_idea
from communities.forms import CommentForm, DirectoryFilterForm, DropIdeaForm
from communities.models import Idea
from communities.permissions import (
    can_create_community,
    can_facilitate,
    get_community_for_member,
    get_community_for_visitor,
)
from communities.selectors import (
    comments_on,
    idea_in,
    is_inside,
    last_visit,
    last_visits,
    pending_proposal_count,
    public_communities,
    stream,
    unread_counts,
    unread_since,
    welcome_panel,
    with_current_organizations,
)
from communities.services import comment_on_idea, drop_idea, record_visit
from cop_portal.core.cache import remember
from cop_portal.core.offline import offline_cacheable
from members.forms import (
    KnowledgeMapFilterForm,
    OrganizationFilterForm,
)
from members.permissions import (
    can_edit_organization,
    get_organization_for_viewer,
    require_not_guest,
)
from members.selectors import active_organization, topics_by_name

from . import selectors
from .search import search

PAGE_SIZE = 20  # as every list: less to draw and to download on a phone
DASHBOARD_STREAM = 10  # the newest across the person's communities; "Older news" for more

logger = logging.getLogger(__name__)


@require_safe
@offline_cacheable  # what a visitor sees: kept for reading offline
def home(request):
    """The landing page: what a Community of Practice is, and the public communities."""
    return render(request, "home.html", {"communities": public_communities()})


def _cache_answers() -> bool:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, 1, 10)
        answered = cache.get(key) == 1
        cache.delete(key)
    except Exception:  # the cache table, on a database that is down
        return False
    return answered


@never_cache
@require_safe
def healthz(request):
    """The database and the cache, as a load balancer or a monitor reads them: 503 when
    the database is unreachable (nothing works without it). Without the cache the portal
    still answers (slower, sign-in limits off): 200, "degraded", and "cache": "down"; or 503
    for a check that asks `?require=cache`, to send people to another host meanwhile."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database is unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    if _cache_answers():
        return JsonResponse({"status": "ok", "database": "ok", "cache": "ok"})
    logger.error("Health check: the cache does not answer")
    required = request.GET.get("require") == "cache"
    return JsonResponse(
        {"status": "degraded", "database": "ok", "cache": "down"}, status=503 if required else 200
    )


@require_safe
@login_required
def dashboard(request):
    """What the person's communities need from them."""
    communities = list(selectors.dashboard_communities(request.user))
    ids = [community.pk for community in communities]
    unread = unread_counts(request.user, ids)
    visits = last_visits(request.user, ids)
    for community in communities:
        community.unread = unread.get(community.pk, 0)
    page = stream(ids, before=request.GET.get("before", ""), size=DASHBOARD_STREAM)
    return render(
        request,
        "dashboard.html",
        {
            "communities": communities,
            "events": selectors.stream_cards(
                page["events"],
                new_since=lambda community: unread_since(request.user, visits.get(community)),
                person=request.user,
            ),
            "older": page["next"],
            "facilitated": [c for c in communities if c.facilitates],
            "can_create": can_create_community(request.user),
            "pending_proposals": pending_proposal_count(request.user),
            # Kept in the cache until an activity it leads changes (and for today only).
            "organization_summary": remember(
                (
                    "organization-summary",
                    request.user.pk,
                    request.user.organization_id,
                    timezone.localdate(),
                ),
                lambda: organization_summary(request.user),
                organization=request.user.organization_id,
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


@require_safe
@login_required
def organization_list(request):
    require_not_guest(request.user)
    filters = OrganizationFilterForm(
        request.GET or None,
        communities=selectors.community_choices(selectors.visible_communities(request.user)),
        topics=topics_by_name(),
    )
    criteria = filters.cleaned_data if filters.is_valid() else {}
    organizations = selectors.organization_directory(request.user, **criteria)
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/organization_list.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
    )


@require_safe
@login_required
def organization_detail(request, slug):
    organization = get_organization_for_viewer(request.user, slug)
    context = selectors.organization_page(request.user, organization)
    context["can_edit"] = can_edit_organization(request.user, organization)
    return render(request, "members/organization_detail.html", context)


@require_safe
@login_required
def knowledge_map(request):
    require_not_guest(request.user)
    communities = selectors.visible_communities(request.user)
    filters = KnowledgeMapFilterForm(
        request.GET or None, communities=selectors.community_choices(communities)
    )
    criteria = filters.cleaned_data if filters.is_valid() else {}
    # Kept in the cache until an organisation or a topic changes, or who takes part in
    # one of these communities.
    scope = [community.pk for community in communities]
    context = remember(
        ("knowledge-map", request.user.organization_id, scope, sorted(criteria.items())),
        lambda: selectors.knowledge_map(request.user, visible=communities, **criteria),
        communities=scope,
    )
    own = None
    if request.user.organization_id:
        own = active_organization(request.user.organization_id)
    context.update(
        filters=filters,
        own_organization=own,
        can_edit_own=own is not None and can_edit_organization(request.user, own),
        # The organisation list, filtered the same way, for the "and N more" links.
        scope_query=urlencode({name: value for name, value in criteria.items() if value}),
    )
    return render(request, "members/knowledge_map.html", context)


@require_safe
def directory(request):
    filters = DirectoryFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    communities = selectors.directory(request.user, **criteria)
    page = Paginator(communities, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_current_organizations(page.object_list)
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
@offline_cacheable  # what a visitor sees: kept for reading offline
def community_detail(request, slug):
    """A community's home: to the people inside, its stream; to a visitor of a public
    community, what it is about."""
    community = get_community_for_visitor(request.user, slug)
    if not is_inside(request.user, community):
        return _community_about(request, slug)
    since, first_visit = _stream_since(request), False
    if since is None:  # the first page: news since the last visit, now seen
        previous = last_visit(request.user, community)
        first_visit = previous is None
        since = unread_since(request.user, previous)
        record_visit(person=request.user, community=community)
    page = stream([community.pk], before=request.GET.get("before", ""))
    return render(
        request,
        "communities/community_home.html",
        {
            "community": community,
            "events": selectors.stream_cards(page["events"], new_since=since, person=request.user),
            "older": page["next"],
            "since": f"{since.timestamp():.6f}",
            "can_facilitate": can_facilitate(request.user, community),
            "welcome": welcome_panel(request.user, community),
            "welcome_open": first_visit,
        },
    )


def _stream_since(request):
    """On the stream's later pages, what was new when the person came (their `since`)."""
    try:
        return datetime.fromtimestamp(float(request.GET["since"]), tz=UTC)
    except (KeyError, ValueError, OverflowError, OSError):
        return None


@require_safe
@offline_cacheable  # what a visitor sees: kept for reading offline
def community_about(request, slug):
    """Domain, Practice, Community: what the community is about, who is in it."""
    return _community_about(request, slug)


def _community_about(request, slug):
    community = get_community_for_visitor(
        request.user, slug, annotate=selectors.COMMUNITY_PAGE_FIGURES
    )
    inside = is_inside(request.user, community)
    context = selectors.community_page(community, inside=inside)
    context["can_facilitate"] = can_facilitate(request.user, community)
    if not inside:
        context["public_figures"] = public_figures(community)
    return render(request, "communities/community_about.html", context)


IDEA_ACTIONS = {"comment", "adopt", "drop"}


@login_required
@require_http_methods(["GET", "POST"])
def idea_detail(request, slug, pk):
    community = get_community_for_member(request.user, slug)
    idea = idea_in(community, pk)
    if idea is None:
        raise Http404
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST" and action not in IDEA_ACTIONS:
        return render(request, "400.html", status=400)
    if action in {"adopt", "drop"} and not can_facilitate(request.user, community):
        raise PermissionDenied
    forms = {
        "comment": CommentForm(request.POST if action == "comment" else None),
        "adopt": AdoptIdeaForm(request.POST if action == "adopt" else None, community=community),
        "drop": DropIdeaForm(request.POST if action == "drop" else None),
    }
    if action and forms[action].is_valid():
        data = forms[action].cleaned_data
        try:
            if action == "comment":
                comment_on_idea(by=request.user, idea=idea, text=data["text"])
                message = _("Your comment was added.")
            elif action == "adopt":
                adopt_idea(
                    by=request.user,
                    idea=idea,
                    activity_type=data["activity_type"],
                    lead_organization=data["lead_organization"],
                    start_date=data["start_date"],
                )
                message = _("The idea is adopted: it is now a planned activity.")
            else:
                drop_idea(by=request.user, idea=idea, reason=data["reason"])
                message = _("The idea was dropped.")
        except ValidationError as error:
            forms[action].add_error(None, error)
        else:
            messages.success(request, message)
            return redirect("idea_detail", slug=community.slug, pk=idea.pk)
    return render(
        request,
        "communities/idea_detail.html",
        {
            "community": community,
            "idea": idea,
            "comments": comments_on(idea),
            # The activity the idea became, linked for whoever may open it (deleted, or
            # moved to another community, it is named without a link).
            "activity_linked": idea.status == Idea.Status.ADOPTED
            and can_view_activity(request.user, idea.activity),
            "forms": forms,
            "can_decide": can_facilitate(request.user, community)
            and idea.status == Idea.Status.OPEN,
        },
    )
