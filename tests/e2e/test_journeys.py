"""Three journeys, each in Khmer on a 360-pixel phone and in English on a laptop, with
axe-core's WCAG 2.2 AA rules on every page visited."""

import re

from django.core import mail

from communities.models import Community
from members.models import Organization, User
from tests.e2e.conftest import evaluate
from tests.factories import PASSWORD

TEXT = {
    "km": {
        "community": "សហគមន៍ស្ត្រីដឹកនាំ",
        "domain": "តើស្ត្រីអាចដឹកនាំការផ្លាស់ប្តូរដោយរបៀបណា?",
        "objective": "បណ្តុះបណ្តាលអ្នកដឹកនាំ ២០ នាក់",
        "activity": "ការពិភាក្សាក្រុមស្តីពីសុខភាពផ្លូវចិត្ត",
        "organisation": "អង្គការយុវជនកំពត",
        "person": "ស្រីមុំ ចាន់",
    },
    "en": {
        "community": "Women who lead",
        "domain": "How can women lead change together?",
        "objective": "Train 20 leaders",
        "activity": "Group talk on mental health",
        "organisation": "Kampot Youth Organisation",
        "person": "Sreymom Chan",
    },
}


def test_a_facilitator_creates_a_community_proposes_organisations_and_an_objective(
    visitor, language
):
    text = TEXT[language]
    page = visitor.page
    visitor.sign_in("facilitator.women@example.org")
    visitor.goto("/communities/new/")
    page.fill(f"#id_name_{language}", text["community"])
    page.fill(f"#id_domain_{language}", text["domain"])
    page.select_option("#id_target_group", "women")
    page.select_option("#id_status", "active")
    visitor.submit()
    community = Community.objects.get(**{f"name_{language}": text["community"]})
    assert page.url.endswith(f"/communities/{community.slug}/")

    visitor.goto(f"/communities/{community.slug}/members/")
    for _ in range(3):
        page.select_option("#id_organization", index=1)
        page.locator("main form").filter(has=page.locator("#id_organization")).locator(
            "button[type=submit]"
        ).click()
        visitor.check()
    # Proposed, not added: nothing is shared until a focal point accepts.
    assert community.proposals.filter(status="pending").count() == 3
    assert not community.participations.exists()

    visitor.goto(f"/communities/{community.slug}/objectives/")
    page.fill(f"#id_title_{language}", text["objective"])
    page.fill("#id_progress", "30")
    visitor.submit()
    visitor.goto(f"/communities/{community.slug}/about/")
    assert text["objective"] in page.content()

    # A focal point of one of them reads the proposal and accepts it.
    proposed = community.proposals.order_by("pk").first().organization
    visitor.sign_out()
    visitor.sign_in(f"focal.{proposed.slug}@example.org")
    visitor.goto(f"/organizations/{proposed.slug}/communities/")
    assert text["community"] in page.content()
    visitor.submit(ACCEPT[language])
    assert community.participations.filter(organization=proposed, left_on__isnull=True).exists()
    visitor.goto(f"/communities/{community.slug}/about/")
    assert text["objective"] in page.content()


ERROR = {"km": "កំហុស៖", "en": "Error:"}
ACCEPT = {"km": "យល់ព្រម", "en": "Accept: we take part"}


def test_a_member_logs_an_activity_corrects_an_error_and_finds_it(visitor, language):
    text = TEXT[language]
    page = visitor.page
    visitor.sign_in("member.safe-place@example.org")
    visitor.goto("/activities/new/?community=lgbtqi")
    page.select_option("#id_activity_type", index=1)
    # The status follows the date until the person chooses one: planned ahead, done past.
    page.fill("#id_start_date", "2099-01-05")
    assert page.is_checked("#id_status_0")  # planned
    page.fill("#id_start_date", "2024-11-18")
    assert page.is_checked("#id_status_1")  # done
    page.fill("#id_start_date", "2026-11-18")
    page.check("#id_status_1")
    page.fill(f"#id_title_{language}", text["activity"])
    # A new activity opens with its participants empty; Khmer digits are taken as typed.
    assert page.input_value("#id_participants_total") == ""
    page.fill("#id_participants_total", "២០" if language == "km" else "20")
    page.fill("#id_participants_women", "30")
    page.fill("#id_participants_men", "5")
    visitor.submit()
    # Refused: the page says so first, and opens on the summary, which leads to the field.
    assert page.title().startswith(ERROR[language]), page.title()
    focused = evaluate(page, "document.activeElement.id")
    assert focused == "form-error-summary", focused
    link = page.locator("#form-error-summary a[href='#id_participants_women']")
    assert re.search("(30|៣០).*(20|២០)", link.inner_text()), link.inner_text()
    link.click()
    assert evaluate(page, "document.activeElement.id") == "id_participants_women"
    error = page.locator(".field-error .errorlist").first.inner_text()
    assert re.search("(30|៣០).*(20|២០)", error), error
    assert page.get_attribute("#id_participants_women", "aria-invalid") == "true"
    assert page.input_value(f"#id_title_{language}") == text["activity"]
    page.fill("#id_participants_women", "12")
    visitor.submit()
    assert re.search(r"/activities/\d+/(\?next=.*)?$", page.url)
    visitor.goto("/activities/")
    assert text["activity"] in page.content()


