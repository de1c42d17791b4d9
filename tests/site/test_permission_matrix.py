"""Every URL of the portal × every persona → the status each must get.

Built from the URL resolver: a URL pattern with no entry here fails the test, so no new
page can escape the question "who may open this?". Outsiders get 404 for what they must
not learn exists, insiders without the right 403, visitors are sent to sign in.
"""

import pytest
from django.contrib import admin
from django.urls import URLResolver, get_resolver

from tests.factories import (
    CommunityFactory,
    OrganizationFactory,
    ParticipationFactory,
    UserFactory,
)

PERSONAS = [
    "visitor",
    "member_a",
    "focal_point_a",
    "member_b",
    "facilitator",
    "other_facilitator",
    "admin",
]
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


INVITERS = ("facilitator", "other_facilitator", "admin")
HOME = "/km/"

# Pages of organisation A's members-only community "private-a", facilitated by "facilitator":
# outsiders get 404 (they cannot learn it exists), insiders without the right 403.
INSIDERS = only(("member_a", "focal_point_a", "facilitator", "admin"), 200, others=404)
FACILITATORS = {**INSIDERS, "member_a": 403, "focal_point_a": 403}


def missing(expected):
    """The same page for an object that does not exist: 404 once access is granted."""
    return {persona: 404 if status == 200 else status for persona, status in expected.items()}


DASHBOARD = "/km/dashboard/"


def make_personas():
    organization_a = OrganizationFactory(slug="organisation-a")
    organization_b = OrganizationFactory(slug="organisation-b")
    community = CommunityFactory(slug="private-a")
    ParticipationFactory(community=community, organization=organization_a)
    facilitator = UserFactory(email="facilitator@example.org", is_facilitator=True)
    community.facilitators.add(facilitator)
    other_facilitator = UserFactory(email="other.facilitator@example.org", is_facilitator=True)
    CommunityFactory(slug="other").facilitators.add(other_facilitator)
    people = {
        "visitor": None,
        "member_a": UserFactory(email="member.a@example.org", organization=organization_a),
        "focal_point_a": UserFactory(
            email="focal.a@example.org", organization=organization_a, is_focal_point=True
        ),
        "member_b": UserFactory(email="member.b@example.org", organization=organization_b),
        "facilitator": facilitator,
        "other_facilitator": other_facilitator,
        "admin": UserFactory(email="admin@example.org", is_staff=True, is_superuser=True),
    }
    for user in people.values():
        if user is not None:
            user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return people


