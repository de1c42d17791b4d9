import calendar as calendar_module
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from communities import services as community_services
from communities.forms import CloseCommunityForm
from communities.permissions import get_community_for_facilitator, get_community_for_member
from communities.selectors import LISTED, inside_ids
from cop_portal.core.cache import remember
from cop_portal.core.confirm import ask_to_confirm, confirmed
from cop_portal.core.offline import offline_for_the_person
from cop_portal.core.paging import IdsFirstPaginator
from cop_portal.core.services import Stale
from cop_portal.core.uploads import open_stored_file, private_file_response, thumbnail
from members import services as member_services
from members.selectors import person_by_calendar_token

from . import charts, exports, reports, selectors, services
from .calendar import agenda, ical, month_after, month_asked, month_before, month_grid
from .forms import ActivityFilterForm, ActivityForm, AttachmentForm, ReportFilterForm
from .models import Activity
from .permissions import (
    can_edit_activity,
    get_activity_for_edit,
    get_activity_for_view,
    require_activity_logger,
    require_programme_report,
)

PAGE_SIZE = 20  # as the other lists: less to draw and to download on a phone
# What a row of the activity list shows (not the long texts: summary, outcomes, lessons).
LIST_COLUMNS = (
    "title_km",
    "title_en",
    "status",
    "start_date",
    "participants_total",
    "updated_at",
    *(
        f"{relation}__{column}"
        for relation in ("community", "activity_type", "lead_organization")
        for column in ("name", "name_km", "name_en", "slug" if relation == "community" else "id")
    ),
)


@require_safe
@login_required
def activity_list(request, slug=None):
    """The activities the person may see, or one community's, with filters."""
    community = get_community_for_member(request.user, slug, only=LISTED) if slug else None
    filters, activities = _filtered(request, community=community)
    page = IdsFirstPaginator(activities, PAGE_SIZE, only=LIST_COLUMNS).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    export_query = query.copy()
    if community is not None:
        export_query["community"] = community.pk
    return render(
        request,
        "activities/activity_list.html",
        {
            "community": community,
            "filters": filters,
            "mine": filters.is_valid() and filters.cleaned_data["mine"],
            "page": page,
            "query": query.urlencode(),
            "export_query": export_query.urlencode(),
        },
    )


def _came_from(request) -> str | None:
    """The page of this site the person came from (`?next=`), to lead them back to it;
    None for anything else (another site, a scheme, nothing)."""
    target = request.GET.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _saved(request, activity, *, back: str | None):
    """After a save: the activity's page, with its message and a way back."""
    messages.success(request, _("The activity was saved."))
    address = reverse("activity_detail", args=[activity.pk])
    return redirect(f"{address}?{urlencode({'next': back})}" if back else address)


