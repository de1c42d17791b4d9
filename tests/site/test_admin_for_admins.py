"""The admin for a programme officer: its index starts with organisations, people and
communities and ends with the logs; the list of people says who is active; deactivating a
person asks first, signs them out everywhere, and is recorded in the membership log."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin as django_admin
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from communities.services import find_pending_invitation, invite_person
from cop_portal.core.admin_site import SECTIONS
from members.models import MembershipEvent, User
from members.services import deactivate_person, invitation_token

pytestmark = pytest.mark.django_db

PEOPLE = reverse("admin:members_user_changelist")


class Index(HTMLParser):
    """The admin index's sections (their captions) and the links to their models, in
    the order of the page."""

    def __init__(self):
        super().__init__()
        self.sections, self.links, self._caption = [], [], False

    def handle_starttag(self, tag, attrs):
        self._caption = self._caption or tag == "caption"
        href = dict(attrs).get("href", "")
        if tag == "a" and href.startswith("/admin/") and href.endswith("/") and "/add/" not in href:
            self.links.append(href)

    def handle_endtag(self, tag):
        self._caption = self._caption and tag != "caption"

    def handle_data(self, data):
        if self._caption and data.strip():
            self.sections.append(data.strip())


def index_of(client, url="/admin/", language="en"):
    parser = Index()
    parser.feed(client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode())
    return parser


def model_links(parser):
    """The changelists the page links to, in order, each once."""
    return list(dict.fromkeys(link for link in parser.links if link.count("/") == 4))


def test_the_index_starts_with_organisations_people_and_communities_and_ends_with_logs(
    client, admin
):
    client.force_login(admin)
    page = index_of(client)
    assert page.sections[:5] == [
        "Organisations and people",
        "Communities",
        "Activities",
        "Resources, topics and invitations",
        "Logs and technical settings",
    ]
    links = model_links(page)
    assert links[:3] == [
        "/admin/members/organization/",
        "/admin/members/user/",
        "/admin/communities/community/",
    ]
    # Participations, proposals and guests come next to the communities.
    assert links[3:6] == [
        "/admin/communities/participation/",
        "/admin/communities/proposal/",
        "/admin/communities/guest/",
    ]
    logs = [
        "/admin/members/membershipevent/",
        "/admin/cop_portal/delivery/",
        "/admin/django_tasks_database/dbtaskresult/",
        "/admin/axes/accesslog/",
        "/admin/account/emailaddress/",
        "/admin/mfa/authenticator/",
        "/admin/auth/group/",
    ]
    first_log = links.index(logs[0])
    assert [link for link in links if link in logs] == logs
    assert links.index("/admin/activities/activity/") < first_log
    assert links.index("/admin/members/invitation/") < first_log
    # Every model of the admin is on the index, once.
    assert len(links) == len(django_admin.site._registry)


def test_the_sidebar_lists_the_models_in_the_same_order(client, admin):
    client.force_login(admin)
    sidebar = index_of(client, PEOPLE)
    assert sidebar.sections[:2] == ["Organisations and people", "Communities"]
    assert model_links(sidebar)[:3] == [
        "/admin/members/organization/",
        "/admin/members/user/",
        "/admin/communities/community/",
    ]


def test_the_index_speaks_khmer(client, admin):
    client.force_login(admin)
    assert index_of(client, language="km").sections[:2] == ["អង្គការ និងមនុស្ស", "សហគមន៍"]


def test_every_model_of_the_portal_has_its_place_in_the_index():
    listed = {name for _label, _title, names in SECTIONS for name in names}
    ours = {
        f"{model._meta.app_label}.{model.__name__}"
        for model in django_admin.site._registry
        if model._meta.app_label in {"members", "communities", "activities", "cop_portal"}
    }
    assert ours <= listed, ours - listed


def test_a_model_left_out_of_the_sections_keeps_its_place_at_the_end(client, admin, monkeypatch):
    monkeypatch.setattr(
        "cop_portal.core.admin_site.SECTIONS",
        [(label, title, names) for label, title, names in SECTIONS if label != "section-logs"],
    )
    client.force_login(admin)
    page = index_of(client)
    assert page.sections[:4] == [
        "Organisations and people",
        "Communities",
        "Activities",
        "Resources, topics and invitations",
    ]
    # Then the applications, by Django's order, with their own names and pages.
    assert page.sections[4:] == sorted(page.sections[4:], key=str.lower)
    assert "Authentication and Authorization" in page.sections
    assert "/admin/auth/" in page.links
    assert len(model_links(page)) == len(django_admin.site._registry)


def test_an_application_page_lists_its_models_in_the_index_order(client, admin):
    client.force_login(admin)
    links = model_links(index_of(client, "/admin/members/"))
    assert links[:2] == ["/admin/members/organization/", "/admin/members/user/"]
    assert links[-1] == "/admin/members/membershipevent/"


def test_people_show_who_is_active_and_can_be_filtered_by_it(client, admin, member_a, member_b):
    member_b.is_active = False
    member_b.save()
    client.force_login(admin)
    html = client.get(PEOPLE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for column in ("is_active", "is_staff", "is_facilitator", "is_focal_point"):
        assert f'class="sortable column-{column}' in html
    assert 'alt="No"' in html and 'alt="Yes"' in html
    active = client.get(PEOPLE, {"is_active__exact": "1"}).content.decode()
    assert member_a.email in active and member_b.email not in active
    inactive = client.get(PEOPLE, {"is_active__exact": "0"}).content.decode()
    assert member_b.email in inactive and member_a.email not in inactive


def signed_in(person):
    browser = Client()
    browser.force_login(person)
    assert browser.get("/en/").wsgi_request.user == person
    return browser


def test_the_deactivate_action_asks_first_then_signs_the_people_out_and_records_it(
    client, admin, member_a, member_b, focal_point_a, settings
):
    settings.ALLOWED_HOSTS = ["*"]
    invitation = invite_person(
        by=focal_point_a,
        email="dara@example.org",
        kind="member",
        organization=focal_point_a.organization,
        site_url="http://testserver",
    )
    phone, laptop = signed_in(focal_point_a), signed_in(focal_point_a)
    client.force_login(admin)
    selected = [focal_point_a.pk, admin.pk]
    asked = client.post(
        PEOPLE,
        {"action": "deactivate", "_selected_action": selected},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    html = asked.content.decode()
    assert asked.status_code == 200
    assert "Deactivate this person?" in html
    assert focal_point_a.full_name in html and focal_point_a.email in html
    assert "1 invitation they sent is still waiting to be accepted." in html
    assert "They are signed out at once, on every computer and phone" in html
    assert "Nothing is deleted." in html
    assert "you cannot deactivate yourself" in html
    focal_point_a.refresh_from_db()
    assert focal_point_a.is_active  # nothing done yet
    assert not MembershipEvent.objects.filter(action="deactivated").exists()

    # The confirming form posts the one person listed, and the action again.
    done = client.post(
        PEOPLE,
        {"action": "deactivate", "post": "yes", "_selected_action": [focal_point_a.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "1 person deactivated: they are signed out everywhere." in done.content.decode()
    focal_point_a.refresh_from_db()
    admin.refresh_from_db()
    assert not focal_point_a.is_active and admin.is_active
    entry = MembershipEvent.objects.get(action="deactivated")
    assert (entry.actor, entry.person, entry.organization) == (
        admin,
        focal_point_a,
        focal_point_a.organization,
    )
    assert entry.details == {"where": "admin action", "sessions_ended": 2}
    # Signed out everywhere: their sessions are gone, and stay gone if they come back.
    for browser in (phone, laptop):
        assert not Session.objects.filter(session_key=browser.session.session_key).exists()
    client.post(PEOPLE, {"action": "reactivate", "_selected_action": [focal_point_a.pk]})
    focal_point_a.refresh_from_db()
    assert focal_point_a.is_active
    assert not phone.get("/en/").wsgi_request.user.is_authenticated
    assert Session.objects.filter(session_key=client.session.session_key).exists()
    # Their invitation stopped, and holds again now that they are back.
    assert MembershipEvent.objects.filter(action="reactivated", actor=admin).exists()
    assert find_pending_invitation_by(invitation) is not None


def find_pending_invitation_by(invitation):
    return find_pending_invitation(invitation_token(invitation.link_secret))


def test_a_deactivated_persons_invitation_stops(admin, focal_point_a, settings):
    settings.ALLOWED_HOSTS = ["*"]
    invitation = invite_person(
        by=focal_point_a,
        email="dara@example.org",
        kind="member",
        organization=focal_point_a.organization,
        site_url="http://testserver",
    )
    deactivate_person(by=admin, person=focal_point_a)
    assert find_pending_invitation_by(invitation) is None


def test_the_action_says_when_nobody_can_be_deactivated(client, admin, member_b):
    member_b.is_active = False
    member_b.save()
    client.force_login(admin)
    page = client.post(
        PEOPLE,
        {"action": "deactivate", "_selected_action": [admin.pk, member_b.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "Nobody was deactivated" in page.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def change_form_data(client, person):
    """What the person's page posts as it stands, untouched."""
    form = (
        client.get(reverse("admin:members_user_change", args=[person.pk])).context["adminform"].form
    )
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "password" or value is None or value is False:
            continue
        if name in {"groups", "user_permissions"}:
            data[name] = [item.pk for item in value]
        elif hasattr(value, "pk"):
            data[name] = value.pk
        elif value is True:
            data[name] = "on"
        else:
            data[name] = value
    data["last_login_0"] = data["last_login_1"] = ""
    joined = person.date_joined
    data["date_joined_0"], data["date_joined_1"] = joined.date().isoformat(), "00:00:00"
    data.pop("last_login", None), data.pop("date_joined", None)
    return data


