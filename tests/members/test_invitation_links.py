"""On the invitations page, an inviter sends an invitation again, copies its link (the same
one the e-mail carries, to give to that one person on Telegram) and sees when it expires."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from members.models import Invitation, MembershipEvent, User
from members.services import token_digest
from tests.factories import PASSWORD
from tests.members.test_invitations import invite, link_in, token_of
from tests.personas import facilitator_of

pytestmark = pytest.mark.django_db

ACCEPT = re.compile(r"http://testserver/(?:km|en)/invitations/accept/[\w-]+/")


@pytest.fixture
def sent(facilitator, community, django_capture_on_commit_callbacks):
    """The facilitator's invitation of a guest into their community, e-mailed."""
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(facilitator, kind="guest", community=community)
    return invitation


def accept_through(client, link):
    client.logout()
    return client.post(
        link,
        {
            "full_name": "ភ្ញៀវ ដារ៉ា",
            "password": PASSWORD,
            "password_again": PASSWORD,
            "preferred_language": "km",
        },
    )


def shown_link(page) -> str:
    return re.search(r'id="invitation-link" type="text" readonly value="([^"]+)"', page).group(1)


def test_sending_again_mails_the_same_working_link_and_extends_the_expiry(
    client, facilitator, sent, django_capture_on_commit_callbacks
):
    Invitation.objects.filter(pk=sent.pk).update(expires_at=timezone.now() + timedelta(hours=5))
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(f"/en/invitations/{sent.pk}/resend/", follow=True)
    assert "The invitation was sent again to dara@example.org" in page.content.decode()
    first, second = mail.outbox
    assert second.to == ["dara@example.org"]
    assert link_in(second) == link_in(first)
    sent.refresh_from_db()
    assert sent.expires_at - timezone.now() > timedelta(days=6, hours=23)
    entry = MembershipEvent.objects.get(action="invitation_resent")
    assert (entry.actor, entry.community, entry.email) == (facilitator, sent.community, sent.email)
    answer = accept_through(client, link_in(second))
    assert answer.status_code == 302
    assert User.objects.filter(email="dara@example.org", is_guest=True).exists()


