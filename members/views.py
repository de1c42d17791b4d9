import json

from allauth.account.views import LoginView as AllauthLoginView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.forms import NON_FIELD_ERRORS
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotAllowed,
)
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cop_portal.core.services import Stale

from . import selectors
from .channels import all_channels, telegram
from .forms import (
    NotificationSettingsForm,
    OrganizationForm,
    PreferencesForm,
    SignInForm,
)
from .notifications import (
    find_notice,
    open_notice,
    read_unsubscribe_token,
    save_notification_settings,
    settings_of,
    stop_notifications,
)
from .permissions import (
    get_organization_for_edit,
)
from .second_factor import has_second_factor, requires_second_factor
from .services import (
    MESSENGER_LINK_MINUTES,
    unlink_messenger,
    update_organization,
    update_preferences,
)


class LoginView(AllauthLoginView):
    """allauth's sign-in, answering HTTP 429 once the failed-attempts limit is reached."""

    form_class = SignInForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "too_many_login_attempts"):
            response.status_code = 429
        return response


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = update_preferences(
                user=request.user, version=form.version_to_claim, data=form.edited_data()
            )
        except Stale as stale:
            form = form.rebased(stale.current)
        else:
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
            "telegram_offered": telegram.channel.available(),
            "telegram_connected": telegram.channel.reaches(request.user),
        },
        status=409 if form.conflict is not None else 200,
    )


def _telegram_offered():
    """Telegram's pages exist only where an admin set up the bot."""
    if not telegram.channel.available():
        raise Http404


def _connect_url(channel) -> str:
    """Where a person connects a messenger (the route "<channel>_connect"), if there is one."""
    try:
        return reverse(f"{channel.name}_connect")
    except NoReverseMatch:
        return ""


@require_http_methods(["GET", "POST"])
@login_required
def telegram_connect(request):
    """What connecting Telegram does, and its button; once tapped (POST), a new one-time
    link that opens the bot, for MESSENGER_LINK_MINUTES."""
    _telegram_offered()
    link = None
    if request.method == "POST":
        link = telegram.connect_link(person=request.user)
        if link is None:
            messages.error(
                request,
                _("Telegram cannot be reached just now. Please try again in a few minutes."),
            )
            return redirect("telegram_connect")
    return render(
        request,
        "members/telegram_connect.html",
        {
            "link": link,
            "connected": telegram.channel.reaches(request.user),
            "minutes": MESSENGER_LINK_MINUTES,
        },
    )


@require_POST
@login_required
def telegram_disconnect(request):
    _telegram_offered()
    if unlink_messenger(person=request.user, channel=telegram.NAME):
        messages.success(request, _("Telegram is disconnected: nothing more is sent there."))
    return redirect("preferences")


@csrf_exempt
def telegram_webhook(request):
    """Updates posted by Telegram, where a webhook is set up (TELEGRAM_WEBHOOK_SECRET):
    only those that carry the secret are heard. Without a secret, there is no such page."""
    secret = settings.TELEGRAM_WEBHOOK_SECRET
    if not (secret and telegram.channel.available()):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not constant_time_compare(given, secret):
        return HttpResponseForbidden()
    try:
        update = json.loads(request.body)
    except ValueError:
        return HttpResponseBadRequest()
    if isinstance(update, dict):
        telegram.handle_update(update)
    # Answered at once, whatever the update was, so that Telegram does not send it again.
    return HttpResponse()


@require_http_methods(["GET", "POST"])
@login_required
def notification_settings(request):
    """How the person hears of each kind of news, per channel: at once, in a digest, never."""
    channels = all_channels()
    form = NotificationSettingsForm(
        request.POST or None, channels=channels, current=settings_of(request.user)
    )
    if request.method == "POST" and form.is_valid():
        save_notification_settings(person=request.user, choices=form.choices())
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notification_settings")
    sections = [
        {
            "channel": channel,
            "fields": form.fields_of(channel),
            "reaches": channel.reaches(request.user),
            "connect_url": "" if channel.reaches(request.user) else _connect_url(channel),
        }
        for channel in channels
    ]
    return render(
        request, "members/notification_settings.html", {"form": form, "sections": sections}
    )


# A mail client unsubscribes with a POST of its own (RFC 8058 "one-click"), without the
# portal's CSRF cookie: the signed token in the address is the proof, and it only stops.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def notification_unsubscribe(request, token):
    """An unsubscribe link: GET asks to confirm, POST stops that channel's messages of that
    frequency. A link not made here: 400, and a page that says so."""
    found = read_unsubscribe_token(token)
    if found is None:
        return render(request, "members/unsubscribe_invalid.html", status=400)
    person, channel_name, frequency = found
    channel = next((c for c in all_channels() if c.name == channel_name), None)
    context = {"frequency": frequency, "channel_label": channel.label if channel else channel_name}
    if request.method == "POST":
        stop_notifications(person=person, channel=channel_name, frequency=frequency)
        return render(request, "members/unsubscribe_done.html", context)
    return render(request, "members/unsubscribe_confirm.html", context)


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
            update_organization(
                organization=organization,
                by=request.user,
                version=form.version_to_claim,
                data=form.edited_data(),
            )
        except Stale as stale:
            form = form.rebased(stale.current)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation's profile was saved."))
            return redirect("organization_detail", slug=organization.slug)
    return render(
        request,
        "members/organization_form.html",
        {"form": form, "organization": organization},
        status=409 if form.conflict is not None else 200,
    )


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


def not_offered(request, **kwargs):
    """A page of a third-party app that the portal does not offer: 404 for everyone."""
    raise Http404
