"""The navigation (issue 19, point 1): the tabs each person sees, the menu that holds the
rest, the page's section marked for screen readers, and the icons of the project's sprite."""

import re

import pytest
from django.template import Context, Template

pytestmark = pytest.mark.django_db


def tabs(html: str) -> list[str]:
    """The addresses of the tabs, in order."""
    nav = re.search(r'<nav aria-label="[^"]*" class="tab-bar">(.*?)</nav>', html, re.S).group(1)
    return re.findall(r'<a href="([^"]+)"', nav)


def menu(html: str) -> list[str]:
    found = re.search(r'<nav aria-label="[^"]*" class="menu-panel">(.*?)</nav>', html, re.S)
    return re.findall(r'<a href="([^"]+)"', found.group(1)) if found else []


def current(html: str) -> list[str]:
    """The sections the header's navigation marks current (the page's own tabs, such as
    All and Mine in the activity list, are not the header's)."""
    header = html.split("</header>", 1)[0]
    return re.findall(r'<a href="([^"]+)"[^>]*aria-current="page"', header)


def test_a_member_has_five_tabs_with_icons_and_the_rest_in_the_menu(client, member_a):
    client.force_login(member_a)
    html = client.get("/km/dashboard/").content.decode()
    assert tabs(html) == [
        "/km/dashboard/",
        "/km/communities/",
        "/km/activities/new/",
        "/km/accounts/notifications/",
        "/km/accounts/preferences/",
    ]
    assert ">ព័ត៌មានថ្មីៗ<" in html and ">ការជូនដំណឹង<" in html  # the glossary's terms
    assert html.count('class="tab-link tab-') == 5
    assert html.count('href="/static/icons/sprite.svg#') >= 5
    assert menu(html) == [
        "/km/search/",
        "/km/activities/",
        "/km/resources/",
        "/km/organizations/",
        "/km/knowledge/",
    ]
    # Sign-out is in the menu, after its links, apart.
    panel = html[html.index('class="menu-panel"') :]
    assert panel.index("/km/knowledge/") < panel.index('class="sign-out"')
    assert "/admin/" not in html


def test_a_guest_logs_no_activity_and_sees_no_library_organisations_or_map(client, guest):
    client.force_login(guest)
    html = client.get("/en/dashboard/").content.decode()
    assert "/en/activities/new/" not in tabs(html)
    assert len(tabs(html)) == 4
    assert menu(html) == ["/en/search/", "/en/activities/"]


def test_roles_find_their_pages_in_the_menu(client, admin, facilitator, focal_point_a):
    client.force_login(admin)
    assert menu(client.get("/en/dashboard/").content.decode())[-3:] == [
        "/en/reports/",
        "/en/invitations/",
        "/admin/",
    ]
    client.force_login(facilitator)
    assert menu(client.get("/en/dashboard/").content.decode())[-2:] == [
        "/en/reports/",
        "/en/invitations/",
    ]
    client.force_login(focal_point_a)
    found = menu(client.get("/en/dashboard/").content.decode())
    assert found[-1] == "/en/invitations/" and "/en/reports/" not in found


def test_signed_out_people_see_communities_search_and_sign_in_and_no_menu(client):
    html = client.get("/km/").content.decode()
    assert tabs(html) == ["/km/communities/", "/km/search/", "/km/accounts/login/"]
    assert 'class="menu"' not in html and "data-signs-out" not in html


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/en/dashboard/", "/en/dashboard/"),
        ("/en/communities/", "/en/communities/"),
        ("/en/activities/new/", "/en/activities/new/"),
        ("/en/activities/", "/en/activities/"),
        ("/en/accounts/notifications/", "/en/accounts/notifications/"),
        ("/en/accounts/preferences/", "/en/accounts/preferences/"),
        ("/en/search/", "/en/search/"),
    ],
)
def test_the_page_s_section_is_marked_current(client, member_a, path, section):
    client.force_login(member_a)
    assert current(client.get(path).content.decode()) == [section]


def test_a_community_s_pages_are_in_communities(client, member_a, community):
    client.force_login(member_a)
    html = client.get(f"/en/communities/{community.slug}/").content.decode()
    assert current(html) == ["/en/communities/"]


def test_the_menu_is_marked_when_its_link_is_current(client, member_a):
    client.force_login(member_a)
    assert 'class="menu-current"' in client.get("/en/resources/").content.decode()
    assert 'class="menu-current"' not in client.get("/en/dashboard/").content.decode()


def test_the_icon_tag_draws_one_icon_of_the_sprite_hidden_from_screen_readers():
    html = Template('{% load portal %}{% icon "bell" %}').render(Context())
    assert html == (
        '<svg class="icon" aria-hidden="true" focusable="false">'
        '<use href="/static/icons/sprite.svg#bell"></use></svg>'
    )


def test_every_icon_the_navigation_names_is_in_the_sprite(settings):
    sprite = (settings.BASE_DIR / "static" / "icons" / "sprite.svg").read_text()
    names = {
        "newspaper", "users", "circle-plus", "bell", "user", "menu", "search", "log-in",
        "log-out", "calendar-days", "library", "building-2", "map", "chart-column", "mail",
        "settings", "calendar-clock", "circle-check", "circle-x",
    }  # fmt: skip
    assert {name for name in names if f'<symbol id="{name}"' not in sprite} == set()
    licence = (settings.BASE_DIR / "static" / "icons" / "LICENSE.txt").read_text()
    assert "Lucide" in licence and "1.62.0" in licence and "ISC" in licence
