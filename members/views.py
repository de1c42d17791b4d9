from urllib.parse import urlencode

from allauth.account.views import LoginView as AllauthLoginView
from allauth.account.views import PasswordResetView as AllauthPasswordResetView
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.forms import NON_FIELD_ERRORS
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from cop_portal.cache import remember

from . import selectors
from .forms import (
    AcceptInvitationForm,
    InvitationForm,
    KnowledgeMapFilterForm,
    OrganizationFilterForm,
    OrganizationForm,
    PreferencesForm,
)
from .models import Invitation, Organization
from .notifications import find_notice, open_notice
from .permissions import (
    can_edit_organization,
    get_organization_for_edit,
    get_organization_for_viewer,
    require_inviter,
    require_not_guest,
)
from .second_factor import has_second_factor, requires_second_factor
from .selectors import invitations_sent_by
from .services import (
    accept_invitation,
    find_pending_invitation,
    invite_person,
    update_organization,
    update_preferences,
)

PAGE_SIZE = 20


class LoginView(AllauthLoginView):
    """allauth's sign-in, answering HTTP 429 once the failed-attempts limit is reached."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "too_many_login_attempts"):
            response.status_code = 429
        return response


class PasswordResetView(AllauthPasswordResetView):
    """allauth's password reset, saying so when the e-mail could not leave (and keeping
    the address typed) rather than claiming it was sent."""

    def form_valid(self, form):
        response = super().form_valid(form)
        if getattr(self.request, "mail_not_sent", False):
            form.add_error(
                None,
                _(
                    "The e-mail could not be sent: the portal's mail server did not answer. "
                    "Try again in a few minutes."
                ),
            )
            return self.form_invalid(form)
        return response


@require_safe
@login_required
def invitation_list(request):
    require_inviter(request.user)
    invitations = invitations_sent_by(request.user)[:100]
    return render(request, "members/invitation_list.html", {"invitations": invitations})


@require_http_methods(["GET", "POST"])
@login_required
def invitation_create(request):
    require_inviter(request.user)
    initial = {}
    if community := request.GET.get("community"):
        initial = {"community": community, "kind": Invitation.Kind.GUEST}
    form = InvitationForm(request.POST or None, inviter=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invite_person(
                by=request.user,
                site_url=request.build_absolute_uri("/"),
                email=form.cleaned_data["email"],
                kind=form.cleaned_data["kind"],
                organization=form.cleaned_data.get("organization"),
                community=form.cleaned_data.get("community"),
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if invitation.emailed is False:
                messages.warning(
                    request,
                    _(
                        "The invitation to %(email)s was saved, but the e-mail could not be "
                        "sent: the portal's mail server did not answer. Invite this person "
                        "again later, or tell an admin."
                    )
                    % {"email": invitation.email},
                )
            else:
                messages.success(
                    request,
                    _("The invitation was sent to %(email)s.") % {"email": invitation.email},
                )
            return redirect("invitation_list")
    return render(request, "members/invitation_form.html", {"form": form})


@never_cache
@sensitive_post_parameters("password", "password_again")
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = find_pending_invitation(token)
    if invitation is None:
        return render(request, "members/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(
                token=token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
                preferred_language=form.cleaned_data["preferred_language"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            with translation.override(user.preferred_language):
                messages.success(request, _("Welcome! Your account is ready."))
                # A guest or a new facilitator opens the community they were invited to.
                if invitation.community_id is not None:
                    return redirect(reverse("community_detail", args=[invitation.community.slug]))
                return redirect(reverse("dashboard"))
    return render(
        request, "members/invitation_accept.html", {"form": form, "invitation": invitation}
    )


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = update_preferences(user=request.user, data=form.cleaned_data)
        with translation.override(user.preferred_language):
            messages.success(request, _("Your preferences were saved."))
            return redirect(reverse("preferences"))
    return render(
        request,
        "members/preferences.html",
        {
            "form": form,
            "has_second_factor": has_second_factor(request.user),
            "requires_second_factor": requires_second_factor(request.user),
        },
    )


@require_safe
@login_required
def organization_list(request):
    require_not_guest(request.user)
    filters = OrganizationFilterForm(
        request.GET or None,
        communities=selectors.community_choices(selectors.visible_communities(request.user)),
        topics=selectors.topics_by_name(),
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


@require_http_methods(["GET", "POST"])
@login_required
def organization_edit(request, slug):
    organization = get_organization_for_edit(request.user, slug)
    form = OrganizationForm(
        request.POST or None,
        instance=organization,
        topics=selectors.topics_by_name(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_organization(organization=organization, by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation's profile was saved."))
            return redirect("organization_detail", slug=organization.slug)
    return render(
        request,
        "members/organization_form.html",
        {"form": form, "organization": organization},
    )


@require_safe
@login_required
def knowledge_map(request):
    require_not_guest(request.user)
    communities = selectors.visible_communities(request.user)
    filters = KnowledgeMapFilterForm(
        request.GET or None, communities=selectors.community_choices(communities)
    )
    criteria = filters.cleaned_data if filters.is_valid() else {}
    # Kept in the cache until an organisation, a participation or a topic changes.
    context = remember(
        (
            "knowledge-map",
            request.user.organization_id,
            [community.pk for community in communities],
            sorted(criteria.items()),
        ),
        lambda: selectors.knowledge_map(request.user, visible=communities, **criteria),
    )
    own = None
    if request.user.organization_id:
        own = Organization.objects.filter(pk=request.user.organization_id, is_active=True).first()
    context.update(
        filters=filters,
        own_organization=own,
        can_edit_own=own is not None and can_edit_organization(request.user, own),
        # The organisation list, filtered the same way, for the "and N more" links.
        scope_query=urlencode({name: value for name, value in criteria.items() if value}),
    )
    return render(request, "members/knowledge_map.html", context)


LOG_PAGE_SIZE = 50


def render_membership_log(request, entries, *, title_object, back_url):
    """A page of a membership log (an organisation's or a community's)."""
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/membership_log.html",
        {"page": page, "title_object": title_object, "back_url": back_url},
    )


@require_safe
@login_required
def organization_log(request, slug):
    """Who brought whom in or out of the organisation, and its proposals: for its focal
    points and admins."""
    organization = get_organization_for_edit(request.user, slug)
    return render_membership_log(
        request,
        selectors.membership_log(organization=organization),
        title_object=organization,
        back_url=reverse("organization_detail", args=[organization.slug]),
    )


@require_safe
@login_required
def notice_open(request, token):
    """A discreet notification's link: the page it is about, for its recipient only (404
    for anyone else, as for a link that never existed)."""
    notice = find_notice(person=request.user, token=token)
    if notice is None:
        raise Http404
    path = open_notice(notice=notice)
    return redirect(translate_url(path, translation.get_language()))
