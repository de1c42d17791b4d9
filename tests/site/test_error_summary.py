"""A refused form leads the person to its errors (the GOV.UK pattern): the page's title
starts with "Error:" in the person's language, the form opens on a summary that names each
error and links to its field, and each field says its own error and is marked invalid."""

import re

import pytest

from tests.activities.test_activity_pages import data
from tests.factories import ActivityTypeFactory
from tests.site.test_field_aria import Elements

pytestmark = pytest.mark.django_db


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def summary(html: str) -> str:
    found = re.search(r'<div class="form-errors error-summary".*?</div>', html, re.S)
    assert found, "no error summary"
    return found.group(0)


@pytest.mark.parametrize(
    "language,error,problem,message",
    [
        ("km", "កំហុស៖ ", "មានបញ្ហា", "ស្ត្រី (៣០) មិនអាចលើសពីចំនួនសរុប (២០) បានទេ។"),
        ("en", "Error: ", "There is a problem", "Women (30) cannot be more than the total (20)."),
    ],
)
def test_a_refused_activity_opens_on_a_summary_that_leads_to_the_field(
    client, member_a, community, organization_a, language, error, problem, message
):
    client.force_login(member_a)
    sent = data(community, organization_a, ActivityTypeFactory(), participants_women="30")
    html = client.post(f"/{language}/activities/new/", sent).content.decode()

    assert title(html).startswith(error)
    box = summary(html)
    assert 'tabindex="-1"' in box and 'role="alert"' in box
    assert re.search(rf'<h2 id="form-error-summary-title">{problem}</h2>', box)
    assert f'<a href="#id_participants_women">{message}</a>' in box
    # The summary comes before the fields, and its links lead to fields on the page.
    assert html.index("error-summary") < html.index('name="community"')
    elements = Elements(html)
    women = elements.find("input", name="participants_women")[0]
    assert women["aria-invalid"] == "true"
    assert "id_participants_women_error" in women["aria-describedby"].split()
    assert '<ul class="errorlist" id="id_participants_women_error"><li>' + message in html
    assert 'class="field field-error"' in html
    # The page's script gives the summary the focus.
    assert "js/errors.js" in html


def test_a_form_sent_right_or_not_sent_has_no_error_in_its_title(client, member_a, community):
    client.force_login(member_a)
    html = client.get("/km/activities/new/").content.decode()
    assert not title(html).startswith("កំហុស") and "error-summary" not in html


def test_a_refused_discussion_gets_the_same_summary(client, member_a, community):
    client.force_login(member_a)
    page = client.post(
        f"/en/communities/{community.slug}/discussions/", {"title": "Hello", "text": ""}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert title(html).startswith("Error: ")
    box = summary(html)
    assert '<a href="#id_text">This field is required.</a>' in box


def test_the_error_of_a_group_of_radios_leads_to_its_first_radio(
    client, member_a, community, organization_a
):
    client.force_login(member_a)
    sent = data(community, organization_a, ActivityTypeFactory(), status="bogus")
    html = client.post("/en/activities/new/", sent).content.decode()
    assert re.search(r"<a href=\"#id_status_0\">[^<]*bogus", summary(html))
    assert Elements(html).find("input", id="id_status_0")


def test_what_is_wrong_with_the_whole_form_is_listed_without_a_link(client, community):
    html = client.post(
        "/en/accounts/login/", {"login": "nobody@example.org", "password": "wrong"}
    ).content.decode()
    assert title(html).startswith("Error: ")
    box = summary(html)
    assert re.search(r"<li>[^<]+</li>", box), box
