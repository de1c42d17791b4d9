"""The activity form on a phone, in Khmer, with JavaScript on: the rest of the form is
folded, a long list of organisations has a search box that finds Khmer and Latin names,
and the form still saves what was chosen."""

import re

import pytest

from activities.models import Activity
from communities.models import Community
from tests.e2e.conftest import evaluate
from tests.factories import OrganizationFactory, ParticipationFactory

NAMES = [
    ("អង្គការកុមារកម្ពុជា", "Cambodian Children"),
    ("សមាគមកសិករ", "Farmers' Association"),
    ("អង្គការយុវជនខេត្តកំពត", "Kampot Youth"),
    ("មជ្ឈមណ្ឌលសិទ្ធិមនុស្ស", "Human Rights Centre"),
    ("ក្រុមស្ត្រីសហគមន៍", "Community Women"),
    ("អង្គការអប់រំសម្រាប់ទាំងអស់គ្នា", "Education for All"),
    ("សមាគមជនពិការ", "Disabled People's Association"),
    ("អង្គការសុខភាពជនបទ", "Rural Health"),
    ("បណ្តាញអ្នកសារព័ត៌មាន", "Journalists' Network"),
    ("អង្គការបរិស្ថានបៃតង", "Green Environment"),
    ("ក្រុមយុវជនសិល្បៈ", "Youth Arts"),
    ("អង្គការទឹកស្អាត", "Clean Water"),
]


@pytest.fixture
def language():
    return "km"


@pytest.fixture
def many_partners(seeded):
    lgbtqi = Community.objects.get(slug="lgbtqi")
    for index, (khmer, english) in enumerate(NAMES):
        organization = OrganizationFactory(name_km=khmer, name_en=english, slug=f"partner-{index}")
        ParticipationFactory(community=lgbtqi, organization=organization)
    return lgbtqi


def shown(page, name):
    return evaluate(
        page,
        f"Array.from(document.querySelectorAll('input[name={name}]'))"
        ".filter((box) => !box.closest('[hidden]'))"
        ".map((box) => box.parentNode.textContent.trim())",
    )


def test_the_partner_list_is_searched_in_khmer_and_latin_and_the_form_saves(visitor, many_partners):
    page = visitor.page
    visitor.sign_in("member.safe-place@example.org")
    visitor.goto("/activities/new/?community=lgbtqi")
    # The common path is open; the rest is folded and says what it holds.
    folded = page.locator("details#fold-who_more")
    assert folded.get_attribute("open") is None
    assert "អង្គការដៃគូ" in folded.locator("summary").inner_text()
    assert page.locator("#id_participants_total").is_visible()
    assert not page.locator("#id_participants_youth").is_visible()
    page.select_option("#id_activity_type", index=1)
    page.fill("#id_title_km", "វេទិកាដៃគូ")
    page.fill("#id_start_date", "2026-11-18")

    folded.locator("summary").click()
    search = page.get_by_label("ស្វែងរកក្នុង៖ អង្គការដៃគូ")
    total = len(shown(page, "partner_organizations"))
    assert total > 12
    search.fill("យុវជន")  # a part of two Khmer names
    assert sorted(shown(page, "partner_organizations")) == [
        "ក្រុមយុវជនសិល្បៈ",
        "អង្គការយុវជនខេត្តកំពត",
    ]
    status = folded.locator(".picker-shown").inner_text()
    assert re.fullmatch(r"បង្ហាញ ២ ក្នុងចំណោម [០-៩]+", status), status
    page.get_by_label("អង្គការយុវជនខេត្តកំពត").check()
    search.press("Enter")  # in the search box: the form is not sent
    assert "/activities/new/" in page.url
    search.fill("mhss")  # a Latin name, typed in another case
    assert sorted(shown(page, "partner_organizations")) == [
        "MHSS",
        "អង្គការយុវជនខេត្តកំពត",  # kept in sight: chosen
    ]
    search.fill("")
    assert len(shown(page, "partner_organizations")) == total
    visitor.check()

    visitor.submit()
    assert re.search(r"/activities/\d+/(\?next=[^/]*)?$", page.url), page.url
    activity = Activity.objects.get(title_km="វេទិកាដៃគូ")
    assert [o.name_km for o in activity.partner_organizations.all()] == ["អង្គការយុវជនខេត្តកំពត"]
