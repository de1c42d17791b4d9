"""Every URL of the portal × every persona → the status each must get.

Built from the URL resolver: a URL pattern with no entry here fails the test, so no new
page can escape the question "who may open this?". Outsiders get 404 for what they must
not learn exists, insiders without the right 403, visitors are sent to sign in.
"""

import pytest
from django.contrib import admin
from django.urls import URLResolver, get_resolver

from tests.personas import NOTICE_TOKEN, PERSONAS, make_world

SIGNED_IN = PERSONAS[1:]
LOGIN = "login"  # 302 to the sign-in page


def everyone(status):
    return dict.fromkeys(PERSONAS, status)


def signed_in(status, visitor=LOGIN):
    return {"visitor": visitor, **dict.fromkeys(SIGNED_IN, status)}


def only(allowed, status, others=403, visitor=LOGIN):
    return {
        persona: visitor if persona == "visitor" else status if persona in allowed else others
        for persona in PERSONAS
    }


def but(expected, **changes):
    return {**expected, **changes}


INVITERS = ("focal_point_a", "focal_point_b", "facilitator", "other_facilitator", "admin")
FACILITATORS_OF_ANY = ("facilitator", "other_facilitator", "admin")
HOME = "/km/"

# Pages of organisation A's members-only community "private-a", facilitated by "facilitator",
# with "guest" as its guest: outsiders get 404 (they cannot learn it exists), insiders
# without the right 403.
INSIDE = ("member_a", "focal_point_a", "guest", "facilitator", "admin")
INSIDERS = only(INSIDE, 200, others=404)
FACILITATORS = {**INSIDERS, "member_a": 403, "focal_point_a": 403, "guest": 403}
# Editors of organisation A's activity: its people, the community's facilitators, admins.
EDITORS = {**INSIDERS, "guest": 403}
# Pages beyond one community: everyone signed in but a guest.
NOT_GUESTS = but(signed_in(200), guest=403)
# Organisation A's own pages: its focal points and admins.
FOCAL_POINTS_A = only(("focal_point_a", "admin"), 200)


def missing(expected):
    """The same page for an object that does not exist: 404 once access is granted."""
    return {persona: 404 if status == 200 else status for persona, status in expected.items()}


DASHBOARD = "/km/dashboard/"
REAUTHENTICATE = ("redirect", "/km/accounts/reauthenticate/")


def of(name):
    """The URL of one of the objects inside "private-a"."""
    return lambda world: world.objects[name]


def activity(suffix=""):
    return lambda world: f"/km/activities/{world.objects['activity'].pk}/{suffix}"


def discussion(world):
    return f"/km/communities/private-a/discussions/{world.objects['discussion'].pk}/"


