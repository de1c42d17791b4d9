"""Addresses people can read: a name in Khmer only gives its address in Latin letters
(cop_portal/core/romanise.py), never `community-2`."""

import pytest
from django.urls import reverse

from communities.models import Community
from cop_portal.core.romanise import romanise, slug_from_names
from members.models import Organization
from tests.factories import OrganizationFactory
from tests.page_forms import form_values, send, typed

NEW = "/km/communities/new/"


@pytest.mark.parametrize(
    ("khmer", "latin"),
    [
        # the seed's communities and organisations (shared/GLOSSARY-km.md)
        ("ក្រុមស្រី", "kromsrei"),
        ("ក្រុមនារី", "kromneari"),
        ("ក្រុមជនជាតិដើមភាគតិច", "kromchoncheatedaeumpheaktech"),
        ("ក្រុមជនមានពិការភាព", "kromchonmeanpikarpheap"),
        ("ក្រុមមនុស្សចាស់ និងយុវជន", "krommonusschas-ningyuvchon"),
        ("អង្គការមនុស្សចាស់កម្ពុជា", "angkarmonusschaskampuchea"),
        ("សមាគមអ្នកប្រើប្រាស់ថ្នាំពន្យាជីវិត", "sameakomnakbraeubrasthnamponyeachivit"),
        ("អង្គការនារីដើម្បីសន្តិភាព", "angkarnearidaeumbeisantepheap"),
        ("អង្គការល្ខោនគំនិត", "angkarlkhaonkumnit"),
        ("ក្លឹបស្រាវជ្រាវភេទដូចគ្នា", "kloebsravchreavphetdochknea"),
        ("ទីសុវត្ថិភាព", "tisovtthepheap"),
        # the glossary's words and well-known names
        ("សហគមន៍", "sahkom"),
        ("កម្ពុជា", "kampuchea"),
        ("ភ្នំពេញ", "phnumpenh"),
        ("បាត់ដំបង", "batdambang"),
        ("ខេត្តសៀមរាប", "khettsiemreab"),
        ("អង្គរ", "angkor"),
        ("ព្រះ", "preah"),
        ("ស្ពាន", "spean"),
        # zero-width spaces and spaces are where words part
        ("ក្រុម\u200bស្រី", "krom-srei"),
        ("សហគមន៍ – ភ្នំពេញ", "sahkom-phnumpenh"),
        # Latin names inside, Khmer digits as 0-9
        ("ក្រុម IDEA", "krom-idea"),
        ("ក្រុមស្រី ២០២៧", "kromsrei-2027"),
    ],
)
def test_khmer_names_read_in_latin_letters(khmer, latin):
    assert romanise(khmer) == latin


@pytest.mark.parametrize(
    ("names", "slug"),
    [
        (("១២៣",), "123"),
        (("!!!",), "community"),
        (("🙂🙂",), "community"),
        (("", ""), "community"),
        (("។ ៗ",), "community"),
        (("្ាំ",), "community"),  # signs with no consonant to sit on
        (("Women's Group", "ក្រុមនារី"), "womens-group"),
        (("", "ក្រុមនារី"), "kromneari"),
    ],
)
def test_odd_names_never_give_an_empty_address(names, slug):
    assert slug_from_names(*names, max_length=112, fallback="community") == slug


def test_a_long_name_is_cut_between_words_to_fit_the_field():
    name = " ".join(["សមាគមអ្នកប្រើប្រាស់ថ្នាំពន្យាជីវិត"] * 6)
    slug = slug_from_names(name, max_length=112, fallback="community")
    assert len(slug) <= 112
    assert slug == "-".join(["sameakomnakbraeubrasthnamponyeachivit"] * 2)


def create(client, **typed_in):
    page = client.get(NEW)
    assert page.status_code == 200
    values = typed(
        form_values(page, holding="name_km"),
        domain_km="តើយុវជនអាចចូលរួមក្នុងការសម្រេចចិត្តដោយរបៀបណា?",
        target_group="women",
        start_date="2026-12-01",
        **typed_in,
    )
    return send(client, NEW, values)


@pytest.mark.django_db
def test_a_community_named_in_khmer_only_gets_a_readable_address(client, facilitator):
    client.force_login(facilitator)
    page = create(client, name_km="ក្រុមស្រី", name_en="")
    assert page.status_code == 302
    assert page.url == "/km/communities/kromsrei/"
    assert client.get(page.url).status_code == 200
    # the same name again: numbered only because the address is taken
    again = create(client, name_km="ក្រុមស្រី", name_en="")
    assert again.url == "/km/communities/kromsrei-2/"
    assert Community.objects.filter(name_km="ក្រុមស្រី").count() == 2


@pytest.mark.django_db
def test_an_english_name_still_gives_the_address(client, facilitator):
    client.force_login(facilitator)
    page = create(client, name_km="ក្រុមស្រី", name_en="Women")
    assert page.url == "/km/communities/women/"


@pytest.mark.django_db
def test_renaming_a_community_keeps_its_address(client, facilitator):
    client.force_login(facilitator)
    create(client, name_km="ក្រុមស្រី", name_en="")
    community = Community.objects.get(slug="kromsrei")
    url = f"/km/communities/{community.slug}/edit/"
    values = typed(form_values(client.get(url)), name_km="ក្រុមនារី", name_en="Women's Group")
    assert send(client, url, values).status_code == 302
    community.refresh_from_db()
    assert (community.name_km, community.slug) == ("ក្រុមនារី", "kromsrei")


@pytest.mark.django_db
def test_an_organisation_added_in_the_admin_with_a_khmer_name_only(client, admin):
    OrganizationFactory(slug="angkarlkhaonkumnit")  # taken: the new one is numbered
    client.force_login(admin)
    url = reverse("admin:members_organization_add")
    page = client.get(url)
    assert "ពីឈ្មោះជាភាសាខ្មែរដែលសរសេរជាអក្សរឡាតាំង" in page.content.decode()  # the help text
    data = {"name_km": "អង្គការល្ខោនគំនិត", "name_en": "", "slug": "", "is_active": "on"}
    answer = client.post(url, data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    organization = Organization.objects.get(slug="angkarlkhaonkumnit-2")
    assert organization.name_km == "អង្គការល្ខោនគំនិត"
    assert client.get(f"/km/organizations/{organization.slug}/").status_code == 200


@pytest.mark.django_db
def test_a_community_added_in_the_admin_with_a_khmer_name_only(client, admin):
    client.force_login(admin)
    url = reverse("admin:communities_community_add")
    values = typed(
        form_values(client.get(url), holding="name_km"),
        name_km="ក្រុមស្រី",
        domain_km="តើយើងរៀនពីគ្នាដោយរបៀបណា?",
        target_group="women",
    )
    answer = send(client, url, values)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    assert Community.objects.get(name_km="ក្រុមស្រី").slug == "kromsrei"
    # an address typed in the admin is the one kept
    values = typed(values, name_km="ក្រុមនារី", slug="women-cop")
    assert send(client, url, values).status_code == 302
    assert Community.objects.get(name_km="ក្រុមនារី").slug == "women-cop"
