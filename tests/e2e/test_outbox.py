"""Logging an activity with no connection (issue 20, points 3 to 6), in Khmer on a 360 px
phone and in English on a laptop: the form opened online opens again offline, with the
person's own choices; sent offline, the report is kept on the phone and the person reads
so; its photo, made smaller on the phone, is kept with it; it is still waiting after a
reload offline; back online it is sent once and appears
in the person's activities; sent again (a replay), it logs nothing more."""

import os
import time

import pytest

from activities.models import Activity
from communities.models import Community
from tests.e2e.conftest import ACTION_MS
from tests.e2e.test_installable import worker_ready
from tests.e2e.test_slow_3g import phone_photo
from tests.factories import ActivityTypeFactory

PERSON = "member.safe-place@example.org"  # Safe Place, in the members-only "lgbtqi"
TITLE = {"km": "វេទិកាយុវជននៅភូមិ", "en": "Youth forum in the village"}
WAITING = {"km": "កំពុងរង់ចាំផ្ញើ", "en": "Waiting to be sent"}
KEPT = {"km": "របាយការណ៍របស់អ្នកត្រូវបានរក្សាទុកនៅលើទូរស័ព្ទនេះ", "en": "your report is kept on this phone"}
SENT = {"km": "បានផ្ញើ៖ សកម្មភាពត្រូវបានរក្សាទុក។", "en": "Sent: the activity is saved."}
REPORTS = "OutboxStore.of(document.querySelector('[data-outbox]').dataset.owner || 'x')"


@pytest.fixture
def activity_type(seeded):
    return ActivityTypeFactory(name_km="វេទិកា", name_en="Forum")


def shot(page, name):
    """A screenshot to look at, with SHOTS_DIR set (what the person sees at that step)."""
    if os.environ.get("SHOTS_DIR"):
        page.screenshot(path=f"{os.environ['SHOTS_DIR']}/{name}.png")


def fill_the_form(page, language, community, activity_type, photo):
    page.select_option("#id_community", str(community.pk))
    page.select_option("#id_activity_type", str(activity_type.pk))
    page.fill(f"#id_title_{language}", TITLE[language])
    page.fill("#id_start_date", "2026-11-20")
    page.fill("#id_place", "សាលាឃុំ")
    page.fill("#id_participants_total", "12")
    if photo is None:
        return
    page.locator("#fold-photos summary").click()
    page.set_input_files("#id_photos", photo)
    # Made smaller at once, in the input, before the form may go.
    page.wait_for_function(
        "() => { const input = document.querySelector('#id_photos');"
        " return !input.hasAttribute('aria-busy') && input.files[0].name.endsWith('.jpg')"
        " && input.files[0].size < 600000; }",
        timeout=ACTION_MS,
    )