# name: (URL, expected for GET, expected for POST or None when the page takes no POST)
MATRIX = {
    "healthz": ("/healthz", everyone(200), None),
    "home": (HOME, everyone(200), None),
    "dashboard": (DASHBOARD, signed_in(200), None),
    "search": ("/km/search/?q=private", everyone(200), None),
    "account_login": (
        "/km/accounts/login/",
        # Signed-in people are sent on to their dashboard.
        signed_in(("redirect", DASHBOARD), visitor=200),
        signed_in(("redirect", DASHBOARD), visitor=200),
    ),
    "preferences": ("/km/accounts/preferences/", signed_in(200), signed_in(200)),
    "account_logout": ("/km/accounts/logout/", signed_in(200, visitor=("redirect", HOME)), None),
    "account_inactive": ("/km/accounts/inactive/", everyone(200), None),
    # Sign-up is closed to everyone: the page only says so.
    "account_signup": (
        "/km/accounts/signup/",
        signed_in(("redirect", DASHBOARD), visitor=200),
        None,
    ),
    "account_reauthenticate": ("/km/accounts/reauthenticate/", signed_in(200), None),
    "account_email": ("/km/accounts/email/", signed_in(200), None),
    "account_email_verification_sent": (
        "/km/accounts/confirm-email/",
        everyone(200),
        None,
    ),
    "account_change_password": ("/km/accounts/password/change/", signed_in(200), None),
    "account_set_password": (
        "/km/accounts/password/set/",
        # Everyone here has a password: sent to change it instead.
        signed_in(("redirect", "/km/accounts/password/change/")),
        None,
    ),
    "account_reset_password": (
        "/km/accounts/password/reset/",
        everyone(200),
        None,
    ),
    "account_reset_password_done": ("/km/accounts/password/reset/done/", everyone(200), None),
    "account_confirm_login_code": (
        "/km/accounts/login/code/confirm/",
        signed_in(("redirect", DASHBOARD), visitor=("redirect", "/km/accounts/login/")),
        None,
    ),
    "account_confirm_email": ("/km/accounts/confirm-email/not-a-key/", everyone(200), None),
    "account_reset_password_from_key": (
        "/km/accounts/password/reset/key/1-not-a-key/",
        everyone(200),
        None,
    ),
    "account_reset_password_from_key_done": (
        "/km/accounts/password/reset/key/done/",
        everyone(200),
        None,
    ),
    "community_directory": ("/km/communities/", everyone(200), None),
    "community_create": (
        "/km/communities/new/",
        only(INVITERS, 200),
        only(INVITERS, 200),  # an empty form comes back with its errors
    ),
    # A members-only community of organisation A, facilitated by "facilitator".
    "community_detail": (
        "/km/communities/private-a/",
        only(("member_a", "focal_point_a", "facilitator", "admin"), 200, others=404, visitor=404),
        None,
    ),
    "community_edit": (
        "/km/communities/private-a/edit/",
        FACILITATORS,
        FACILITATORS,
    ),
    "community_members": (
        "/km/communities/private-a/members/",
        FACILITATORS,
        {  # a POST without an action is refused, after the same access check
            "visitor": LOGIN,
            "member_a": 403,
            "focal_point_a": 403,
            "member_b": 404,
            "facilitator": 400,
            "other_facilitator": 404,
            "admin": 400,
        },
    ),
    "community_close": (
        "/km/communities/private-a/close/",
        FACILITATORS,
        FACILITATORS,  # without a summary the form comes back with its error
    ),
    "community_ideas": (
        "/km/communities/private-a/ideas/",
        INSIDERS,
        INSIDERS,  # an empty idea comes back with its error
    ),
    "idea_detail": (
        # No such idea: insiders get 404 too, after the access check.
        "/km/communities/private-a/ideas/999999/",
        missing(INSIDERS),
        None,
    ),
    "community_discussions": (
        "/km/communities/private-a/discussions/",
        INSIDERS,
        INSIDERS,  # an empty thread comes back with its errors
    ),
    "discussion_detail": (
        "/km/communities/private-a/discussions/999999/",
        missing(INSIDERS),
        None,
    ),
    "post_edit": (
        "/km/communities/private-a/discussions/999999/posts/999999/edit/",
        missing(INSIDERS),
        None,
    ),
    "community_resources": (
        "/km/communities/private-a/resources/",
        INSIDERS,
        INSIDERS,  # an empty form comes back with its errors
    ),
    "library": (
        "/km/resources/",
        signed_in(200),
        # Members read the shared library; facilitators and admins add to it.
        only(INVITERS, 200),
    ),
    "resource_download": ("/km/resources/999999/download/", signed_in(404), None),
    "activity_list": ("/km/activities/", signed_in(200), None),
    "activity_calendar": ("/km/activities/calendar/", signed_in(200), None),
    # POST only: a GET is refused; a POST makes the person's link and comes back.
    "activity_calendar_link": (
        "/km/activities/calendar/link/",
        everyone(405),
        signed_in(("redirect", "/km/activities/calendar/")),
    ),
    # Opened by its secret token only: without one, nobody finds anything.
    "activity_calendar_feed": ("/km/activities/calendar.ics", everyone(404), None),
    "activity_export_csv": ("/km/activities/export.csv", signed_in(200), None),
    "activity_export_xlsx": ("/km/activities/export.xlsx", signed_in(200), None),
    "activity_create": ("/km/activities/new/", signed_in(200), signed_in(200)),
    # No such activity (activities have their own tests of who sees which).
    "activity_detail": ("/km/activities/999999/", signed_in(404), None),
    "activity_edit": ("/km/activities/999999/edit/", signed_in(404), signed_in(404)),
    "activity_delete": ("/km/activities/999999/delete/", signed_in(404), signed_in(404)),
    "attachment_add": (
        "/km/activities/999999/attachments/",
        everyone(405),
        signed_in(404),
    ),
    "attachment_download": ("/km/activities/999999/attachments/1/", signed_in(404), None),
    "attachment_remove": (
        "/km/activities/999999/attachments/1/remove/",
        everyone(405),
        signed_in(404),
    ),
    "community_activities": ("/km/communities/private-a/activities/", INSIDERS, None),
    "community_report": ("/km/communities/private-a/report/", INSIDERS, None),
    # Programme reports: admins and facilitators (over what each may know exists).
    "programme_report": ("/km/reports/", only(INVITERS, 200), None),
    "programme_report_export": ("/km/reports/export.xlsx", only(INVITERS, 200), None),
    "community_objectives": (
        "/km/communities/private-a/objectives/",
        FACILITATORS,
        FACILITATORS,  # an empty form comes back with its errors
    ),
    "community_objective_edit": (
        # No such objective: facilitators get 404 too, after the access check.
        "/km/communities/private-a/objectives/999999/",
        missing(FACILITATORS),
        None,
    ),
    # Organisations and the knowledge map: for everyone signed in; organisation A's profile
    # is edited by its focal point and admins.
    "organization_list": ("/km/organizations/", signed_in(200), None),
    "organization_detail": ("/km/organizations/organisation-a/", signed_in(200), None),
    "organization_edit": (
        "/km/organizations/organisation-a/edit/",
        only(("focal_point_a", "admin"), 200),
        only(("focal_point_a", "admin"), 200),  # an empty POST comes back as the form
    ),
    "knowledge_map": ("/km/knowledge/", signed_in(200), None),
    "invitation_list": ("/km/invitations/", only(INVITERS, 200), None),
    "invitation_create": (
        "/km/invitations/new/",
        only(INVITERS, 200),
        # An empty form comes back with its errors.
        only(INVITERS, 200),
    ),
    "invitation_accept": (
        "/km/invitations/accept/not-a-token/",
        everyone(404),
        everyone(404),
    ),
}


