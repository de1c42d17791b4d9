from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cop_portal.core.confirm import ask_to_confirm, confirmed
from cop_portal.core.services import Stale
from cop_portal.core.uploads import open_stored_file, private_file_response
from cop_portal.core.when import day_of
from members.models import Invitation
from members.permissions import (
    get_organization_for_edit,
    is_admin,
    require_inviter,
    require_not_guest,
)
from members.selectors import invitations_sent_by, membership_log
from members.services import INVITATION_DAYS
from members.views import render_membership_log

from . import selectors, services
from .forms import (
    AcceptInvitationForm,
    AddFacilitatorForm,
    AddOrganizationForm,
    CommunityForm,
    DiscussionForm,
    IdeaForm,
    IntroductionForm,
    InvitationForm,
    LeaveCommunityForm,
    ObjectiveForm,
    PostForm,
    ProposeOrganizationForm,
    RemoveOrganizationForm,
    ResourceForm,
)
from .permissions import (
    can_create_community,
    can_facilitate,
    get_community_for_facilitator,
    get_community_for_member,
    get_invitation_for_inviter,
)
from .services import (
    accept_invitation,
    create_community,
    find_pending_invitation,
    invite_person,
    update_community,
)

PAGE_SIZE = 20
MEMBER_ACTIONS = {
    "propose_organization",
    "withdraw_proposal",
    "add_organization",
    "remove_organization",
    "remove_guest",
    "add_facilitator",
    "remove_facilitator",
    "undo_removal",
}
# These ask first (a dialog, or a page without JavaScript): they act only with confirm=1.
DESTRUCTIVE_MEMBER_ACTIONS = {
    "withdraw_proposal",
    "remove_organization",
    "remove_guest",
    "remove_facilitator",
}


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