def test_a_report_written_offline_is_kept_then_sent_once(
    visitor, language, page, activity_type, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    community = Community.objects.get(slug="lgbtqi")
    photo = phone_photo(tmp_path / "IMG_20261120_101500.jpg")  # 12 megapixels, about 4 MB
    visitor.sign_in(PERSON)
    visitor.goto("/activities/new/")
    worker_ready(page)
    visitor.goto("/activities/new/")  # now through the worker, which keeps it for this person

    page.context.set_offline(True)
    visitor.goto("/activities/new/")  # offline: the form, with the person's own choices
    assert page.locator(f"#id_community option[value='{community.pk}']").count() == 1
    fill_the_form(page, language, community, activity_type, photo)
    started = time.monotonic()
    with page.expect_navigation():
        page.locator("main form[data-draft] button[type=submit]").last.click()
    page.wait_for_load_state("load")
    page.locator(".outbox-item").wait_for(timeout=ACTION_MS)
    kept_ms = (time.monotonic() - started) * 1000
    assert "/activities/waiting/" in page.url
    assert KEPT[language] in page.locator("#outbox-kept").inner_text()
    item = page.locator(".outbox-item")
    item.wait_for(timeout=ACTION_MS)
    assert TITLE[language] in item.inner_text()
    assert WAITING[language] in item.inner_text()
    visitor.check()
    shot(page, f"outbox-kept-{language}")
    assert not Activity.objects.filter(**{f"title_{language}": TITLE[language]}).exists()
    kept = page.evaluate(
        "caches.open('cop-meta').then((m) => m.match('/owner'))"
        ".then((r) => r.text()).then((owner) => OutboxStore.of(owner))"
    )
    assert len(kept) == 1 and kept[0]["state"] == "waiting"
    photos = page.evaluate(
        "caches.open('cop-meta').then((m) => m.match('/owner')).then((r) => r.text())"
        ".then((owner) => OutboxStore.of(owner)).then((reports) => reports[0].fields"
        ".filter(([name]) => name === 'photos').map(([, value]) => [value.name, value.file.size]))"
    )
    assert len(photos) == 1 and photos[0][0].endswith(".jpg") and photos[0][1] < 600_000

    page.reload()  # still offline: the report is still waiting
    page.locator(".outbox-item").wait_for(timeout=ACTION_MS)
    assert TITLE[language] in page.locator(".outbox-item").inner_text()

    page.context.set_offline(False)
    started = time.monotonic()
    visitor.goto("/activities/waiting/")  # online, signed in: sent by the worker
    page.get_by_text(SENT[language]).wait_for(timeout=ACTION_MS)
    print(
        f"\noutbox {language}: kept in {kept_ms:.0f} ms (photo shrunk before),"
        f" sent and shown {(time.monotonic() - started) * 1000:.0f} ms after coming back"
    )
    visitor.check()
    shot(page, f"outbox-sent-{language}")
    logged = Activity.objects.get(**{f"title_{language}": TITLE[language]})
    assert logged.participants_total == 12 and logged.community == community
    attachment = logged.attachments.get()  # the photo, as it was kept: shrunk on the phone
    assert attachment.content_type == "image/jpeg" and attachment.size == photos[0][1]
    visitor.goto("/activities/?mine=1")
    assert page.get_by_role("link", name=TITLE[language]).count() >= 1

    # A replay of the same report (its answer lost on the way, say) logs nothing more.
    assert str(logged.submission) == kept[0]["submission"]
    visitor.goto("/activities/waiting/")  # whose script reads and writes the outbox
    answers = []
    page.context.on(
        "response",
        lambda response: (
            answers.append(response.status)
            if response.url.endswith("/activities/new/sent/") and response.request.method == "POST"
            else None
        ),
    )
    # Its photo does not cross into the test (a Blob): the same fields, without it.
    again = {**kept[0], "fields": [f for f in kept[0]["fields"] if f[0] != "photos"]}
    page.evaluate("(report) => OutboxStore.put(report)", again)
    page.evaluate(
        "navigator.serviceWorker.controller.postMessage("
        "{type: 'hello', owner: document.body.dataset.draftOwner})"
    )
    page.wait_for_function(
        "(id) => OutboxStore.get(id).then((r) => !r || r.state === 'sent')",
        arg=kept[0]["submission"],
        timeout=ACTION_MS,
    )
    page.wait_for_timeout(200)
    assert answers == [200]  # "logged before": the activity sent the first time
    assert Activity.objects.filter(submission=logged.submission).count() == 1


REVIEW_TITLE = {"km": "ការប្រជុំដែលត្រូវពិនិត្យ", "en": "A meeting to review"}
SIGN_OUT_ASKS = {"km": "របាយការណ៍កំពុងរង់ចាំផ្ញើ", "en": "Reports waiting to be sent"}
CHOICE = {
    "keep": {"km": "រក្សាទុកវា ហើយចាកចេញ", "en": "Keep them and sign out"},
    "delete": {"km": "លុបវាចោល ហើយចាកចេញ", "en": "Delete them and sign out"},
}
# The titles of the reports on the phone, read from the outbox's storage on any page.
STORED = """new Promise((resolve) => {
  const open = indexedDB.open('cop-outbox', 1);
  open.onupgradeneeded = () =>
    open.result.createObjectStore('reports', {keyPath: 'submission'});
  open.onsuccess = () => {
    const all = open.result.transaction('reports').objectStore('reports').getAll();
    all.onsuccess = () => { resolve(all.result.map((r) => r.title)); open.result.close(); };
  };
})"""


@pytest.mark.parametrize("choice", ["keep", "delete"])
def test_at_sign_out_the_waiting_reports_are_named_and_kept_or_deleted(
    visitor, language, page, choice
):
    visitor.sign_in(PERSON)
    visitor.goto("/activities/waiting/")
    worker_ready(page)
    page.evaluate(
        """(title) => OutboxStore.put({submission: crypto.randomUUID(), title, date: '2026-11-20',
             owner: document.body.dataset.draftOwner, language: document.documentElement.lang,
             action: '', fields: [], saved: Date.now(), state: 'review', answer: null})""",
        REVIEW_TITLE[language],
    )
    visitor.goto("/dashboard/")  # says hello: the worker tells how many wait
    page.locator("#outbox-waiting").wait_for(timeout=ACTION_MS)

    visitor.open_menu()
    page.locator("header form[data-signs-out] button").click()
    dialog = page.locator("dialog[open]")
    dialog.wait_for(timeout=ACTION_MS)
    assert SIGN_OUT_ASKS[language] in dialog.inner_text()
    assert REVIEW_TITLE[language] in dialog.inner_text()
    visitor.check()  # axe, with the question open
    shot(page, f"sign-out-{choice}-{language}")
    with page.expect_navigation():
        dialog.get_by_role("button", name=CHOICE[choice][language]).click()
    page.wait_for_url(lambda url: "/dashboard/" not in url)
    assert "_auth_user_id" not in str(page.context.cookies())  # signed out
    kept = page.evaluate(STORED)
    assert kept == ([REVIEW_TITLE[language]] if choice == "keep" else [])
    if choice == "keep":  # signed in again: the report is there, for its person
        visitor.sign_in(PERSON)
        visitor.goto("/activities/waiting/")
        page.locator(".outbox-item").wait_for(timeout=ACTION_MS)
        assert REVIEW_TITLE[language] in page.locator(".outbox-item").inner_text()


def test_a_refused_report_opens_again_in_the_form_to_change_it(visitor, language, page):
    """Refused by the server (400, say a figure out of bounds): the person opens it in the
    form, with what they had written, to correct it and send it as a new report."""
    visitor.sign_in(PERSON)
    visitor.goto("/activities/waiting/")
    worker_ready(page)
    page.evaluate(
        """([title, language]) => OutboxStore.put({submission: crypto.randomUUID(), title,
             date: '2026-11-20', owner: document.body.dataset.draftOwner, language,
             action: `/${language}/activities/new/`, saved: Date.now(), state: 'refused',
             fields: [[`title_${language}`, title], ['start_date', '2026-11-20'],
                      ['status', 'done'], ['participants_total', '9']],
             answer: {status: 'refused', errors: {'': ['…']}}})""",
        [REVIEW_TITLE[language], language],
    )
    visitor.goto("/activities/waiting/")
    item = page.locator(".outbox-item")
    item.wait_for(timeout=ACTION_MS)
    page.once("dialog", lambda question: question.accept())
    with page.expect_navigation():
        item.locator("button[data-edit]").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/{language}/activities/new/")
    assert page.input_value(f"#id_title_{language}") == REVIEW_TITLE[language]
    assert page.input_value("#id_participants_total") == "9"
    assert page.is_checked("input[name=status][value=done]")
    assert page.evaluate(STORED) == []  # out of the outbox: it goes as a new report


SIGN_IN_AGAIN = {
    "km": "សូមចូលម្តងទៀត ដើម្បីផ្ញើរបាយការណ៍ដែលកំពុងរង់ចាំនៅលើទូរស័ព្ទនេះ៖ ១",
    "en": "Sign in again to send the reports waiting on this phone: 1",
}
PERSON_PAGES = """caches.keys()
  .then((names) => Promise.all(names.filter((name) => name.startsWith('cop-person-'))
    .map((name) => caches.open(name).then((cache) => cache.keys()))))
  .then((lists) => lists.flat().map((request) => new URL(request.url).pathname))"""


def test_the_form_is_ready_offline_and_an_ended_session_asks_to_sign_in_then_sends(
    visitor, language, page, activity_type
):
    """The person never opened the form: the worker kept it for them, with their choices.
    Written offline, then the session ends without a sign-out (it expired, the cookies
    went): back online, a visitor's page asks to sign in again; signed in, it is sent."""
    community = Community.objects.get(slug="lgbtqi")
    visitor.sign_in(PERSON)
    worker_ready(page)
    visitor.goto("/dashboard/")  # its hello: the worker fetches the form for this person
    form = f"/{language}/activities/new/"
    page.wait_for_function(
        f"() => {PERSON_PAGES}.then((paths) => paths.includes('{form}'))", timeout=ACTION_MS
    )

    page.context.set_offline(True)
    visitor.goto("/activities/new/")
    shot(page, f"form-offline-{language}")
    fill_the_form(page, language, community, activity_type, photo=None)
    started = time.monotonic()
    with page.expect_navigation():
        page.locator("main form[data-draft] button[type=submit]").last.click()
    page.locator(".outbox-item").wait_for(timeout=ACTION_MS)
    kept_ms = (time.monotonic() - started) * 1000

    page.context.clear_cookies()
    page.context.set_offline(False)
    visitor.goto("/")
    banner = page.locator("#outbox-waiting")
    banner.wait_for(timeout=ACTION_MS)
    assert banner.inner_text() == SIGN_IN_AGAIN[language]
    visitor.check()
    shot(page, f"sign-in-again-{language}")
    with page.expect_navigation():
        banner.get_by_role("link").click()
    assert "/accounts/login/?next=" in page.url
    assert not Activity.objects.filter(**{f"title_{language}": TITLE[language]}).exists()

    started = time.monotonic()
    visitor.sign_in(PERSON)
    visitor.goto("/activities/waiting/")
    page.get_by_text(SENT[language]).wait_for(timeout=ACTION_MS)
    sent_ms = (time.monotonic() - started) * 1000
    assert Activity.objects.filter(**{f"title_{language}": TITLE[language]}).count() == 1
    print(
        f"\noutbox {language}: kept on the phone in {kept_ms:.0f} ms; "
        f"sent {sent_ms:.0f} ms after signing in again (sign-in included)"
    )