@require_http_methods(["GET", "POST"])
@login_required
@offline_for_the_person
def activity_create(request):
    require_activity_logger(request.user)
    initial = {}
    if slug := request.GET.get("community"):
        initial["community"] = get_community_for_member(request.user, slug)
    form = ActivityForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            # The form's fields are the service's arguments (community, submission, photos
            # and services.ACTIVITY_FIELDS): an unknown one is refused.
            activity, _logged_now = services.log_activity_with_photos(
                by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Back to where the person came from, or else to their own activities, where
            # the one just saved comes first.
            return _saved(
                request,
                activity,
                back=_came_from(request) or reverse("activity_list") + "?mine=1",
            )
    return render(request, "activities/activity_form.html", {"form": form, "activity": None})


@require_http_methods(["GET", "POST"])
def activity_sent(request):
    """The activity form sent again by a phone's outbox (static/js/outbox.js), answered in
    JSON for the script, as KoboToolbox answers a submission: a new submission id logs
    the activity (201); the same id with the same content leads to the activity logged
    before (200), nothing logged twice; the same id with other content is 409, for the
    person to review, with what is stored beside what was sent. Signed out: 403, the
    report stays on the phone until the person signs in again. A GET gives the fresh
    CSRF token the sending needs (the one in a form kept offline may be out of date)."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {"status": "signed-out", "message": _("Sign in again to send this report.")},
            status=403,
        )
    require_activity_logger(request.user)
    if request.method == "GET":  # before a sending: a fresh token for the form it sends
        return JsonResponse({"status": "ready", "csrf": get_token(request)})
    form = ActivityForm(request.POST, request.FILES, user=request.user)
    if form.is_valid():
        try:
            activity, logged_now = services.log_activity_with_photos(
                by=request.user, if_changed=services.IfChanged.REFUSE, **form.cleaned_data
            )
        except services.SubmissionConflict as conflict:
            sent = Activity(
                **{name: value for name, value in form.cleaned_data.items() if name in SENT_FACTS}
            )
            return JsonResponse(_conflict(conflict.earlier, sent), status=409)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return JsonResponse(
                {
                    "status": "logged" if logged_now else "logged-before",
                    "url": reverse("activity_detail", args=[activity.pk]),
                    "title": str(activity),
                    "message": _("The activity was saved.")
                    if logged_now
                    else _("This report had already been sent: nothing was logged twice."),
                },
                status=201 if logged_now else 200,
            )
    return JsonResponse(
        {
            "status": "refused",
            "message": _("This report was refused: correct it, then send it again."),
            "errors": {
                str(form[name].label if name in form.fields else ""): [str(m) for m in errors]
                for name, errors in form.errors.items()
            },
        },
        status=400,
    )


SENT_FACTS = {"title_km", "title_en", "start_date", "status", "place", "participants_total"}


def _conflict(earlier, sent) -> dict:
    """A 409's body: the activity logged first under the submission beside what was sent
    now (an Activity not saved), when the person may see the first (else nothing of it)."""
    answer = {
        "status": "conflict",
        "message": _(
            "A report with this id was sent before with other content: compare them, then keep one."
        ),
        "sent": _facts(sent),
    }
    if earlier is not None:
        answer["url"] = reverse("activity_detail", args=[earlier.pk])
        answer["stored"] = _facts(earlier)
    return answer


def _facts(activity) -> dict:
    """What tells two versions of an activity apart at a glance, in the person's words."""
    return {
        str(_("Title")): str(activity),
        str(_("Start date")): formats.date_format(activity.start_date, "DATE_FORMAT"),
        str(_("Status")): activity.get_status_display(),
        str(_("Place")): activity.place,
        str(_("Participants")): activity.participants_total,
    }


@require_safe
@offline_for_the_person
def outbox(request):
    """The reports waiting on this phone to be sent (static/js/outbox.js lists them from
    the browser's storage: the server knows nothing of them until they arrive)."""
    return render(request, "activities/outbox.html")


@require_safe
@login_required
def activity_detail(request, pk):
    activity = get_activity_for_view(request.user, pk)
    return _activity_page(request, activity, attachment_form=AttachmentForm())


def _activity_page(request, activity, *, attachment_form):
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "back": _came_from(request),
            "partners": activity.partner_organizations.all(),
            "objectives": activity.objectives.all(),
            "attachments": activity.attachments.all(),
            "attachment_form": attachment_form,
            "can_edit": can_edit_activity(request.user, activity)
            and not activity.community.is_closed,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def activity_edit(request, pk):
    activity = get_activity_for_edit(request.user, pk)
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(
                by=request.user,
                activity=activity,
                version=form.version_to_claim,
                data=form.edited_data(),
            )
        except Stale as stale:
            form = form.rebased(stale.current)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _saved(request, activity, back=_came_from(request))
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "activity": activity},
        status=409 if form.conflict is not None else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def activity_delete(request, pk):
    activity = get_activity_for_edit(request.user, pk)
    if confirmed(request):  # the page asks; without confirm=1 a POST shows it again
        services.delete_activity(by=request.user, activity=activity)
        messages.success(request, _("The activity was deleted. An admin can restore it."))
        return redirect("activity_list")
    return render(request, "activities/activity_delete.html", {"activity": activity})


def _filtered(request, community=None):
    """The filters of the request, and the activities they choose that the person may see
    (of one community, when given)."""
    inside = inside_ids(request.user)
    filters = ActivityFilterForm(request.GET or None, inside_community_ids=inside)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    if community is not None:
        criteria["community"] = community
    return filters, selectors.activity_list(request.user, inside_community_ids=inside, **criteria)


def _record_export(request, export: str, form, *, community=None) -> None:
    """Who exported what, with which filters (those of the form, as chosen)."""
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    services.record_export(
        by=request.user,
        export=export,
        filters={
            name: str(getattr(value, "slug", value))[:100]
            for name, value in chosen.items()
            if value not in (None, "", []) and value is not False  # "mine" not chosen
        },
        community=community or chosen.get("community"),
    )