def _closed(request, community):
    """A closed community is read-only: its management pages send back to it."""
    if community.is_closed:
        messages.error(request, _("This community is closed: it can no longer be changed."))
        return redirect("community_detail", slug=community.slug)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def community_edit(request, slug):
    community = get_community_for_facilitator(request.user, slug)
    if response := _closed(request, community):
        return response
    form = CommunityForm(request.POST or None, instance=community)
    if request.method == "POST" and form.is_valid():
        try:
            update_community(
                by=request.user,
                community=community,
                version=form.version_to_claim,
                data=form.edited_data(),
            )
        except Stale as stale:
            if response := _closed(request, stale.current or community):
                return response  # closed meanwhile: nothing more to edit
            form = form.rebased(stale.current)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("community_detail", slug=community.slug)
    return render(
        request,
        "communities/community_form.html",
        {"form": form, "community": community},
        status=409 if form.conflict is not None else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_members(request, slug):
    """The facilitator manages who takes part: proposes organisations (their focal points
    accept or decline), removes them, removes guests, adds co-facilitators. An admin may
    also add an organisation without asking it."""
    community = get_community_for_facilitator(request.user, slug)
    if response := _closed(request, community):
        return response
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST" and action not in MEMBER_ACTIONS:
        return render(request, "400.html", status=400)
    if action == "add_organization" and not is_admin(request.user):
        raise PermissionDenied
    data = request.POST if action else None
    forms = {
        "propose_organization": ProposeOrganizationForm(
            data if action == "propose_organization" else None, community=community
        ),
        "remove_organization": RemoveOrganizationForm(
            data if action == "remove_organization" else None
        ),
        "add_facilitator": AddFacilitatorForm(
            data if action == "add_facilitator" else None, community=community, user=request.user
        ),
    }
    if is_admin(request.user):
        forms["add_organization"] = AddOrganizationForm(
            data if action == "add_organization" else None, community=community
        )
    if action in DESTRUCTIVE_MEMBER_ACTIONS and not confirmed(request):
        if response := _ask_member_action(request, community, action, forms):
            return response
    if action:
        try:
            message = _apply_member_action(request, community, action, forms)
        except ValidationError as error:
            form = forms.get(action)
            if form is None:
                messages.error(request, " ".join(error.messages))
            else:
                form.add_error(None, error)
            message = None
        if message:
            messages.success(request, message)
            return redirect("community_members", slug=community.slug)
    context = selectors.community_members(community)
    context.update(
        forms=forms,
        community=community,
        failed_action=action,
        is_admin=is_admin(request.user),
    )
    # A removal can be undone a few minutes: of an organisation or a guest who is out.
    if context["former"] or context["former_guests"]:
        context["undoable"] = selectors.last_removal(by=request.user, community=community)
    return render(request, "communities/community_members.html", context)


def _posted_pk(request, name):
    """A posted id, or 404: a crafted value names nothing."""
    value = request.POST.get(name, "")
    if not (value.isascii() and value.isdigit() and len(value) <= 18):  # within a bigint
        raise Http404
    return int(value)


def _member_target(request, community, action, form):
    """What a removal is about: the participation, proposal, guest or facilitator (404 if
    the community has no such one)."""
    if action == "remove_organization":
        return get_object_or_404(
            community.participations.select_related("organization"),
            pk=form.cleaned_data["participation"],
        )
    if action == "withdraw_proposal":
        return get_object_or_404(
            community.proposals.select_related("organization"), pk=_posted_pk(request, "proposal")
        )
    if action == "remove_guest":
        return get_object_or_404(
            community.guests.select_related("person"), pk=_posted_pk(request, "guest")
        )
    return get_object_or_404(community.facilitators, pk=_posted_pk(request, "person"))


def _ask_member_action(request, community, action, forms):
    """The confirmation page of a removal, naming who is removed; None when the form is
    wrong (the members page shows why)."""
    form = forms.get(action)
    if form is not None and not form.is_valid():
        return None
    target = _member_target(request, community, action, form)
    names = {"community": community.name}
    if action == "remove_organization":
        names["organization"] = target.organization.name
        title = _("Remove an organisation")
        question = _("Remove %(organization)s from %(community)s?") % names
        warnings = [
            _("Its people lose access to the community at once."),
            _("Its activities and its lines in the membership log stay."),
        ]
        yes = _("Yes, remove %(organization)s") % names
    elif action == "withdraw_proposal":
        names["organization"] = target.organization.name
        title = _("Withdraw a proposal")
        question = _("Withdraw the proposal to %(organization)s?") % names
        warnings = [_("Its focal points can no longer accept it. You can propose it again.")]
        yes = _("Yes, withdraw the proposal")
    elif action == "remove_guest":
        names["name"] = target.person.full_name
        title = _("Remove a guest")
        question = _("Remove %(name)s, a guest, from %(community)s?") % names
        warnings = [_("They lose access to the community at once.")]
        yes = _("Yes, remove %(name)s") % names
    else:
        names["name"] = target.full_name
        title = _("Remove a facilitator")
        question = _("Remove %(name)s as a facilitator of %(community)s?") % names
        warnings = [_("They can no longer manage the community.")]
        yes = _("Yes, remove %(name)s") % names
    return ask_to_confirm(
        request,
        title=title,
        question=question,
        warnings=warnings,
        yes=yes,
        cancel_url=reverse("community_members", args=[community.slug]),
    )


def _apply_member_action(request, community, action, forms) -> str | None:
    """Do what the facilitator asked; the message to show, or None if a form was wrong."""
    form = forms.get(action)
    if form is not None and not form.is_valid():
        return None
    by = request.user
    if action == "propose_organization":
        proposal = services.propose_organization(
            by=by,
            community=community,
            organization=form.cleaned_data["organization"],
            role=form.cleaned_data["role"],
        )
        if proposal.focal_point_count == 0:
            return _(
                "The proposal was saved, but %(organization)s has no focal point to answer "
                "it yet: ask an admin to name one."
            ) % {"organization": proposal.organization.name}
        return _(
            "The proposal was sent to the focal points of %(organization)s. It takes part "
            "once one of them accepts."
        ) % {"organization": proposal.organization.name}
    if action == "undo_removal":
        event = services.undo_removal(by=by, community=community)
        return _("%(name)s takes part again.") % {
            "name": event.organization.name if event.organization else event.person.full_name
        }
    if action in DESTRUCTIVE_MEMBER_ACTIONS:
        target = _member_target(request, community, action, form)
    if action == "withdraw_proposal":
        services.withdraw_proposal(by=by, proposal=target)
    elif action == "add_organization":
        services.add_organization(
            by=by,
            community=community,
            organization=form.cleaned_data["organization"],
            role=form.cleaned_data["role"],
            joined_on=form.cleaned_data["joined_on"],
        )
    elif action == "remove_organization":
        services.remove_organization(
            by=by, participation=target, left_on=form.cleaned_data["left_on"]
        )
        return _("%(organization)s no longer takes part in the community.") % {
            "organization": target.organization.name
        }
    elif action == "remove_guest":
        services.remove_guest(by=by, guest=target)
        return _("%(name)s is no longer a guest of the community.") % {
            "name": target.person.full_name
        }
    elif action == "add_facilitator":
        services.add_facilitator(by=by, community=community, person=form.cleaned_data["person"])
    else:  # remove_facilitator
        services.remove_facilitator(by=by, community=community, person=target)
    return _("Your changes were saved.")


@login_required
@require_http_methods(["GET", "POST"])
def community_objectives(request, slug, pk=None):
    """The facilitator adds objectives and updates their progress."""
    community = get_community_for_facilitator(request.user, slug)
    if response := _closed(request, community):
        return response
    objective = get_object_or_404(community.objectives, pk=pk) if pk else None
    form = ObjectiveForm(request.POST or None, instance=objective)
    if request.method == "POST" and form.is_valid():
        try:
            if objective is None:
                services.add_objective(by=request.user, community=community, **form.cleaned_data)
            else:
                data = form.edited_data()
                services.update_objective(
                    by=request.user,
                    objective=objective,
                    version=form.version_to_claim,
                    achieved=data.pop("achieved", None),
                    data=data,
                )
        except Stale as stale:
            form = form.rebased(stale.current)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("community_objectives", slug=community.slug)
    return render(
        request,
        "communities/community_objectives.html",
        {
            "community": community,
            "objectives": community.objectives.all(),
            "form": form,
            "editing": objective,
        },
        status=409 if form.conflict is not None else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_ideas(request, slug):
    """The ideas board: members propose initiatives for joint activities."""
    community = get_community_for_member(request.user, slug)
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.propose_idea(
                by=request.user,
                community=community,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your idea is on the board."))
            return redirect("idea_detail", slug=community.slug, pk=idea.pk)
    return render(
        request,
        "communities/ideas.html",
        {
            "community": community,
            "ideas": selectors.ideas_board(community),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_discussions(request, slug):
    community = get_community_for_member(request.user, slug)
    form = DiscussionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            discussion = services.start_discussion(
                by=request.user,
                community=community,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("discussion_detail", slug=community.slug, pk=discussion.pk)
    page = Paginator(selectors.discussions(community), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "communities/discussions.html",
        {"community": community, "page": page, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def discussion_detail(request, slug, pk):
    community = get_community_for_member(request.user, slug)
    discussion = get_object_or_404(community.discussions, pk=pk)
    form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply(by=request.user, discussion=discussion, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("discussion_detail", slug=community.slug, pk=discussion.pk)
    posts = selectors.posts_of(discussion)
    for post in posts:
        post.editable = services.can_edit_post(request.user, post)
    return render(
        request,
        "communities/discussion_detail.html",
        {
            "community": community,
            "discussion": discussion,
            "posts": posts,
            "form": form,
            "following": selectors.is_following(request.user, discussion),
        },
    )


@require_http_methods(["POST"])
@login_required
def discussion_follow(request, slug, pk):
    """Follow the discussion (hear of its replies), or unfollow it ("follow" = "0")."""
    community = get_community_for_member(request.user, slug)
    discussion = get_object_or_404(community.discussions, pk=pk)
    if request.POST.get("follow") == "0":
        services.unfollow(person=request.user, discussion=discussion)
        messages.success(request, _("You no longer follow this discussion."))
    else:
        services.follow(person=request.user, discussion=discussion)
        messages.success(request, _("You follow this discussion: you will hear of its replies."))
    return redirect("discussion_detail", slug=community.slug, pk=discussion.pk)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, slug, pk, post_pk):
    community = get_community_for_member(request.user, slug)
    post = selectors.post_in(community, discussion_pk=pk, post_pk=post_pk)
    if post is None:
        raise Http404
    if not services.can_edit_post(request.user, post):
        raise PermissionDenied
    form = PostForm(request.POST or None, instance=post)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(
                by=request.user,
                post=post,
                version=form.version_to_claim,
                text=form.edited_data().get("text"),
            )
        except Stale as stale:
            form = form.rebased(stale.current)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("discussion_detail", slug=community.slug, pk=pk)
    return render(
        request,
        "communities/post_edit.html",
        {"community": community, "discussion": post.discussion, "form": form},
        status=409 if form.conflict is not None else 200,
    )


def _resource_form_and_save(request, community):
    can_mark = can_facilitate(request.user, community) if community else True
    form = ResourceForm(
        request.POST or None, request.FILES or None, can_mark_good_practice=can_mark
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_resource(by=request.user, community=community, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The resource was added."))
            return form, True
    return form, False


@login_required
@require_http_methods(["GET", "POST"])
def community_resources(request, slug):
    community = get_community_for_member(request.user, slug)
    form, saved = _resource_form_and_save(request, community)
    if saved:
        return redirect("community_resources", slug=community.slug)
    resources = selectors.resources_of(request.user, community)
    page = Paginator(resources, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "communities/resources.html",
        {"community": community, "page": page, "form": form, "can_add": not community.is_closed},
    )


@login_required
@require_http_methods(["GET", "POST"])
def library(request):
    """The shared library, and the libraries of the person's communities."""
    require_not_guest(request.user)
    can_add = can_create_community(request.user)
    if request.method == "POST" and not can_add:
        raise PermissionDenied
    form, saved = _resource_form_and_save(request, None)
    if saved:
        return redirect("library")
    page = Paginator(selectors.resources_visible_to(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "communities/resources.html",
        {"community": None, "page": page, "form": form, "can_add": can_add},
    )


@login_required
@require_safe
def resource_download(request, pk):
    """A file is served only to people allowed to see its community (404 to others)."""
    resource = get_object_or_404(selectors.resources_visible_to(request.user), pk=pk)
    if not resource.file:
        raise Http404
    return private_file_response(
        open_stored_file(resource.file),
        filename=resource.file_name or resource.file.name.rsplit("/", 1)[-1],
        content_type=resource.content_type,
    )


@login_required
@require_safe
def community_log(request, slug):
    """The community's membership log: for its facilitators and admins."""
    community = get_community_for_facilitator(request.user, slug)
    return render_membership_log(
        request,
        membership_log(community=community),
        title_object=community,
        back_url=reverse("community_members", args=[community.slug]),
    )


ORGANIZATION_ACTIONS = {"accept", "decline", "leave"}


@login_required
@require_http_methods(["GET", "POST"])
def organization_communities(request, slug):
    """A focal point's page: the proposals to take part in communities, to accept or
    decline, and the communities the organisation takes part in, to leave."""
    organization = get_organization_for_edit(request.user, slug)
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST" and action not in ORGANIZATION_ACTIONS:
        return render(request, "400.html", status=400)
    leave_form = LeaveCommunityForm(request.POST if action == "leave" else None)
    if action:
        try:
            message = _apply_organization_action(request, organization, action, leave_form)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("organization_communities", slug=organization.slug)
        if message:
            messages.success(request, message)
            return redirect("organization_communities", slug=organization.slug)
    context = selectors.proposals_for_organization(organization)
    context.update(organization=organization, leave_form=leave_form, failed_action=action)
    return render(request, "communities/organization_communities.html", context)


def _apply_organization_action(request, organization, action, leave_form) -> str | None:
    by = request.user
    if action == "leave":
        if not leave_form.is_valid():
            raise ValidationError(_("Tick the box to say you understand, then try again."))
        participation = selectors.current_participation(
            organization, pk=leave_form.cleaned_data["participation"]
        )
        if participation is None:
            raise Http404
        services.leave_community(by=by, participation=participation)
        return _("%(organization)s no longer takes part in %(community)s.") % {
            "organization": organization.name,
            "community": participation.community.name,
        }
    proposal = selectors.proposal_to(organization, pk=_posted_pk(request, "proposal"))
    if proposal is None:
        raise Http404
    if action == "accept":
        services.accept_proposal(by=by, proposal=proposal)
        return _("%(organization)s now takes part in %(community)s.") % {
            "organization": organization.name,
            "community": proposal.community.name,
        }
    services.decline_proposal(by=by, proposal=proposal)
    return _("The proposal was declined: nothing is shared.")


def _invitation_list(request, *, shown_link=None):
    invitations = invitations_sent_by(request.user)[:100]
    return render(
        request,
        "members/invitation_list.html",
        {"invitations": invitations, "shown_link": shown_link, "invitation_days": INVITATION_DAYS},
    )


@require_safe
@login_required
def invitation_list(request):
    require_inviter(request.user)
    return _invitation_list(request)


@require_POST
@login_required
def invitation_resend(request, pk):
    """A new e-mail with the invitation's link, valid 7 days from now."""
    invitation = get_invitation_for_inviter(request.user, pk)
    try:
        invitation = services.resend_invitation(
            by=request.user, invitation=invitation, site_url=request.build_absolute_uri("/")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The invitation was sent again to %(email)s. Its link works until %(date)s.")
            % {"email": invitation.email, "date": day_of(invitation.expires_at)},
        )
    return redirect("invitation_list")


@never_cache
@require_POST
@login_required
def invitation_link(request, pk):
    """The invitation's link, to give to that one person another way (on Telegram, say):
    shown in the answer to this request only, never in the page as it usually loads."""
    invitation = get_invitation_for_inviter(request.user, pk)
    try:
        url = services.show_invitation_link(
            by=request.user, invitation=invitation, site_url=request.build_absolute_uri("/")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("invitation_list")
    # An invitation made before links could be copied got a new link just now.
    renewed = not invitation.link_secret
    return _invitation_list(
        request, shown_link={"invitation": invitation, "url": url, "renewed": renewed}
    )


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
                return _first_page(request, user, invitation)
    return render(
        request, "members/invitation_accept.html", {"form": form, "invitation": invitation}
    )


def _first_page(request, user, invitation):
    """Where a newcomer lands: inside their community (a guest's one community, the
    community a facilitator was invited to, the one open community of a member's
    organisation), welcomed by its name; else their dashboard, which lists their
    communities. Said in the person's language."""
    communities = selectors.communities_to_open(user)
    home = next((c for c in communities if c.pk == invitation.community_id), None)
    if home is None and len(communities) == 1:
        home = communities[0]
    if home is not None:
        messages.success(request, _("Welcome to %(community)s!") % {"community": home.name})
        return redirect(reverse("community_detail", args=[home.slug]))
    if communities:
        message = _(
            "Welcome! Your organisation takes part in the communities listed below: open "
            "one to begin."
        )
    elif user.is_facilitator:
        message = _("Welcome! Your account is ready: create your first community.")
    else:
        message = _(
            "Welcome! Your account is ready. Your organisation does not take part in a "
            "community yet: you will find it here once it does."
        )
    messages.success(request, message)
    return redirect(reverse("dashboard"))


@login_required
@require_http_methods(["GET", "POST"])
def community_introduce(request, slug):
    """The newcomer's first post, from the welcome panel (or this page, which also shows
    a mistake with what was typed)."""
    community = get_community_for_member(request.user, slug)
    if response := _closed(request, community):
        return response
    form = IntroductionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.introduce_yourself(
                by=request.user, community=community, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you! Your introduction is posted, with the others."))
            url = reverse("discussion_detail", args=[community.slug, post.discussion_id])
            return redirect(f"{url}#post-{post.pk}")
    return render(request, "communities/introduce.html", {"community": community, "form": form})


@require_POST
@login_required
def welcome_dismiss(request, slug):
    """ "Not now": the welcome panel of the community is not shown again."""
    community = get_community_for_member(request.user, slug)
    services.dismiss_welcome(person=request.user, community=community)
    return redirect("community_detail", slug=community.slug)


@login_required
@require_safe
def community_people(request, slug):
    """Who is here: the organisations and their people, the guests, the facilitators."""
    community = get_community_for_member(request.user, slug)
    context = selectors.community_people(community)
    context["community"] = community
    return render(request, "communities/community_people.html", context)
