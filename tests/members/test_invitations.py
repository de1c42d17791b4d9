import hashlib
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from communities.services import accept_invitation, invite_person
from cop_portal.core.models import Delivery
from members.models import Invitation, MembershipEvent, User
from members.services import deactivate_person
from tests.factories import PASSWORD, CommunityFactory

pytestmark = pytest.mark.django_db

SITE = "http://testserver/"


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def invite(by, **kwargs):
    kwargs.setdefault("email", "dara@example.org")
    kwargs.setdefault("site_url", SITE)
    return invite_person(by=by, **kwargs)


def test_a_focal_point_invites_a_colleague_into_their_own_organisation(
    focal_point_a, organization_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(focal_point_a, kind="member", organization=organization_a)
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    [message] = mail.outbox
    assert message.to == ["dara@example.org"]
    # The e-mail is in the invitation's language: Khmer by default.
    assert "Voice" in message.subject and re.search("[\u1780-\u17ff]", message.body)
    assert organization_a.name_km in message.body
    assert link_in(message).startswith("/km/invitations/accept/")
    entry = MembershipEvent.objects.get()
    assert (entry.action, entry.actor, entry.organization, entry.email) == (
        "invited",
        focal_point_a,
        organization_a,
        "dara@example.org",
    )


def test_a_focal_point_cannot_invite_into_another_organisation(focal_point_a, organization_b):
    with pytest.raises(PermissionDenied):
        invite(focal_point_a, kind="member", organization=organization_b)


def test_a_facilitator_cannot_put_anyone_into_an_organisation(
    facilitator, community, organization_a
):
    """Even into an organisation taking part in their own community."""
    with pytest.raises(PermissionDenied):
        invite(facilitator, kind="member", organization=organization_a, community=community)
    assert not Invitation.objects.exists()


def test_a_facilitator_invites_a_guest_into_their_community_only(
    facilitator, community, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(facilitator, kind="guest", community=community)
    assert invitation.as_guest and invitation.organization is None
    [message] = mail.outbox
    # A members-only community is not named in an e-mail: a lock screen shows it.
    assert community.name_km not in message.body and community.slug not in message.body
    with pytest.raises(PermissionDenied):
        invite(facilitator, email="other@example.org", kind="guest", community=CommunityFactory())


def test_a_public_community_is_named_in_a_guest_invitation(
    facilitator, community, django_capture_on_commit_callbacks
):
    community.visibility = "public"
    community.save()
    with django_capture_on_commit_callbacks(execute=True):
        invite(facilitator, kind="guest", community=community)
    assert community.name_km in mail.outbox[0].body


def test_a_facilitator_cannot_invite_a_facilitator(facilitator, community):
    with pytest.raises(PermissionDenied):
        invite(facilitator, kind="facilitator", community=community)


def test_members_cannot_invite(member_a, organization_a):
    with pytest.raises(PermissionDenied):
        invite(member_a, kind="member", organization=organization_a)


def test_a_guest_invites_nobody(guest, community):
    with pytest.raises(PermissionDenied):
        invite(guest, kind="guest", community=community)


def test_an_admin_invites_to_any_organisation_as_guest_or_as_facilitator(
    admin, organization_b, community
):
    invite(admin, kind="member", organization=organization_b)
    invite(admin, email="guest@example.org", kind="guest", community=community)
    invite(admin, email="new.facilitator@example.org", kind="facilitator")
    assert Invitation.objects.count() == 3


def test_an_address_that_already_has_an_account_is_refused(admin, member_a, organization_a):
    with pytest.raises(ValidationError) as refused:
        invite(admin, email=member_a.email.upper(), kind="member", organization=organization_a)
    assert "email" in refused.value.message_dict


def accept(invitation_token, **kwargs):
    kwargs.setdefault("full_name", "ដារ៉ា សុខ")
    kwargs.setdefault("password", PASSWORD)
    kwargs.setdefault("preferred_language", "km")
    return accept_invitation(token=invitation_token, **kwargs)


def token_of(message) -> str:
    return link_in(message).rstrip("/").rsplit("/", 1)[1]


@pytest.fixture
def token(admin, organization_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin, kind="member", organization=organization_a)
    return token_of(mail.outbox[-1])


def test_accepting_creates_the_account_in_the_organisation(token, organization_a):
    user = accept(token, preferred_language="en")
    assert user.organization == organization_a
    assert user.preferred_language == "en"
    assert user.check_password(PASSWORD)
    assert user.emailaddress_set.get().verified


def test_an_invitation_works_only_once(token):
    accept(token)
    with pytest.raises(ValidationError):
        accept(token, full_name="Another")
    assert User.objects.filter(email="dara@example.org").count() == 1


def test_an_invitation_expires_after_seven_days(token):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError):
        accept(token)


def test_a_weak_password_is_refused_on_the_password_field(token):
    with pytest.raises(ValidationError) as refused:
        accept(token, password="12345678")
    assert "password" in refused.value.message_dict
    assert not User.objects.filter(email="dara@example.org").exists()


def test_only_the_digest_of_the_token_is_stored(token):
    assert not Invitation.objects.filter(token_digest=token).exists()


def test_a_guest_accepts_and_sees_their_community_only(
    client, facilitator, community, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(facilitator, kind="guest", community=community)
    answer = client.post(
        link_in(mail.outbox[-1]),
        {
            "full_name": "ភ្ញៀវ ដារ៉ា",
            "password": PASSWORD,
            "password_again": PASSWORD,
            "preferred_language": "km",
        },
    )
    # Signed in, the guest opens the one community they were invited to.
    assert answer.status_code == 302
    assert answer.url == f"/km/communities/{community.slug}/"
    user = User.objects.get(email="dara@example.org")
    assert user.is_guest and user.organization is None
    assert community.guests.get().person == user
    page = client.get(answer.url)
    assert page.status_code == 200
    # They take part; an activity is led by an organisation, so they do not log one.
    assert "/km/activities/new/" not in page.content.decode()
    assert client.get("/km/activities/new/").status_code == 403
    other = CommunityFactory(slug="someone-elses")
    assert client.get(f"/km/communities/{other.slug}/").status_code == 404
    for page in ("/km/organizations/", "/km/knowledge/", "/km/resources/"):
        assert client.get(page).status_code == 403, page
    assert MembershipEvent.objects.filter(action="invitation_accepted", person=user).exists()


def test_an_invitation_holds_only_while_its_sender_may_make_it(
    client, focal_point_a, organization_a, django_capture_on_commit_callbacks
):
    """A focal point who is no longer one (or has left) cannot still bring people in."""
    with django_capture_on_commit_callbacks(execute=True):
        invite(focal_point_a, kind="member", organization=organization_a)
    focal_point_a.is_focal_point = False
    focal_point_a.save()
    token = token_of(mail.outbox[-1])
    assert client.get(f"/km/invitations/accept/{token}/").status_code == 404
    with pytest.raises(ValidationError):
        accept(token)
    assert not User.objects.filter(email="dara@example.org").exists()


def test_an_invitation_made_under_the_old_rules_is_void(facilitator, community, organization_a):
    """Before consent, a facilitator could invite someone "into" any organisation of their
    community; such an invitation, still pending, no longer opens."""
    raw = "a-token-sent-before-consent"
    Invitation.objects.create(
        email="planted@example.org",
        organization=organization_a,
        community=community,
        invited_by=facilitator,
        token_digest=hashlib.sha256(raw.encode()).hexdigest(),
        expires_at=timezone.now() + timedelta(days=3),
    )
    with pytest.raises(ValidationError):
        accept(raw)


def test_the_invitation_pages_as_a_person_would_use_them(
    client, focal_point_a, organization_a, organization_b, django_capture_on_commit_callbacks
):
    client.force_login(focal_point_a)
    page = client.get("/km/invitations/new/")
    assert page.status_code == 200
    # A focal point brings people into their own organisation only.
    assert list(page.context["form"].fields["organization"].queryset) == [organization_a]
    assert "community" not in page.context["form"].fields
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(
            "/km/invitations/new/",
            {"email": "x@example.org", "kind": "member", "organization": organization_b.pk},
        )
        assert refused.status_code == 200 and not Invitation.objects.exists()
        page = client.post(
            "/km/invitations/new/",
            {
                "email": "dara@example.org",
                "kind": "member",
                "organization": organization_a.pk,
                "language": "en",
            },
        )
    assert page.status_code == 302
    assert "dara@example.org" in client.get("/km/invitations/").content.decode()
    link = link_in(mail.outbox[0])
    assert link.startswith("/en/invitations/accept/")

    client.logout()
    page = client.post(
        link,
        {
            "full_name": "ដារ៉ា",
            "password": PASSWORD,
            "password_again": "typo",
            "preferred_language": "km",
        },
    )
    # A mistake keeps what was typed.
    assert page.status_code == 200
    assert 'value="ដារ៉ា"' in page.content.decode()
    page = client.post(
        link,
        {
            "full_name": "ដារ៉ា",
            "password": PASSWORD,
            "password_again": PASSWORD,
            "preferred_language": "km",
        },
    )
    assert page.status_code == 302
    # Organisation A takes part in no community yet: the new member starts from their
    # dashboard, told so (never on the generic landing page).
    assert page.url == "/km/dashboard/"
    [message] = client.get(page.url).context["messages"]
    assert "អង្គការរបស់អ្នកមិនទាន់ចូលរួមក្នុងសហគមន៍ណាមួយ" in str(message)
    assert client.session["_auth_user_id"]
    # Used once: the link no longer works.
    client.logout()
    assert client.get(link).status_code == 404


def test_an_unknown_invitation_link_answers_404(client):
    page = client.get("/km/invitations/accept/not-a-real-token/")
    assert page.status_code == 404
    assert "តំណអញ្ជើញនេះមិនដំណើរការទេ" in page.content.decode()


def test_an_admin_deactivates_a_person_whose_session_then_ends(client, admin, member_a):
    client.force_login(member_a)
    deactivate_person(by=admin, person=member_a)
    assert not client.get("/km/").wsgi_request.user.is_authenticated


def test_only_an_admin_deactivates(facilitator, member_a):
    with pytest.raises(PermissionDenied):
        deactivate_person(by=facilitator, person=member_a)


def test_a_deactivation_is_in_the_membership_log(admin, member_a, organization_a):
    deactivate_person(by=admin, person=member_a)
    entry = MembershipEvent.objects.get(action="deactivated")
    assert (entry.actor, entry.person, entry.organization) == (admin, member_a, organization_a)


def test_the_admin_action_deactivates(client, admin, member_a):
    client.force_login(admin)
    client.post(
        "/admin/members/user/",
        {"action": "deactivate", "post": "yes", "_selected_action": [member_a.pk]},
    )
    member_a.refresh_from_db()
    assert not member_a.is_active


@pytest.mark.django_db(transaction=True)
def test_an_invitation_while_the_mail_server_is_down_is_kept_and_its_email_waits(
    client, facilitator, community, mail_server_down
):
    client.force_login(facilitator)
    page = client.post(
        "/en/invitations/new/",
        {"email": "dara@example.org", "kind": "guest", "community": community.pk, "language": "km"},
        follow=True,
    )
    assert "The invitation was sent to dara@example.org" in page.content.decode()
    assert Invitation.objects.filter(email="dara@example.org").exists()
    [delivery] = Delivery.objects.all()
    assert (delivery.recipient, delivery.status) == ("dara@example.org", Delivery.Status.WAITING)
