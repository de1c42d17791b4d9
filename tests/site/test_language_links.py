"""No address can turn a link of the portal's pages into a link to another host: the
language switcher is built from the page the address resolved to, never from the address."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.django_db


class Hrefs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        self.hrefs += [value for name, value in attrs if name == "href" and value is not None]


def hrefs(page):
    parser = Hrefs()
    parser.feed(page.content.decode())
    return parser.hrefs


def language_link(page, code):
    switcher = page.content.decode().split('class="language-switcher"')[1]
    parser = Hrefs()
    parser.feed(switcher)
    return next(href for href in parser.hrefs if href.startswith(f"/{code}/"))


# (what the browser asks for, as the test client takes it: PATH_INFO is the decoded path)
ADDRESSES = [
    {"path": "/", "PATH_INFO": "//evil.example/"},
    {"path": "/\\evil.example/"},
    {"path": "/km//evil.example/x"},
    {"path": "/%2F%2Fevil.example/"},
    {"path": "/km/\\evil.example/"},
    {"path": "/", "PATH_INFO": "/km//evil.example/", "QUERY_STRING": "next=//evil.example/"},
    {"path": "/km/search/?next=//evil.example/&q=%2F%2Fevil.example"},
    {"path": "/en/communities/?next=/\\evil.example/"},
]


@pytest.mark.parametrize("address", ADDRESSES, ids=lambda a: a.get("PATH_INFO", a["path"]))
@pytest.mark.parametrize("signed_in", [False, True])
def test_no_link_of_the_page_points_to_another_host(client, member_a, address, signed_in):
    if signed_in:
        client.force_login(member_a)
    address = dict(address)
    page = client.get(address.pop("path"), **address)
    assert page.status_code in (200, 404)
    found = hrefs(page)
    assert found, "the page has its links"
    for href in found:
        if href == "data:,":
            continue  # the empty icon: no request at all
        assert not href.startswith(("//", "/\\", "\\")), href
        assert urlsplit(href).netloc == "" and urlsplit(href).scheme == "", href
        assert "evil.example" not in urlsplit(href).path, href


def test_the_switch_from_an_address_that_names_no_page_goes_to_the_other_home_page(client):
    page = client.get("/", PATH_INFO="//evil.example/")
    assert page.status_code == 404
    assert language_link(page, "en") == "/en/"
    page = client.get("/en//evil.example/x")
    assert page.status_code == 404
    assert language_link(page, "km") == "/km/"


def test_the_switch_keeps_the_page_and_its_query(client):
    page = client.get("/km/search/?q=វេទិកា&next=//evil.example/")
    link = language_link(page, "en")
    assert urlsplit(link).path == "/en/search/"
    assert "q=%E1%9E%9C" in link  # the search is kept, encoded
    assert "next=//evil.example/" in link and urlsplit(link).netloc == ""


def test_a_page_not_found_inside_the_portal_switches_to_the_same_address(client):
    page = client.get("/km/communities/no-such-community/")
    assert page.status_code == 404
    assert language_link(page, "en") == "/en/communities/no-such-community/"
