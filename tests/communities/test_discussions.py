import datetime

import pytest
from django.core import mail

from communities.models import Discussion, Post
from tests.notifications import hears_at_once
from tests.page_forms import edit as edit_page

pytestmark = pytest.mark.django_db


def threads(community):
    return f"/km/communities/{community.slug}/discussions/"


@pytest.fixture
def discussion(client, member_a, community, django_capture_on_commit_callbacks):
    client.force_login(member_a)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            threads(community),
            {"title": "ការរៀបចំវេទិកាសាធារណៈ", "text": "មើលឯកសារនៅ https://example.org/plan"},
        )
    assert page.status_code == 302
    return Discussion.objects.get()


def test_a_thread_shows_its_posts_with_clickable_links(client, discussion):
    html = client.get(f"{threads(discussion.community)}{discussion.pk}/").content.decode()
    assert "ការរៀបចំវេទិកាសាធារណៈ" in html
    assert 'href="https://example.org/plan"' in html


def test_followers_get_an_email_in_their_own_language(
    client, discussion, member_a, focal_point_a, django_capture_on_commit_callbacks
):
    """Discreet (a members-only community): in the reader's language, with an opaque link,
    to the one who follows the discussion (its starter) and hears of replies at once."""
    member_a.preferred_language = "en"
    member_a.save()
    hears_at_once(member_a, "reply")
    mail.outbox.clear()
    client.force_login(focal_point_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{threads(discussion.community)}{discussion.pk}/", {"text": "យល់ព្រម"})
    [message] = mail.outbox
    assert message.to == [member_a.email]
    assert message.subject == "Something new is waiting for you on the Voice CoP Portal"
    assert "យល់ព្រម" not in message.body and discussion.community.slug not in message.body
    assert "/en/n/" in message.body


def test_a_public_community_with_full_notifications_sends_the_text(
    client, discussion, member_a, focal_point_a, django_capture_on_commit_callbacks
):
    community = discussion.community
    community.visibility, community.full_notifications = "public", True
    community.save()
    member_a.preferred_language = "en"
    member_a.save()
    hears_at_once(member_a, "reply")
    mail.outbox.clear()
    client.force_login(focal_point_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{threads(community)}{discussion.pk}/", {"text": "យល់ព្រម"})
    [message] = mail.outbox
    assert message.subject == (
        f"{focal_point_a.full_name} ({focal_point_a.organization.name_en}) replied in "
        f"{community.name_en}: ការរៀបចំវេទិកាសាធារណៈ"
    )
    assert "យល់ព្រម" in message.body
    assert f"/en/communities/{community.slug}/discussions/{discussion.pk}/" in message.body


def test_a_reply_is_saved_when_the_mail_server_is_down(
    client, discussion, focal_point_a, mail_server_down, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    client.force_login(focal_point_a)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(f"{threads(discussion.community)}{discussion.pk}/", {"text": "យល់ព្រម"})
    assert page.status_code == 302
    assert discussion.posts.filter(text="យល់ព្រម", author=focal_point_a).exists()
    assert "យល់ព្រម" in client.get(page.url).content.decode()


def test_a_person_edits_their_post_for_thirty_minutes_only(client, discussion, member_a):
    post = discussion.posts.get()
    edit = f"{threads(discussion.community)}{discussion.pk}/posts/{post.pk}/edit/"
    client.force_login(member_a)
    assert edit_page(client, edit, text="កែតម្រូវ").status_code == 302
    post.refresh_from_db()
    assert post.text == "កែតម្រូវ"
    Post.objects.filter(pk=post.pk).update(
        created_at=post.created_at - datetime.timedelta(minutes=31)
    )
    assert client.post(edit, {"text": "យឺតពេល"}).status_code == 403
    post.refresh_from_db()
    assert post.text == "កែតម្រូវ"


def test_nobody_edits_another_persons_post(client, discussion, facilitator):
    post = discussion.posts.get()
    client.force_login(facilitator)
    edit = f"{threads(discussion.community)}{discussion.pk}/posts/{post.pk}/edit/"
    assert client.post(edit, {"text": "x"}).status_code == 403


def test_outsiders_cannot_read_the_discussions(client, discussion, member_b):
    client.force_login(member_b)
    assert client.get(threads(discussion.community)).status_code == 404
    assert client.get(f"{threads(discussion.community)}{discussion.pk}/").status_code == 404