# name: a list of (URL or a function of the world giving it, expected for GET, expected for
# POST or None when the page takes no POST). Each URL name has at least one entry; pages
# with an id or a slug are requested for real objects of "private-a" (and of the public
# community "public-b" where outsiders see its summary).
MATRIX = {
    "healthz": [("/healthz", everyone(200), None)],
    "home": [(HOME, everyone(200), None)],
    # The installable app (cop_portal/pages/webapp.py): the same for everyone.
    "manifest": [("/manifest.webmanifest?lang=km", everyone(200), None)],
    "service_worker": [("/service-worker.js", everyone(200), everyone(405))],
    "offline": [("/km/offline/", everyone(200), everyone(405))],
    "dashboard": [(DASHBOARD, signed_in(200), None)],
    "search": [("/km/search/?q=private", everyone(200), None)],
    "account_login": [
        (
            "/km/accounts/login/",
            # Signed-in people are sent on to their dashboard.
            signed_in(("redirect", DASHBOARD), visitor=200),
            signed_in(("redirect", DASHBOARD), visitor=200),
        )
    ],
    "preferences": [("/km/accounts/preferences/", signed_in(200), signed_in(200))],
    # Telegram's pages exist only where an admin set up a bot (none here): 404 once signed
    # in; the webhook, only with its secret too.
    "telegram_connect": [
        ("/km/accounts/telegram/connect/", signed_in(404), signed_in(404)),
    ],
    "telegram_disconnect": [
        ("/km/accounts/telegram/disconnect/", everyone(405), signed_in(404)),
    ],
    "telegram_webhook": [("/telegram/webhook/", everyone(404), everyone(404))],
    # An empty POST comes back as the form, with its errors.
    "notification_settings": [("/km/accounts/notifications/", signed_in(200), signed_in(200))],
    # Opened by its signed token, signed in or not (from a mail client); any other: 400.
    "notification_unsubscribe": [
        ("/km/accounts/notifications/unsubscribe/not-a-token/", everyone(400), everyone(400))
    ],
    "account_logout": [("/km/accounts/logout/", signed_in(200, visitor=("redirect", HOME)), None)],
    "account_root": [("/km/accounts/", everyone(("redirect", "/km/accounts/preferences/")), None)],
    # Two-step sign-in (allauth.mfa). force_login leaves no recent sign-in in the session,
    # so allauth first asks to confirm; only those with an authenticator have codes.
    "mfa_index": [("/km/accounts/2fa/", signed_in(200), signed_in(405))],
    "mfa_authenticate": [
        (
            "/km/accounts/2fa/authenticate/",
            signed_in(("redirect", DASHBOARD), visitor=("redirect", "/km/accounts/login/")),
            signed_in(("redirect", DASHBOARD), visitor=("redirect", "/km/accounts/login/")),
        )
    ],
    "mfa_reauthenticate": [
        (
            "/km/accounts/2fa/reauthenticate/",
            only(FACILITATORS_OF_ANY, 200, others=REAUTHENTICATE),
            only(FACILITATORS_OF_ANY, 200, others=REAUTHENTICATE),
        )
    ],
    "mfa_activate_totp": [
        ("/km/accounts/2fa/totp/activate/", signed_in(REAUTHENTICATE), signed_in(REAUTHENTICATE))
    ],
    "mfa_deactivate_totp": [
        (
            "/km/accounts/2fa/totp/deactivate/",
            only(FACILITATORS_OF_ANY, REAUTHENTICATE, others=404),
            only(FACILITATORS_OF_ANY, REAUTHENTICATE, others=404),
        )
    ],
    "mfa_view_recovery_codes": [
        ("/km/accounts/2fa/recovery-codes/", signed_in(404), signed_in(405))
    ],
    "mfa_generate_recovery_codes": [
        (
            "/km/accounts/2fa/recovery-codes/generate/",
            signed_in(REAUTHENTICATE),
            signed_in(REAUTHENTICATE),
        )
    ],
    "mfa_download_recovery_codes": [
        ("/km/accounts/2fa/recovery-codes/download/", signed_in(404), signed_in(404))
    ],
    "account_inactive": [("/km/accounts/inactive/", everyone(200), None)],
    # Sign-up is closed to everyone: the page only says so.
    "account_signup": [
        ("/km/accounts/signup/", signed_in(("redirect", DASHBOARD), visitor=200), None)
    ],
    "account_reauthenticate": [("/km/accounts/reauthenticate/", signed_in(200), None)],
    # Nobody adds or changes a sign-in address themselves: an admin does.
    "account_email": [("/km/accounts/email/", everyone(404), everyone(404))],
    "account_email_verification_sent": [("/km/accounts/confirm-email/", everyone(404), None)],
    "account_change_password": [("/km/accounts/password/change/", signed_in(200), None)],
    "account_set_password": [
        (
            "/km/accounts/password/set/",
            # Everyone here has a password: sent to change it instead.
            signed_in(("redirect", "/km/accounts/password/change/")),
            None,
        )
    ],
    "account_reset_password": [("/km/accounts/password/reset/", everyone(200), None)],
    "account_reset_password_done": [("/km/accounts/password/reset/done/", everyone(200), None)],
    "account_confirm_login_code": [
        (
            "/km/accounts/login/code/confirm/",
            signed_in(("redirect", DASHBOARD), visitor=("redirect", "/km/accounts/login/")),
            None,
        )
    ],
    "account_confirm_email": [("/km/accounts/confirm-email/not-a-key/", everyone(404), None)],
    "account_reset_password_from_key": [
        ("/km/accounts/password/reset/key/1-not-a-key/", everyone(200), None)
    ],
    "account_reset_password_from_key_done": [
        ("/km/accounts/password/reset/key/done/", everyone(200), None)
    ],
    "community_directory": [("/km/communities/", everyone(200), None)],
    "community_create": [
        (
            "/km/communities/new/",
            only(FACILITATORS_OF_ANY, 200),
            only(FACILITATORS_OF_ANY, 200),  # an empty form comes back with its errors
        )
    ],
    "community_detail": [
        ("/km/communities/private-a/", but(INSIDERS, visitor=404), None),
        # A public community: its summary for everyone.
        ("/km/communities/public-b/", everyone(200), None),
    ],
    "community_about": [
        ("/km/communities/private-a/about/", but(INSIDERS, visitor=404), None),
        ("/km/communities/public-b/about/", everyone(200), None),
    ],
    "community_edit": [("/km/communities/private-a/edit/", FACILITATORS, FACILITATORS)],
    "community_members": [
        (
            "/km/communities/private-a/members/",
            FACILITATORS,
            # A POST without an action is refused, after the same access check.
            {**FACILITATORS, "facilitator": 400, "admin": 400},
        )
    ],
    "community_log": [("/km/communities/private-a/log/", FACILITATORS, None)],
    "community_close": [
        (
            "/km/communities/private-a/close/",
            FACILITATORS,
            FACILITATORS,  # without a summary the form comes back with its error
        )
    ],
    "community_ideas": [
        # An empty idea comes back with its error.
        ("/km/communities/private-a/ideas/", INSIDERS, INSIDERS),
        # A public community's inside is for its own people: outsiders read its summary.
        (
            "/km/communities/public-b/ideas/",
            only(("member_b", "focal_point_b", "other_facilitator", "admin"), 200),
            None,
        ),
    ],
    "idea_detail": [
        (lambda w: f"/km/communities/private-a/ideas/{w.objects['idea'].pk}/", INSIDERS, None),
        # No such idea: insiders get 404 too, after the access check.
        ("/km/communities/private-a/ideas/999999/", missing(INSIDERS), None),
    ],
    "community_people": [("/km/communities/private-a/people/", INSIDERS, None)],
    # A newcomer's welcome panel: an empty introduction comes back with its error.
    "community_introduce": [
        ("/km/communities/private-a/welcome/introduce/", INSIDERS, INSIDERS),
    ],
    "welcome_dismiss": [
        (
            "/km/communities/private-a/welcome/dismiss/",
            everyone(405),
            but(INSIDERS, **dict.fromkeys(INSIDE, ("redirect", "/km/communities/private-a/"))),
        ),
    ],
    "community_discussions": [
        ("/km/communities/private-a/discussions/", INSIDERS, INSIDERS),
    ],
    "discussion_detail": [
        (discussion, INSIDERS, None),
        ("/km/communities/private-a/discussions/999999/", missing(INSIDERS), None),
    ],
    # POST only: follow or unfollow, then back to the discussion.
    "discussion_follow": [
        (
            lambda w: f"{discussion(w)}follow/",
            everyone(405),
            only(INSIDE, ("redirect", discussion), others=404),
        ),
    ],
    "post_edit": [
        # Its author only (within 30 minutes of writing it).
        (
            lambda w: f"{discussion(w)}posts/{w.objects['post'].pk}/edit/",
            {**INSIDERS, "focal_point_a": 403, "guest": 403, "facilitator": 403, "admin": 403},
            None,
        ),
    ],
    "community_resources": [("/km/communities/private-a/resources/", INSIDERS, INSIDERS)],
    # Members read the shared library; facilitators and admins add to it; guests see
    # their community's library only.
    "library": [("/km/resources/", NOT_GUESTS, only(FACILITATORS_OF_ANY, 200))],
    "resource_download": [
        (lambda w: f"/km/resources/{w.objects['resource'].pk}/download/", INSIDERS, None),
        ("/km/resources/999999/download/", signed_in(404), None),
    ],
    "activity_list": [("/km/activities/", signed_in(200), None)],
    "activity_calendar": [("/km/activities/calendar/", signed_in(200), None)],
    # POST only: a GET is refused; a POST makes the person's link and comes back.
    "activity_calendar_link": [
        (
            "/km/activities/calendar/link/",
            everyone(405),
            signed_in(("redirect", "/km/activities/calendar/")),
        )
    ],
    # Opened by its secret token only: without one, nobody finds anything.
    "activity_calendar_feed": [("/km/activities/calendar.ics", everyone(404), None)],
    "activity_export_csv": [("/km/activities/export.csv", signed_in(200), None)],
    "activity_export_xlsx": [("/km/activities/export.xlsx", signed_in(200), None)],
    # An activity is led by an organisation: a guest takes part, but does not log one.
    "activity_create": [("/km/activities/new/", NOT_GUESTS, NOT_GUESTS)],
    # The outbox's sending answers in JSON: signed out 403 (the report stays on the phone,
    # never a redirect it would follow), a fresh token to GET, an empty report 400.
    "activity_sent": [
        (
            "/km/activities/new/sent/",
            but(signed_in(200), visitor=403, guest=403),
            but(signed_in(400), visitor=403, guest=403),
        )
    ],
    # The list of the reports waiting on a phone: filled from the phone's own storage.
    "outbox": [("/km/activities/waiting/", everyone(200), None)],
    "activity_detail": [
        (activity(), INSIDERS, None),
        ("/km/activities/999999/", signed_in(404), None),
    ],
    "activity_edit": [
        (activity("edit/"), EDITORS, None),
        ("/km/activities/999999/edit/", signed_in(404), signed_in(404)),
    ],
    "activity_delete": [
        (activity("delete/"), EDITORS, None),
        ("/km/activities/999999/delete/", signed_in(404), signed_in(404)),
    ],
    "attachment_add": [
        (activity("attachments/"), everyone(405), None),
        ("/km/activities/999999/attachments/", everyone(405), signed_in(404)),
    ],
    "attachment_download": [
        (lambda w: f"{activity()(w)}attachments/{w.objects['attachment'].pk}/", INSIDERS, None),
        ("/km/activities/999999/attachments/1/", signed_in(404), None),
    ],
    "attachment_remove": [
        (
            # A GET (or a POST without confirm=1) is the confirmation page: editors only.
            lambda w: f"{activity()(w)}attachments/{w.objects['attachment'].pk}/remove/",
            EDITORS,
            None,
        ),
        ("/km/activities/999999/attachments/1/remove/", signed_in(404), signed_in(404)),
    ],
    "community_activities": [("/km/communities/private-a/activities/", INSIDERS, None)],
    "community_report": [
        ("/km/communities/private-a/report/", INSIDERS, None),
        (
            "/km/communities/public-b/report/",
            only(("member_b", "focal_point_b", "other_facilitator", "admin"), 200),
            None,
        ),
    ],
    # Programme reports: admins and facilitators (over what each may know exists).
    "programme_report": [("/km/reports/", only(FACILITATORS_OF_ANY, 200), None)],
    "programme_report_export": [("/km/reports/export.xlsx", only(FACILITATORS_OF_ANY, 200), None)],
    "community_objectives": [
        ("/km/communities/private-a/objectives/", FACILITATORS, FACILITATORS),
    ],
    "community_objective_edit": [
        (
            lambda w: f"/km/communities/private-a/objectives/{w.objects['objective'].pk}/",
            FACILITATORS,
            None,
        ),
        # No such objective: facilitators get 404 too, after the access check.
        ("/km/communities/private-a/objectives/999999/", missing(FACILITATORS), None),
    ],
    # Organisations and the knowledge map: for everyone signed in but guests; organisation
    # A's profile, its answers to proposals and its membership log are for its focal
    # points and admins.
    "organization_list": [("/km/organizations/", NOT_GUESTS, None)],
    "organization_detail": [("/km/organizations/organisation-a/", NOT_GUESTS, None)],
    "organization_edit": [
        (
            "/km/organizations/organisation-a/edit/",
            FOCAL_POINTS_A,
            FOCAL_POINTS_A,  # an empty POST comes back as the form
        )
    ],
    "organization_communities": [
        (
            "/km/organizations/organisation-a/communities/",
            FOCAL_POINTS_A,
            # Without an action: refused, after the same access check.
            but(FOCAL_POINTS_A, focal_point_a=400, admin=400),
        )
    ],
    "organization_log": [("/km/organizations/organisation-a/log/", FOCAL_POINTS_A, None)],
    "knowledge_map": [("/km/knowledge/", NOT_GUESTS, None)],
    "invitation_list": [("/km/invitations/", only(INVITERS, 200), None)],
    "invitation_create": [
        # An empty form comes back with its errors.
        ("/km/invitations/new/", only(INVITERS, 200), only(INVITERS, 200)),
    ],
    # Sending again and showing the link: POST only, for whoever sees the invitation on
    # their invitations page (its sender, admins); 404 to every other inviter.
    "invitation_resend": [
        (
            lambda w: f"/km/invitations/{w.objects['invitation'].pk}/resend/",
            everyone(405),
            but(
                only(("facilitator", "admin"), ("redirect", "/km/invitations/"), others=403),
                focal_point_a=404,
                focal_point_b=404,
                other_facilitator=404,
            ),
        ),
        ("/km/invitations/999999/resend/", everyone(405), only(INVITERS, 404)),
    ],
    "invitation_link": [
        (
            lambda w: f"/km/invitations/{w.objects['invitation'].pk}/link/",
            everyone(405),
            but(
                only(("facilitator", "admin"), 200, others=403),
                focal_point_a=404,
                focal_point_b=404,
                other_facilitator=404,
            ),
        ),
        ("/km/invitations/999999/link/", everyone(405), only(INVITERS, 404)),
    ],
    "invitation_accept": [
        ("/km/invitations/accept/not-a-token/", everyone(404), everyone(404)),
    ],
    # A discreet notification's link opens its page for its recipient only.
    "notice_open": [
        (
            f"/km/n/{NOTICE_TOKEN}/",
            but(signed_in(404), member_a=("redirect", discussion)),
            None,
        ),
        ("/km/n/no-such-notice/", signed_in(404), None),
    ],
}


