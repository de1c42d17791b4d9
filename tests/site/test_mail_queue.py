"""E-mail on the job queue: no request waits on the mail server; a message written in a
change leaves once the change is committed, is tried again while the server fails, is sent
once, and an admin sends again what kept failing. The worker here is the real one
(`db_worker` on the database backend), run until the queue is empty."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from communities.services import invite_person
from cop_portal.core.mail import queue_mail, send_delivery
from cop_portal.core.models import Delivery

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def job_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAIL_RETRY_DELAYS = [0, 0, 0]  # tried again at once, three times, then failed


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def invite(facilitator, community, email="dara@example.org"):
    return invite_person(
        by=facilitator,
        site_url="https://cop.example.org/",
        email=email,
        kind="guest",
        organization=None,
        community=community,
    )


def test_an_email_waits_for_the_worker_and_leaves_once(facilitator, community):
    invite(facilitator, community)
    assert mail.outbox == []  # nothing was sent by the request itself
    [delivery] = Delivery.objects.all()
    assert delivery.status == Delivery.Status.WAITING
    run_worker()
    run_worker()
    [message] = mail.outbox
    assert message.to == ["dara@example.org"]
    assert re.search(r"https://cop\.example\.org/km/invitations/accept/\S+/", message.body)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 1)
    assert delivery.message == {}  # the link is not kept once sent
    send_delivery.call(delivery_id=delivery.pk)  # the job run twice sends nothing more
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 1)


def test_a_change_that_is_rolled_back_sends_nothing(facilitator, community):
    with pytest.raises(RuntimeError), transaction.atomic():
        invite(facilitator, community)
        raise RuntimeError("the change failed after the e-mail was written")
    run_worker()
    assert not Delivery.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("mail_server_down", ["silent"], indirect=True)
def test_an_email_is_tried_again_until_the_mail_server_answers(
    facilitator, community, mail_server_down, settings
):
    settings.MAIL_RETRY_DELAYS = [3600]  # the next attempt, an hour later
    invite(facilitator, community)
    run_worker()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.WAITING, 1)
    assert "timed out" in delivery.last_error
    assert delivery.next_attempt_at > delivery.created_at
    # The server answers again; the attempt that was due an hour later runs now.
    settings.MAIL_TRANSPORT = "django.core.mail.backends.locmem.EmailBackend"
    send_delivery.call(delivery_id=delivery.pk)
    [message] = mail.outbox
    assert message.to == ["dara@example.org"]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 2)


@pytest.mark.parametrize("mail_server_down", ["refuses"], indirect=True)
def test_what_kept_failing_is_shown_to_admins_who_send_it_again(
    facilitator, community, admin, client, mail_server_down, settings
):
    invite(facilitator, community)
    run_worker()  # the first attempt and the three more the delays allow
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 4)
    client.force_login(admin)
    page = client.get("/admin/cop_portal/delivery/?status=failed")
    html = page.content.decode()
    assert "dara@example.org" in html
    assert "មិនបានផ្ញើ" in html  # "Not sent"
    settings.MAIL_TRANSPORT = "django.core.mail.backends.locmem.EmailBackend"
    page = client.post(
        "/admin/cop_portal/delivery/",
        {"action": "send_again", "_selected_action": [delivery.pk]},
        follow=True,
    )
    assert "នឹងត្រូវផ្ញើម្តងទៀត" in page.content.decode()  # "will be sent again"
    run_worker()
    assert [message.to for message in mail.outbox] == [["dara@example.org"]]
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT


def test_account_emails_take_the_same_way(client, member_a):
    member_a.emailaddress_set.create(email=member_a.email, verified=True, primary=True)
    client.post("/km/accounts/password/reset/", {"email": member_a.email})
    assert mail.outbox == []
    assert Delivery.objects.get().recipient == member_a.email
    run_worker()
    [message] = mail.outbox
    assert "/km/accounts/password/reset/key/" in message.body


def test_a_plain_message_keeps_its_text_until_it_is_sent(member_a):
    delivery = queue_mail(subject="ប្រធានបទ", body="សារ\nបន្ទាត់ទីពីរ", to=member_a.email)
    assert delivery.message["body"] == "សារ\nបន្ទាត់ទីពីរ"
    run_worker()
    [message] = mail.outbox
    assert (message.subject, message.body) == ("ប្រធានបទ", "សារ\nបន្ទាត់ទីពីរ")