# Pages of an organisation that does not exist: 404 for everyone signed in, the same for
# its edit page (nobody can learn whether a slug exists by being refused).
MISSING_OBJECTS = {
    "organization_detail": (
        "/km/organizations/no-such-organisation/",
        missing(signed_in(200)),
    ),
    "organization_edit": (
        "/km/organizations/no-such-organisation/edit/",
        missing(signed_in(200)),
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


def check(response, expected, persona, method, name):
    where = f"{method} {name} as {persona}"
    if expected == LOGIN:
        assert response.status_code == 302, where
        assert response.url.startswith("/km/accounts/login/"), where
    elif isinstance(expected, tuple):
        assert response.status_code == 302, f"{where}: {response.status_code}"
        assert response.url.split("?")[0] == expected[1], where
    else:
        assert response.status_code == expected, f"{where}: {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_persona_gets_the_expected_answer(client, name):
    url, expected_get, expected_post = MATRIX[name]
    people = make_personas()
    for persona in PERSONAS:
        client.logout()
        if people[persona] is not None:
            client.force_login(people[persona])
        check(client.get(url), expected_get[persona], persona, "GET", name)
        if expected_post is not None:
            check(client.post(url, {}), expected_post[persona], persona, "POST", name)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MISSING_OBJECTS))
def test_a_missing_object_is_not_found(client, name):
    url, expected = MISSING_OBJECTS[name]
    people = make_personas()
    for persona in PERSONAS:
        client.logout()
        if people[persona] is not None:
            client.force_login(people[persona])
        check(client.get(url), expected[persona], persona, "GET", name)


ADMIN_PAGES = [
    "/admin/",
    *(
        f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for model in admin.site._registry
    ),
]


@pytest.mark.django_db
def test_only_admins_open_the_django_admin(client):
    people = make_personas()
    for persona in PERSONAS:
        client.logout()
        if people[persona] is not None:
            client.force_login(people[persona])
        for url in ADMIN_PAGES:
            response = client.get(url)
            if persona == "admin":
                assert response.status_code == 200, url
            else:
                assert response.status_code == 302, (persona, url)
                assert response.url.startswith("/admin/login/"), (persona, url)