def test_unticking_active_on_a_persons_page_asks_first(client, admin, member_a):
    browser = signed_in(member_a)
    client.force_login(admin)
    url = reverse("admin:members_user_change", args=[member_a.pk])
    data = change_form_data(client, member_a)
    data.pop("is_active")
    data["phone"] = "012 345 678"
    asked = client.post(url, {**data, "_save": "Save"}, HTTP_ACCEPT_LANGUAGE="en")
    html = asked.content.decode()
    assert asked.status_code == 200
    assert "Deactivate this person?" in html and member_a.email in html
    assert 'value="012 345 678"' in html  # what was typed goes with the confirmation
    member_a.refresh_from_db()
    assert member_a.is_active and member_a.phone != "012 345 678"

    saved = client.post(
        url, {**data, "_save": "Save", "_deactivation_confirmed": "Yes, deactivate"}
    )
    assert saved.status_code == 302
    member_a.refresh_from_db()
    assert not member_a.is_active and member_a.phone == "012 345 678"
    entry = MembershipEvent.objects.get(action="deactivated")
    assert (entry.actor, entry.person, entry.details["where"]) == (admin, member_a, "admin form")
    assert not browser.get("/en/").wsgi_request.user.is_authenticated

    # Ticking it again makes them active, recorded too.
    client.post(url, {**data, "is_active": "on", "_save": "Save"})
    member_a.refresh_from_db()
    assert member_a.is_active
    assert MembershipEvent.objects.filter(action="reactivated", person=member_a).exists()


