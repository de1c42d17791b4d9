"""Logging an activity with no connection (issue 20, points 3 to 6), in Khmer on a 360 px
phone and in English on a laptop: the form opened online opens again offline, with the
person's own choices; sent offline, the report is kept on the phone and the person reads
so; it is still waiting after a reload offline; back online it is sent once and appears
in the person's activities; sent again (a replay), it logs nothing more."""

import os

import pytest

from activities.models import Activity
from communities.models import Community
from tests.e2e.conftest import ACTION_MS
from tests.e2e.test_installable import worker_ready
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


def fill_the_form(page, language, community, activity_type):
    page.select_option("#id_community", str(community.pk))
    page.select_option("#id_activity_type", str(activity_type.pk))
    page.fill(f"#id_title_{language}", TITLE[language])
    page.fill("#id_start_date", "2026-11-20")
    page.fill("#id_place", "សាលាឃុំ")
    page.fill("#id_participants_total", "12")


def test_a_report_written_offline_is_kept_then_sent_once(visitor, language, page, activity_type):
    community = Community.objects.get(slug="lgbtqi")
    visitor.sign_in(PERSON)
    visitor.goto("/activities/new/")
    worker_ready(page)
    visitor.goto("/activities/new/")  # now through the worker, which keeps it for this person

    page.context.set_offline(True)
    visitor.goto("/activities/new/")  # offline: the form, with the person's own choices
    assert page.locator(f"#id_community option[value='{community.pk}']").count() == 1
    fill_the_form(page, language, community, activity_type)
    with page.expect_navigation():
        page.locator("main form[data-draft] button[type=submit]").last.click()
    page.wait_for_load_state("load")
    assert "/activities/waiting/" in page.url
    assert KEPT[language] in page.locator("#outbox-kept").inner_text()
    item = page.locator(".outbox-item")
    item.wait_for(timeout=ACTION_MS)
    assert TITLE[language] in item.inner_text()
    assert WAITING[language] in item.inner_text()
    visitor.check()
    if os.environ.get("SHOTS_DIR"):  # to look at: what the person reads, offline
        page.screenshot(path=f"{os.environ['SHOTS_DIR']}/outbox-kept-{language}.png")
    assert not Activity.objects.filter(**{f"title_{language}": TITLE[language]}).exists()
    kept = page.evaluate(
        "caches.open('cop-meta').then((m) => m.match('/owner'))"
        ".then((r) => r.text()).then((owner) => OutboxStore.of(owner))"
    )
    assert len(kept) == 1 and kept[0]["state"] == "waiting"

    page.reload()  # still offline: the report is still waiting
    page.locator(".outbox-item").wait_for(timeout=ACTION_MS)
    assert TITLE[language] in page.locator(".outbox-item").inner_text()

    page.context.set_offline(False)
    visitor.goto("/activities/waiting/")  # online, signed in: sent by the worker
    page.get_by_text(SENT[language]).wait_for(timeout=ACTION_MS)
    visitor.check()
    if os.environ.get("SHOTS_DIR"):
        page.screenshot(path=f"{os.environ['SHOTS_DIR']}/outbox-sent-{language}.png")
    logged = Activity.objects.get(**{f"title_{language}": TITLE[language]})
    assert logged.participants_total == 12 and logged.community == community
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
    page.evaluate("(report) => OutboxStore.put(report)", kept[0])
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