# Pages of an organisation that does not exist: 404 for everyone signed in (but guests,
# who see no organisation page), the same for its edit page (nobody can learn whether a
# slug exists by being refused).
MISSING_OBJECTS = {
    "organization_detail": (
        "/km/organizations/no-such-organisation/",
        but(missing(signed_in(200)), guest=403),
    ),
    "organization_edit": (
        "/km/organizations/no-such-organisation/edit/",
        but(missing(signed_in(200)), guest=403),
    ),
}


def url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from url_names(pattern.url_patterns, pattern.namespace or namespace)
        else:
            yield (f"{namespace}:" if namespace else "") + (pattern.name or str(pattern.pattern))


def test_every_url_pattern_has_an_entry_in_the_matrix():
    names = {name for name in url_names(get_resolver().url_patterns)}
    portal = {name for name in names if not name.startswith("admin:")}
    assert portal - MATRIX.keys() == set(), "add these URLs to the permission matrix"
    assert MATRIX.keys() - portal == set(), "these matrix entries match no URL"


def check(response, expected, persona, method, name, world):
    where = f"{method} {name} as {persona}"
    if expected == LOGIN:
        assert response.status_code == 302, where
        assert response.url.startswith("/km/accounts/login/"), where
    elif isinstance(expected, tuple):
        assert response.status_code == 302, f"{where}: {response.status_code}"
        target = expected[1](world) if callable(expected[1]) else expected[1]
        assert response.url.split("?")[0] == target, where
    else:
        assert response.status_code == expected, f"{where}: {response.status_code}"


