"""Nothing destroyed on one tap (issue 19, point 4), in the browser: on a phone in Khmer,
removing an organisation from a community asks first in a dialog naming it; "No, keep it"
keeps it and puts the focus back on the button tapped; "Yes" removes it, and Undo brings
it back. Without JavaScript the same tap shows a confirmation page instead."""

import pytest

from communities.models import Community
from members.models import User
from tests.e2e.conftest import SIZES, Visitor
from tests.factories import PASSWORD

FACILITATOR = "facilitator.women@example.org"
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