def test_an_admin_adds_an_organisation_and_invites_a_member_who_accepts(visitor, language, page):
    text = TEXT[language]
    visitor.sign_in("admin@example.org")
    # The admin adds the organisation (its page in the portal comes with a later issue).
    page.goto(f"{visitor.base}/admin/members/organization/add/")
    page.fill("#id_name_km", text["organisation"])
    page.fill("#id_name_en", text["organisation"])
    page.locator("input[name=_save]").click()
    organization = Organization.objects.get(name_en=text["organisation"])

    visitor.goto("/invitations/new/")
    page.fill("#id_email", "sreymom@example.org")
    page.select_option("#id_organization", str(organization.pk))
    page.select_option("#id_language", language)
    visitor.submit()
    assert page.url.endswith("/invitations/")
    link = re.search(r"https?://\S+/invitations/accept/\S+/", mail.outbox[-1].body).group(0)

    page.context.clear_cookies()
    page.goto(link)
    visitor.check()
    page.fill("#id_full_name", text["person"])
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password_again", PASSWORD)
    page.check(f"#id_preferred_language_{0 if language == 'km' else 1}")
    visitor.submit()
    person = User.objects.get(email="sreymom@example.org")
    assert person.organization == organization and person.full_name == text["person"]
    assert f"/{language}/" in page.url


def test_the_dashboard_is_light_on_first_load(visitor, language):
    visitor.sign_in("member.safe-place@example.org")
    page = visitor.page
    loaded = []
    page.on("requestfinished", lambda request: loaded.append(request))
    # A first load: nothing cached.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    page.goto(visitor.url("/dashboard/"))
    page.wait_for_load_state("networkidle")
    sizes = [len(request.response().body()) for request in loaded]
    print(
        f"\n/{language}/dashboard/ first load: {len(sizes)} requests, {sum(sizes)} bytes: "
        + ", ".join(
            f"{r.url.rsplit('/', 1)[-1] or 'page'} {n}" for r, n in zip(loaded, sizes, strict=True)
        )
    )
    assert len(sizes) <= 15, sizes
    assert sum(sizes) <= 200 * 1024, sum(sizes)


def test_a_focal_point_keeps_the_knowledge_map_up_to_date(visitor, language):
    """The focal point says what the organisation offers and needs, is stopped when a topic
    is in both lists, and finds who offers what it needs; no page is wider than the screen."""
    page = visitor.page
    visitor.sign_in("focal.safe-place@example.org")
    visitor.goto("/knowledge/")
    page.locator('main a[href$="/organizations/safe-place/edit/"]').click()
    visitor.check()
    assert page.url.endswith("/organizations/safe-place/edit/")
    page.fill(f"#id_description_{language}", TEXT[language]["domain"])
    for box in page.locator("input[name=offers]").all():
        box.uncheck()
    for box in page.locator("input[name=needs]").all():
        box.uncheck()
    page.check("input[name=offers] >> nth=0")
    page.check("input[name=needs] >> nth=0")  # the same topic, in both lists
    visitor.submit()
    assert page.url.endswith("/organizations/safe-place/edit/")
    assert page.locator("#id_needs_error").is_visible()
    assert page.input_value(f"#id_description_{language}") == TEXT[language]["domain"]
    page.uncheck("input[name=needs] >> nth=0")
    page.check("input[name=needs] >> nth=1")
    visitor.submit()
    assert page.url.endswith("/organizations/safe-place/")
    assert TEXT[language]["domain"] in page.content()
    for path in ("/organizations/", "/knowledge/", "/organizations/mhss/"):
        visitor.goto(path)
        width = evaluate(page, "document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], (path, width)