def sign_in_as(client, world, persona):
    client.logout()
    if world.people[persona] is not None:
        client.force_login(world.people[persona])


CASES = [
    pytest.param(name, number, id=f"{name}-{number}")
    for name, cases in sorted(MATRIX.items())
    for number in range(len(cases))
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "number"), CASES)
def test_each_persona_gets_the_expected_answer(client, name, number):
    url, expected_get, expected_post = MATRIX[name][number]
    world = make_world()
    url = url(world) if callable(url) else url
    for persona in PERSONAS:
        sign_in_as(client, world, persona)
        check(client.get(url), expected_get[persona], persona, "GET", name, world)
        if expected_post is not None:
            check(client.post(url, {}), expected_post[persona], persona, "POST", name, world)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MISSING_OBJECTS))
def test_a_missing_object_is_not_found(client, name):
    url, expected = MISSING_OBJECTS[name]
    world = make_world()
    for persona in PERSONAS:
        sign_in_as(client, world, persona)
        check(client.get(url), expected[persona], persona, "GET", name, world)


ADMIN_PAGES = [
    "/admin/",
    *(
        f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for model in admin.site._registry
    ),
]


@pytest.mark.django_db
def test_only_admins_open_the_django_admin(client):
    world = make_world()
    for persona in PERSONAS:
        sign_in_as(client, world, persona)
        for url in ADMIN_PAGES:
            response = client.get(url)
            if persona == "admin":
                assert response.status_code == 200, url
            else:
                assert response.status_code == 302, (persona, url)
                assert response.url.startswith("/admin/login/"), (persona, url)
