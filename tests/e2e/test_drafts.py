"""Drafts of the activity form leave with their person (a shared phone): removed at sign-out,
never restored to another person signing in on the same browser, and gone after 7 days.

Every read of the browser's storage is made on a page that has finished loading (never
while a navigation is pending): through `evaluate`, with its time limit."""

import json
import re

import pytest

from tests.e2e.conftest import ACTION_MS, evaluate

ONE = "member.safe-place@example.org"
OTHER = "member.mhss@example.org"  # another organisation of the same community
FORM = "/activities/new/?community=lgbtqi"
DAY_MS = 24 * 60 * 60 * 1000
DRAFT_KEYS = "Object.keys(localStorage).filter((key) => key.startsWith('cop-draft:'))"
TITLE = {"km": "សេចក្តីព្រាងនៃវេទិកាយុវជន", "en": "Draft of the youth forum"}


def drafts(page):
    return evaluate(page, DRAFT_KEYS)


def type_a_draft(visitor, language):
    """Open the activity form, type a title, and wait until the draft is kept."""
    visitor.goto(FORM)
    visitor.page.fill(f"#id_title_{language}", TITLE[language])
    visitor.page.wait_for_function(f"() => {DRAFT_KEYS}.length > 0", timeout=ACTION_MS)


def sign_out_from_the_header(visitor, language):
    visitor.open_menu()  # sign-out is in the header's menu
    visitor.page.locator("header form[action$='/accounts/logout/'] button").click()
    visitor.page.wait_for_url(re.compile(rf"/{language}/$"))
    visitor.check()


def assert_nothing_restored(visitor, language):
    visitor.goto(FORM)
    page = visitor.page
    assert page.input_value(f"#id_title_{language}") == ""
    assert page.locator("#draft-restored").is_hidden()


def test_a_draft_is_removed_at_sign_out_and_the_next_person_finds_nothing(visitor, language):
    visitor.sign_in(ONE)
    type_a_draft(visitor, language)
    sign_out_from_the_header(visitor, language)
    assert drafts(visitor.page) == []

    visitor.sign_in(OTHER)
    assert_nothing_restored(visitor, language)
    assert drafts(visitor.page) == []


@pytest.mark.parametrize("language", ["km"])
def test_a_draft_waits_for_its_person_but_never_shows_to_another(visitor, language):
    """A session that ended without a sign-out (it expired, say): the same person signing
    in again gets the draft back; another person signing in removes it unseen."""
    page = visitor.page
    visitor.sign_in(ONE)
    type_a_draft(visitor, language)
    page.context.clear_cookies()
    visitor.goto("/accounts/login/")
    assert len(drafts(page)) == 1  # nobody signed in: the draft waits

    visitor.sign_in(ONE)
    visitor.goto(FORM)
    assert page.input_value(f"#id_title_{language}") == TITLE[language]
    assert page.locator("#draft-restored").is_visible()

    page.context.clear_cookies()
    visitor.sign_in(OTHER)
    assert drafts(page) == []  # gone from the first page of the other person
    assert_nothing_restored(visitor, language)


@pytest.mark.parametrize("language", ["en"])
def test_the_sign_out_script_and_the_servers_answer_each_remove_drafts_alone(visitor, language):
    page = visitor.page
    visitor.sign_in(ONE)
    # The script, alone: the sign-out is stopped before it leaves the page.
    type_a_draft(visitor, language)
    evaluate(
        page,
        "document.querySelector('header form[data-signs-out]')"
        ".addEventListener('submit', (event) => event.preventDefault())",
    )
    visitor.open_menu()
    page.locator("header form[data-signs-out] button").click()
    page.wait_for_function(f"() => {DRAFT_KEYS}.length === 0", timeout=ACTION_MS)

    # The server's answer alone (Clear-Site-Data): the script does not see a sign-out.
    type_a_draft(visitor, language)
    evaluate(
        page,
        "document.querySelector('header form[data-signs-out]').removeAttribute('data-signs-out')",
    )
    sign_out_from_the_header(visitor, language)
    assert drafts(page) == []


@pytest.mark.parametrize("language", ["km"])
def test_a_draft_older_than_7_days_is_removed_not_restored(visitor, language):
    page = visitor.page
    visitor.sign_in(ONE)
    visitor.goto(FORM)
    key = evaluate(page, "'cop-draft:' + document.querySelector('form[data-draft]').dataset.draft")
    owner = evaluate(page, "document.body.dataset.draftOwner")
    assert owner and "@" not in owner

    def keep(days_ago, title):
        draft = json.dumps({"owner": owner, "values": {f"title_{language}": title}})
        evaluate(
            page,
            f"localStorage.setItem({json.dumps(key)},"
            f" JSON.stringify({{...{draft}, saved: Date.now() - {days_ago * DAY_MS}}}))",
        )

    keep(6, "ប្រាំមួយថ្ងៃមុន")  # six days ago: still restored
    visitor.goto(FORM)
    assert page.input_value(f"#id_title_{language}") == "ប្រាំមួយថ្ងៃមុន"

    keep(8, "ប្រាំបីថ្ងៃមុន")  # eight days ago: removed
    visitor.goto(FORM)
    assert page.input_value(f"#id_title_{language}") == ""
    assert page.locator("#draft-restored").is_hidden()
    assert drafts(page) == []
