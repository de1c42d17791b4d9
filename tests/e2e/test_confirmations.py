"""Nothing destroyed on one tap (issue 19, point 4), in the browser: on a phone in Khmer,
removing an organisation from a community asks first in a dialog naming it; "No, keep it"
keeps it and puts the focus back on the button tapped; "Yes" removes it, and Undo brings
it back. Without JavaScript the same tap shows a confirmation page instead (axe 0 there
too), whose "No" keeps it. Removing a photo asks in the same way, naming the file."""

import pytest

from activities.models import Attachment
from communities.models import Community
from members.models import User
from tests.e2e.conftest import SIZES, Visitor, activity_of
from tests.factories import PASSWORD
from tests.files import image

FACILITATOR = "facilitator.women@example.org"
PERSON = "member.safe-place@example.org"
MEMBERS = "/communities/women/members/"


def a_participation():
    """An organisation taking part in the women's rights community (its first)."""
    community = Community.objects.get(slug="women")
    return community.participations.filter(left_on__isnull=True).select_related("organization")[0]


def remove_button(page, participation):
    form = page.locator(
        f"main form[data-confirm]:has(input[name=participation][value='{participation.pk}'])"
    )
    return form.locator("button[type=submit]")


@pytest.mark.parametrize("language", ["km"])
def test_removing_an_organisation_asks_in_a_dialog_and_can_be_undone(visitor, language):
    page = visitor.page
    participation = a_participation()
    name = participation.organization.name_km
    visitor.sign_in(FACILITATOR)
    visitor.goto(MEMBERS)
    dialog = page.locator("dialog#confirm-dialog")
    assert not dialog.is_visible()

    remove_button(page, participation).click()
    assert dialog.is_visible()
    assert dialog.get_attribute("open") is not None
    assert name in dialog.locator("[data-confirm-question]").inner_text()
    assert name in dialog.locator("[data-confirm-yes]").inner_text()
    visitor.check()  # axe, with the dialog open

    dialog.get_by_role("button", name="ទេ").click()
    assert not dialog.is_visible()
    participation.refresh_from_db()
    assert participation.left_on is None
    assert remove_button(page, participation).count() == 1
    assert page.evaluate(
        "(pk) => document.activeElement === document.querySelector("
        "`form[data-confirm] input[name=participation][value='${pk}']`).form"
        ".querySelector('button[type=submit]')",
        participation.pk,
    )

    remove_button(page, participation).click()
    assert dialog.is_visible()
    with page.expect_navigation():
        dialog.locator("[data-confirm-yes]").click()
    visitor.check()
    participation.refresh_from_db()
    assert participation.left_on is not None
    assert remove_button(page, participation).count() == 0
    undo = page.locator("main form.undo")
    assert name in undo.inner_text()

    with page.expect_navigation():
        undo.locator("button[type=submit]").click()
    visitor.check()
    participation.refresh_from_db()
    assert participation.left_on is None
    assert remove_button(page, participation).count() == 1
    assert page.locator("main form.undo").count() == 0


@pytest.mark.parametrize("language", ["km"])
def test_without_javascript_removing_an_organisation_asks_on_a_page(
    browser, live_server, seeded, language
):
    context = browser.new_context(viewport=SIZES["km"], locale="km", java_script_enabled=False)
    page = context.new_page()
    visitor = Visitor(page, live_server.url, "km")
    participation = a_participation()
    name = participation.organization.name_km
    User.objects.filter(email=FACILITATOR).update(preferred_language="km")
    page.goto(visitor.url("/accounts/login/"))
    page.fill("#id_login", FACILITATOR)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.fill("#id_code", visitor.next_code())
    page.press("#id_code", "Enter")
    page.wait_for_url(lambda url: "/accounts/" not in url)
    page.goto(visitor.url(MEMBERS))

    with page.expect_navigation():
        remove_button(page, participation).click()
    assert name in page.locator("main .confirm-question").inner_text()
    assert not page.locator("dialog#confirm-dialog[open]").count()
    participation.refresh_from_db()
    assert participation.left_on is None

    with page.expect_navigation():
        page.locator("main .confirm-actions button.danger").click()
    participation.refresh_from_db()
    assert participation.left_on is not None
    assert remove_button(page, participation).count() == 0
    assert name in page.locator("main form.undo").inner_text()
    context.close()


@pytest.mark.parametrize("language", ["km"])
def test_the_confirmation_page_passes_axe_and_no_keeps_the_organisation(visitor, language):
    """The page that asks where the dialog cannot (no JavaScript, no <dialog>), reached
    here by sending the form as such a browser does."""
    page = visitor.page
    participation = a_participation()
    name = participation.organization.name_km
    visitor.sign_in(FACILITATOR)
    visitor.goto(MEMBERS)
    button = remove_button(page, participation).element_handle()
    button.evaluate("(button) => button.form.removeAttribute('data-confirm')")
    with page.expect_navigation():
        button.click()
    assert name in page.locator("main .confirm-question").inner_text()
    assert page.title()
    visitor.check()  # axe 0, targets, on the confirmation page

    with page.expect_navigation():
        page.locator("main .confirm-actions").get_by_role("link").first.click()
    visitor.check()
    participation.refresh_from_db()
    assert participation.left_on is None
    assert remove_button(page, participation).count() == 1


@pytest.mark.parametrize("language", ["km"])
def test_removing_a_photo_asks_in_a_dialog_naming_it(visitor, language, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    activity = activity_of(PERSON)
    page = visitor.page
    visitor.sign_in(PERSON)
    visitor.goto(f"/activities/{activity.pk}/")
    photo = tmp_path / "វេទិកា.png"
    photo.write_bytes(image(800, 600))
    page.set_input_files("#id_file", photo)
    page.get_by_role("button", name="ភ្ជាប់").click()
    page.get_by_role("link", name="វេទិកា.png").wait_for()
    thumbnail = page.locator("main img.attachment-thumb")
    assert thumbnail.count() == 1
    dialog = page.locator("dialog#confirm-dialog")
    remove = page.locator("main form[data-confirm] button.danger")

    remove.click()
    assert dialog.is_visible()
    assert "វេទិកា.png" in dialog.locator("[data-confirm-question]").inner_text()
    assert "វេទិកា.png" in dialog.locator("[data-confirm-yes]").inner_text()
    visitor.check()
    dialog.get_by_role("button", name="ទេ").click()
    assert not dialog.is_visible()
    assert Attachment.objects.filter(activity=activity).count() == 1
    assert thumbnail.count() == 1
    assert page.evaluate("document.activeElement.classList.contains('danger')")

    remove.click()
    with page.expect_navigation():
        dialog.locator("[data-confirm-yes]").click()
    visitor.check()
    assert not Attachment.objects.filter(activity=activity).exists()
    assert page.locator("main img.attachment-thumb").count() == 0
    assert page.get_by_role("link", name="វេទិកា.png").count() == 0
