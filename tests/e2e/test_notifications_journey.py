"""A member chooses how they hear of news and unfollows a discussion, in the browser: in
Khmer on a 360 px phone, in English on a laptop, every page checked with axe-core."""

import re

from communities.models import Community, Follow
from communities.services import start_discussion
from members.models import User
from members.notifications import when_for
from tests.e2e.conftest import evaluate

SAVED = {
    "km": "ការកំណត់ការជូនដំណឹងរបស់អ្នកត្រូវបានរក្សាទុក។",
    "en": "Your notification settings were saved.",
}
MY_ACCOUNT_LINK = {"km": "ការកំណត់ការជូនដំណឹង", "en": "Notification settings"}
UNFOLLOW = {"km": "ឈប់តាមដាន", "en": "Unfollow"}
FOLLOW = {"km": "តាមដាន", "en": "Follow"}


def test_a_member_sets_their_notifications_and_unfollows_a_thread(visitor, language):
    page = visitor.page
    email = "member.safe-place@example.org"
    visitor.sign_in(email)
    person = User.objects.get(email=email)

    visitor.goto("/accounts/preferences/")
    page.get_by_role("link", name=MY_ACCOUNT_LINK[language]).click()
    visitor.check()
    assert page.url.endswith(f"/{language}/accounts/notifications/")
    width = evaluate(page, "document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width
    page.screenshot(path=f"test-results/notification-settings-{language}.png", full_page=True)
    # Replies at once by e-mail, new resources never.
    page.check("#id_email-reply_0")
    page.check("#id_email-resource_3")
    visitor.submit()
    assert page.url.endswith(f"/{language}/accounts/notifications/")
    assert SAVED[language] in page.content()
    assert when_for(person, "email", "reply") == "now"
    assert when_for(person, "email", "resource") == "never"
    assert when_for(person, "email", "idea") == "daily"

    discussion = start_discussion(
        by=person, community=Community.objects.get(slug="lgbtqi"), title="សំណួរ", text="?"
    )
    visitor.goto(f"/communities/lgbtqi/discussions/{discussion.pk}/")
    page.get_by_role("button", name=UNFOLLOW[language]).click()
    visitor.check()
    assert re.search(rf"/discussions/{discussion.pk}/$", page.url)
    assert page.get_by_role("button", name=FOLLOW[language], exact=True).is_visible()
    page.screenshot(path=f"test-results/discussion-follow-{language}.png", full_page=True)
    assert not Follow.objects.get(person=person, discussion=discussion).following