@require_safe
@login_required
def activity_export_csv(request):
    filters, activities = _filtered(request)
    _record_export(request, "activities.csv", filters)
    response = StreamingHttpResponse(
        exports.csv_stream(activities), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="activities.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@login_required
def activity_export_xlsx(request):
    filters, activities = _filtered(request)
    _record_export(request, "activities.xlsx", filters)
    return private_file_response(
        exports.xlsx_file(activities),
        filename="activities.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_safe
@login_required
def activity_calendar(request):
    """A month of the activities the person may see, planned and done."""
    today = timezone.localdate()
    if asked := request.GET.get("month"):
        first = month_asked(asked)
        if first is None:
            raise Http404  # a month no date of the portal falls in, or no month at all
    else:
        first = today.replace(day=1)
    last = first.replace(day=calendar_module.monthrange(first.year, first.month)[1])
    activities = selectors.calendar_between(request.user, first, last)
    weeks = month_grid(first.year, first.month, activities)
    feed_url = (
        request.build_absolute_uri(
            reverse("activity_calendar_feed") + f"?token={request.user.calendar_token}"
        )
        if request.user.calendar_token
        else None
    )
    return render(
        request,
        "activities/calendar.html",
        {
            "month": first,
            "weeks": weeks,
            "agenda": agenda(weeks),
            "weekdays": [day["date"] if day else None for day in weeks[1]],
            "previous_month": month_before(first),
            "next_month": month_after(first),
            "today": today,
            "feed_url": feed_url,
        },
    )


@require_http_methods(["POST"])
@login_required
def activity_calendar_link(request):
    """Create a new secret feed address (the old one stops working), or remove it. Either
    breaks the link the person gave their calendar application: that asks first."""
    revoking = request.POST.get("action") == "revoke"
    if request.user.calendar_token and not confirmed(request):
        return ask_to_confirm(
            request,
            title=_("Remove the link") if revoking else _("Make a new link"),
            question=_("Your calendar application will no longer receive the activities.")
            if revoking
            else _(
                "The link you have now will stop working: give the new one to your calendar "
                "application."
            ),
            yes=_("Yes, remove the link") if revoking else _("Yes, make a new link"),
            cancel_url=reverse("activity_calendar"),
        )
    if revoking:
        member_services.revoke_calendar_token(user=request.user)
        messages.success(request, _("The calendar link no longer works."))
    else:
        member_services.renew_calendar_token(user=request.user)
        messages.success(request, _("Your calendar link is ready."))
    return redirect("activity_calendar")


@require_safe
def activity_calendar_feed(request):
    """The person's iCal feed: read-only, opened by the secret token in its address."""
    token = request.GET.get("token", "")
    person = person_by_calendar_token(token)
    if person is None:
        raise Http404
    activities = selectors.calendar_feed(person)
    response = HttpResponse(
        ical(activities, name=_("Voice CoP activities")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, max-age=900"
    return response


@require_http_methods(["POST"])
@login_required
def attachment_add(request, pk):
    activity = get_activity_for_edit(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_file(
                by=request.user,
                activity=activity,
                file=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The file was attached."))
            return redirect("activity_detail", pk=activity.pk)
    # The activity's page again, the form with its message and the caption as typed.
    return _activity_page(request, activity, attachment_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def attachment_remove(request, pk, attachment_pk):
    """Removing a photo or a document deletes its file: it asks first."""
    activity = get_activity_for_edit(request.user, pk)
    attachment = get_object_or_404(activity.attachments, pk=attachment_pk)
    if not confirmed(request):
        names = {"name": attachment.file_name or str(attachment), "activity": str(activity)}
        return ask_to_confirm(
            request,
            title=_("Remove a file"),
            question=_("Remove %(name)s from “%(activity)s”?") % names,
            warnings=[_("The file is deleted: it cannot be brought back.")],
            yes=_("Yes, remove %(name)s") % names,
            cancel_url=reverse("activity_detail", args=[activity.pk]),
        )
    services.remove_attachment(by=request.user, attachment=attachment)
    messages.success(request, _("The file was removed."))
    return redirect("activity_detail", pk=activity.pk)


@require_safe
@login_required
def attachment_download(request, pk, attachment_pk):
    """Served only to people who may see the activity (404 to others)."""
    activity = get_activity_for_view(request.user, pk)
    attachment = get_object_or_404(activity.attachments, pk=attachment_pk)
    if request.GET.get("size") == "thumb" and attachment.content_type.startswith("image/"):
        with open_stored_file(attachment.file) as file:
            data = thumbnail(file, cache_key=f"thumbnail:{attachment.pk}:{attachment.file.name}")
        if data is not None:
            response = HttpResponse(data, content_type="image/jpeg")
            response["Cache-Control"] = "private, max-age=86400"
            return response
    return private_file_response(
        open_stored_file(attachment.file),
        filename=attachment.file_name or "attachment",
        content_type=attachment.content_type,
        inline=attachment.content_type.startswith("image/"),
    )


# Closing a community ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def community_close(request, slug):
    """The closing report: summary and lessons learned; then the community is read-only.
    The page says first what closing leaves undone (planned activities to come,
    objectives not reached, named), and asks once more before it closes."""
    community = get_community_for_facilitator(request.user, slug)
    if community.is_closed:
        messages.error(request, _("This community is closed: it can no longer be changed."))
        return redirect("community_detail", slug=community.slug)
    form = CloseCommunityForm(request.POST or None, instance=community)
    context = {"form": form, "community": community, **selectors.what_closing_leaves(community)}
    if request.method == "POST" and form.is_valid():
        if not confirmed(request):
            return ask_to_confirm(
                request,
                title=_("Close the community"),
                question=_("Close %(community)s? A closed community can no longer be changed.")
                % {"community": community.name},
                yes=_("Yes, close the community"),
                cancel_url=reverse("community_detail", args=[community.slug]),
                template="communities/community_close_confirm.html",
                context=context,
            )
        try:
            community_services.close_community(
                by=request.user, community=community, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The community is closed. Thank you for facilitating it."))
            return redirect("community_detail", slug=community.slug)
    return render(request, "communities/community_close.html", context)


# Reports -----------------------------------------------------------------------------


def _programme_scope(request):
    """The programme report's communities and filters, as the person may see them (whole
    months only for those whose figures are rounded and suppressed)."""
    require_programme_report(request.user)
    scope = list(reports.programme_communities(request.user).order_by("name"))
    filters = ReportFilterForm(
        request.GET or None, communities=scope, whole_months=reports.suppressed_for(request.user)
    )
    criteria = dict(filters.cleaned_data) if filters.is_valid() else {}
    chosen = criteria.pop("community", None)
    return filters, [chosen] if chosen else scope, criteria


def _report_page(report):
    """A report's figures, its charts and their page fragment: what the cache keeps for
    each figures' version (at 100,000 activities they take some 500 ms to make)."""
    report_charts = charts.report_charts(report)
    body = render_to_string(
        "activities/report_body.html", {"report": report, "charts": report_charts}
    )
    return report, report_charts, body


@require_safe
@login_required
def programme_report(request):
    filters, communities, criteria = _programme_scope(request)
    report, report_charts, body = remember(
        reports.programme_key(request.user, communities, **criteria),
        lambda: _report_page(reports.programme_report(request.user, communities, **criteria)),
        communities=[community.pk for community in communities],
    )
    return render(
        request,
        "activities/programme_report.html",
        {
            "filters": filters,
            "report": report,
            "charts": report_charts,
            "body": body,
            "query": request.GET.urlencode(),
        },
    )


@require_safe
@login_required
def programme_report_export(request):
    filters, communities, criteria = _programme_scope(request)
    report = reports.programme_report(request.user, communities, **criteria)
    workbook = exports.programme_workbook(report, communities)
    _record_export(request, "voice-cop-report.xlsx", filters)
    return private_file_response(
        workbook,
        filename="voice-cop-report.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_safe
@login_required
def community_report(request, slug):
    community = get_community_for_member(request.user, slug)
    filters = ReportFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    report, report_charts, body = remember(
        reports.community_key(community, **criteria),
        lambda: _report_page(reports.community_report(community, **criteria)),
        communities=[community.pk],
    )
    return render(
        request,
        "activities/community_report.html",
        {
            "community": community,
            "filters": filters,
            "report": report,
            "charts": report_charts,
            "body": body,
        },
    )
