"""Khmer pages show numbers and dates in Khmer digits, unless the person chose Latin digits;
what people typed (names, titles, e-mail addresses, links, phone numbers), attributes,
English pages and exports keep their own digits."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone, translation

from activities.models import Activity
from communities.services import invite_person
from cop_portal.core.text import KHMER_DIGITS, digits, digits_for
from tests.factories import ActivityFactory, ObjectiveFactory, UserFactory
from tests.page_forms import edit

pytestmark = pytest.mark.django_db

EMAIL = "info2@ngo2024.org"
WEBSITE = "https://ngo2024.example.org/"
TITLE = "COVID-19 ការការពារសុខភាពក្នុងសហគមន៍"


def html(client, path):
    """The page without the roles and data-labels of its tables (the name a phone writes
    before a cell's value): what a cell holds is what is asserted."""
    response = client.get(path)
    assert response.status_code == 200
    return re.sub(r' (?:role|data-label)="[^"]*"', "", response.content.decode())


def latin_digits(person):
    person.khmer_digits = False
    person.save(update_fields=["khmer_digits"])
    return person


@pytest.fixture
def covid(community, organization_a):
    """An activity of organisation A whose title carries digits, among 21 of its activities
    (two pages of the list)."""
    ActivityFactory.create_batch(
        20,
        community=community,
        lead_organization=organization_a,
        start_date=datetime.date(2026, 1, 10),
    )
    return ActivityFactory(
        community=community,
        lead_organization=organization_a,
        title_km=TITLE,
        start_date=datetime.date(2026, 3, 8),
        participants_total=25,
        participants_women=13,
        participants_men=12,
    )


def test_the_reader_chooses_the_digits_of_numbers_and_dates_on_khmer_pages():
    day = datetime.date(2026, 3, 8)
    with translation.override("km"):
        assert (digits(2026), digits(day), digits("<5")) == ("២០២៦", "៨ មីនា ២០២៦", "<៥")
        with digits_for(UserFactory.build(khmer_digits=False)):
            assert (digits(2026), digits(day)) == ("2026", "8 មីនា 2026")
        with digits_for(None):  # a visitor, or a person without an account yet
            assert digits(day) == "៨ មីនា ២០២៦"
    with translation.override("en"):
        assert (digits(2026), digits(day)) == ("2026", "8 March 2026")


def test_an_organisations_address_and_links_keep_their_digits(
    client, member_a, organization_a, community
):
    organization_a.contact_email = EMAIL
    organization_a.website = WEBSITE
    organization_a.contact_phone = "012 345 678"
    organization_a.save()
    ActivityFactory.create_batch(10, lead_organization=organization_a, community=community)
    ActivityFactory.create_batch(
        2, lead_organization=organization_a, community=community, status=Activity.Status.DONE
    )
    ActivityFactory.create_batch(3, lead_organization=organization_a, status=Activity.Status.DONE)
    client.force_login(member_a)
    page = html(client, f"/km/organizations/{organization_a.slug}/")
    assert f'<a href="mailto:{EMAIL}">{EMAIL}</a>' in page
    assert f'<a href="{WEBSITE}" rel="noopener noreferrer">{WEBSITE}</a>' in page
    assert '<a href="tel:012345678">012 345 678</a>' in page
    assert organization_a.name_km in page  # its name as typed, with its Latin digit
    assert EMAIL.translate(KHMER_DIGITS) not in page
    # Its figures are counted by the portal: Khmer digits (the 3 activities of a community
    # that member A is not in are not counted).
    assert "អង្គការនេះបានដឹកនាំសកម្មភាព ១២ ដែលអ្នកអាចមើលឃើញ។" in page
    assert "ក្នុងនោះ ២ បានធ្វើរួច។" in page


def test_a_title_keeps_its_digits_and_the_figures_around_it_read_in_khmer(client, member_a, covid):
    client.force_login(member_a)
    page = html(client, f"/km/activities/{covid.pk}/")
    assert f"<h1>{TITLE}</h1>" in page and "COVID-១៩" not in page
    assert "<dd>៨ មីនា ២០២៦</dd>" in page
    assert "<td>២៥</td><td>១៣</td><td>១២</td>" in page

    listing = html(client, "/km/activities/")
    assert TITLE in listing and "COVID-១៩" not in listing
    assert f'href="/km/activities/{covid.pk}/?next=' in listing  # addresses keep Latin digits
    assert "៨ មីនា ២០២៦" in listing and "អ្នកចូលរួម ២៥ នាក់" in listing
    assert "សកម្មភាព ២១" in listing  # how many
    assert "ទំព័រ ១ នៃ ២" in listing and 'href="?page=2"' in listing


def test_a_person_who_chose_latin_digits_reads_latin_figures(client, member_a, covid):
    client.force_login(latin_digits(member_a))
    page = html(client, f"/km/activities/{covid.pk}/")
    assert f"<h1>{TITLE}</h1>" in page
    assert "<dd>8 មីនា 2026</dd>" in page and "<td>25</td><td>13</td><td>12</td>" in page
    listing = html(client, "/km/activities/")
    assert "សកម្មភាព 21" in listing and "ទំព័រ 1 នៃ 2" in listing
    assert not re.search("[០-៩]", listing.split("<main", 1)[1].split("</main>", 1)[0])


def test_english_pages_read_latin_digits(client, member_a, covid):
    client.force_login(member_a)
    assert member_a.khmer_digits
    page = html(client, f"/en/activities/{covid.pk}/")
    assert "<dd>8 March 2026</dd>" in page and "<td>25</td><td>13</td><td>12</td>" in page
    listing = html(client, "/en/activities/")
    assert "21 activities" in listing and "Page 1 of 2" in listing
    assert not re.search("[០-៩]", listing)


def test_text_in_the_other_language_keeps_its_digits(client, member_a, community, organization_a):
    ActivityFactory(
        community=community, lead_organization=organization_a, title_km="", title_en="COVID-19 day"
    )
    client.force_login(member_a)
    assert '<span lang="en">COVID-19 day</span>' in html(client, "/km/activities/")


def test_khmer_pages_show_khmer_digits_and_english_pages_latin(client, member_a, community):
    ObjectiveFactory(community=community, progress=40)
    client.force_login(member_a)
    khmer = client.get(f"/km/communities/{community.slug}/about/").content.decode()
    english = client.get(f"/en/communities/{community.slug}/about/").content.decode()
    assert "៤០%" in khmer and 'value="40"' in khmer
    assert "40%" in english and "៤០" not in english


def test_a_person_can_choose_latin_digits_on_khmer_pages(client, member_a, community):
    ObjectiveFactory(community=community, progress=40)
    client.force_login(member_a)
    page = edit(client, "/km/accounts/preferences/", khmer_digits=False)
    assert page.status_code == 302
    member_a.refresh_from_db()
    assert member_a.khmer_digits is False
    assert "40%" in client.get(f"/km/communities/{community.slug}/about/").content.decode()


def test_report_charts_and_tables_read_in_the_readers_digits(
    client, member_a, community, organization_a
):
    organization_a.name_km = "អង្គការ 2024"
    organization_a.save()
    for day in (2, 20):
        ActivityFactory(
            community=community,
            lead_organization=organization_a,
            status=Activity.Status.DONE,
            start_date=datetime.date(2026, 3, day),
        )
    colleague = latin_digits(UserFactory(organization=organization_a))
    client.force_login(member_a)
    page = html(client, f"/km/communities/{community.slug}/report/")
    assert '<span class="headline-number">២</span>' in page
    assert "<title>មីនា ២០២៦: ២</title>" in page  # a month's bar
    assert '<th scope="row">អ្នកចូលរួមទាំងអស់</th><td class="number">៤០</td>' in page
    assert '<th scope="row">អង្គការ 2024</th><td class="number">២</td>' in page  # a name
    assert "របារចំនួន ១។" in page  # the chart's description
    assert re.search(r'<rect class="chart-bar" x="[0-9.]+%" y="[0-9.]+" width="[0-9.]+%"', page)

    # The same report, kept in the cache, for a colleague who chose Latin digits.
    client.force_login(colleague)
    page = html(client, f"/km/communities/{community.slug}/report/")
    assert '<span class="headline-number">2</span>' in page
    assert "<title>មីនា 2026: 2</title>" in page
    assert "របារចំនួន 1។" in page


def test_an_invitation_reads_in_the_digits_of_its_language_whoever_sends_it(
    focal_point_a, organization_a, django_capture_on_commit_callbacks
):
    latin_digits(focal_point_a)
    for email, language in (("new.km@example.org", "km"), ("new.en@example.org", "en")):
        with digits_for(focal_point_a), django_capture_on_commit_callbacks(execute=True):
            invitation = invite_person(
                by=focal_point_a,
                email=email,
                kind="member",
                organization=organization_a,
                language=language,
                site_url="http://127.0.0.1:8000",
            )
        expires = timezone.localtime(invitation.expires_at).date()
        with translation.override(language):
            assert digits(expires) in mail.outbox[-1].body  # Khmer digits in Khmer only
    khmer, english = mail.outbox
    assert re.search("[០-៩]", khmer.body) and not re.search("[០-៩]", english.body)
    assert "http://127.0.0.1:8000/km/invitations/" in khmer.body  # its link as it is


def test_exports_keep_latin_digits(client, member_a, community, organization_a):
    ActivityFactory(community=community, lead_organization=organization_a, title_km=TITLE)
    client.force_login(member_a)
    body = b"".join(client.get("/km/activities/export.csv").streaming_content).decode()
    assert "2026-03-08" in body and TITLE in body and not re.search("[០-៩]", body)


def test_changing_the_language_in_my_account(client, member_a):
    client.force_login(member_a)
    page = edit(
        client,
        "/km/accounts/preferences/",
        full_name="ឈ្មោះថ្មី",
        phone="012 345 678",
        preferred_language="en",
        khmer_digits=True,
    )
    assert page.url == "/en/accounts/preferences/"
    member_a.refresh_from_db()
    assert (member_a.full_name, member_a.preferred_language) == ("ឈ្មោះថ្មី", "en")