def test_the_confirmation_can_keep_the_person_active_and_save_the_rest(client, admin, member_a):
    client.force_login(admin)
    url = reverse("admin:members_user_change", args=[member_a.pk])
    data = change_form_data(client, member_a)
    data.pop("is_active")
    data["phone"] = "012 345 678"
    client.post(url, {**data, "_save": "Save", "is_active": "on"})
    member_a.refresh_from_db()
    assert member_a.is_active and member_a.phone == "012 345 678"
    assert not MembershipEvent.objects.filter(action="deactivated").exists()


def test_an_admin_cannot_untick_their_own_active(client, admin):
    client.force_login(admin)
    url = reverse("admin:members_user_change", args=[admin.pk])
    data = change_form_data(client, admin)
    data.pop("is_active")
    page = client.post(url, {**data, "_save": "Save"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "You cannot deactivate your own account." in page.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_someone_who_is_not_an_admin_cannot_deactivate(client, facilitator, member_a):
    client.force_login(facilitator)
    page = client.post(
        PEOPLE, {"action": "deactivate", "post": "yes", "_selected_action": [member_a.pk]}
    )
    assert page.status_code == 302 and page.url.startswith("/admin/login/")
    member_a.refresh_from_db()
    assert member_a.is_active


def test_staff_without_the_right_to_change_people_have_no_deactivate_action(client, member_a):
    viewer = User.objects.create_user(email="viewer@example.org", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_user"))
    client.force_login(viewer)
    html = client.get(PEOPLE).content.decode()
    assert 'value="deactivate"' not in html
    client.post(PEOPLE, {"action": "deactivate", "post": "yes", "_selected_action": [member_a.pk]})
    member_a.refresh_from_db()
    assert member_a.is_active