def test_an_expired_invitation_is_shown_expired_and_sending_it_again_renews_it(
    client, facilitator, sent, django_capture_on_commit_callbacks
):
    Invitation.objects.filter(pk=sent.pk).update(expires_at=timezone.now() - timedelta(days=2))
    client.force_login(facilitator)
    page = client.get("/en/invitations/").content.decode()
    assert "Expired on" in page and "Renew and send again" in page
    assert f"/invitations/{sent.pk}/link/" not in page  # an expired link is not worth copying
    assert client.get(link_in(mail.outbox[0])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/invitations/{sent.pk}/resend/")
    page = client.get("/en/invitations/").content.decode()
    assert "Expires in 7 days" in page
    client.logout()
    assert client.get(link_in(mail.outbox[-1])).status_code == 200


def test_the_copied_link_is_the_emailed_one_and_works(client, facilitator, sent):
    client.force_login(facilitator)
    page = client.post(f"/km/invitations/{sent.pk}/link/")
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    link = shown_link(page.content.decode())
    assert link == f"http://testserver{link_in(mail.outbox[0])}"
    entry = MembershipEvent.objects.get(action="invitation_link_shown")
    assert (entry.actor, entry.email, entry.details["new_link"]) == (
        facilitator,
        sent.email,
        False,
    )
    # The button copies with JavaScript; without it the text is there to select.
    assert "js/copy.js" in page.content.decode()
    assert accept_through(client, link).status_code == 302


def test_the_link_is_never_on_the_page_before_it_is_asked_for(client, facilitator, sent):
    client.force_login(facilitator)
    token = token_of(mail.outbox[0])
    page = client.get("/km/invitations/").content.decode()
    assert token not in page and not ACCEPT.search(page)
    assert "js/copy.js" not in page
    assert f'action="/km/invitations/{sent.pk}/link/"' in page
    # Nor in the answer to sending it again.
    page = client.post(f"/km/invitations/{sent.pk}/resend/", follow=True).content.decode()
    assert token not in page and not ACCEPT.search(page)


def test_a_stranger_can_neither_send_again_nor_copy(
    client, sent, focal_point_b, member_a, django_capture_on_commit_callbacks
):
    other_facilitator = facilitator_of(sent.community, email="co@example.org")
    for stranger, status in ((other_facilitator, 404), (focal_point_b, 404), (member_a, 403)):
        client.force_login(stranger)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(f"/km/invitations/{sent.pk}/resend/").status_code == status
            page = client.post(f"/km/invitations/{sent.pk}/link/")
        assert page.status_code == status
        assert token_of(mail.outbox[0]) not in page.content.decode()
    assert len(mail.outbox) == 1
    assert not MembershipEvent.objects.exclude(action="guest_invited").exists()


def test_an_admin_sends_again_any_invitation(
    client, admin, sent, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/km/invitations/{sent.pk}/resend/").status_code == 302
    assert len(mail.outbox) == 2
    assert MembershipEvent.objects.get(action="invitation_resent").actor == admin


def test_an_accepted_invitation_is_listed_as_accepted_and_not_sent_again(
    client, facilitator, sent, django_capture_on_commit_callbacks
):
    accept_through(client, link_in(mail.outbox[0]))
    client.force_login(facilitator)
    page = client.get("/en/invitations/").content.decode()
    assert "Accepted on" in page
    assert f"/invitations/{sent.pk}/resend/" not in page
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(f"/en/invitations/{sent.pk}/resend/", follow=True)
    assert "This invitation has been accepted already." in page.content.decode()
    assert len(mail.outbox) == 1


def test_an_invitation_made_before_links_could_be_copied_gets_a_new_link(
    client, facilitator, community, django_capture_on_commit_callbacks
):
    """Its e-mail's token is random, not derived from a secret: showing (or sending again)
    makes a new link, and the old one stops working, as the page says beforehand."""
    old_token = "a-token-e-mailed-before-links-could-be-copied"
    invitation = Invitation.objects.create(
        email="old@example.org",
        community=community,
        as_guest=True,
        invited_by=facilitator,
        token_digest=token_digest(old_token),
        expires_at=timezone.now() + timedelta(days=2),
    )
    client.force_login(facilitator)
    page = client.get("/en/invitations/").content.decode()
    assert "the link in its first e-mail stops working" in page
    assert client.get(f"/km/invitations/accept/{old_token}/").status_code == 200
    page = client.post(f"/en/invitations/{invitation.pk}/link/").content.decode()
    assert "the link in its first e-mail no longer works" in page
    link = shown_link(page)
    assert old_token not in link
    assert client.get(f"/km/invitations/accept/{old_token}/").status_code == 404
    assert client.get(link).status_code == 200
    assert MembershipEvent.objects.get(action="invitation_link_shown").details["new_link"]
    # Sent again now, the e-mail carries that new link.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/invitations/{invitation.pk}/resend/")
    assert f"http://testserver{link_in(mail.outbox[-1])}" == link


def test_expiry_is_relative_and_dated_in_khmer_digits_as_the_reader_chose(
    client, facilitator, sent
):
    expires = timezone.now() + timedelta(days=3, hours=1)
    Invitation.objects.filter(pk=sent.pk).update(expires_at=expires)
    client.force_login(facilitator)
    page = client.get("/km/invitations/").content.decode()
    day = timezone.localtime(expires)
    assert "ផុតកំណត់ក្នុងរយៈពេល ៣ ថ្ងៃទៀត" in page
    assert str(day.year).translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")) in page
    assert "ផ្ញើម្តងទៀត" in page and "បង្ហាញតំណ" in page
    facilitator.khmer_digits = False
    facilitator.save()
    page = client.get("/km/invitations/").content.decode()
    assert "ផុតកំណត់ក្នុងរយៈពេល 3 ថ្ងៃទៀត" in page and str(day.year) in page
    page = client.get("/en/invitations/").content.decode()
    assert f"Expires in 3 days ({day.day} " in page


def test_hours_and_minutes_before_the_link_expires(client, facilitator, sent):
    client.force_login(facilitator)
    Invitation.objects.filter(pk=sent.pk).update(expires_at=timezone.now() + timedelta(hours=5))
    assert "Expires in 5 hours" in client.get("/en/invitations/").content.decode()
    Invitation.objects.filter(pk=sent.pk).update(expires_at=timezone.now() + timedelta(minutes=9))
    assert "Expires in 9 minutes" in client.get("/en/invitations/").content.decode()
