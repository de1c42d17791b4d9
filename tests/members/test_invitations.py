import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from members.models import Invitation, User
from members.services import accept_invitation, deactivate_person, invite_person
from tests.factories import PASSWORD, CommunityFactory

pytestmark = pytest.mark.django_db

SITE = "http://testserver/"


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def invite(by, **kwargs):
    kwargs.setdefault("email", "dara@example.org")
    kwargs.setdefault("site_url", SITE)
    return invite_person(by=by, **kwargs)


def test_a_facilitator_invites_a_person_of_an_organisation_in_their_community(
    facilitator, community, organization_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(facilitator, organization=organization_a, community=community)
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    [message] = mail.outbox
    assert message.to == ["dara@example.org"]
    # The e-mail is in the invitation's language: Khmer by default.
    assert "Voice" in message.subject and re.search("[\u1780-\u17ff]", message.body)
    assert link_in(message).startswith("/km/invitations/accept/")


def test_a_facilitator_cannot_invite_to_an_organisation_outside_their_communities(
    facilitator, community, organization_b
):
    with pytest.raises(PermissionDenied):
        invite(facilitator, organization=organization_b, community=community)


def test_a_facilitator_cannot_invite_to_a_community_they_do_not_facilitate(
    facilitator, organization_a
):
    other = CommunityFactory()
    with pytest.raises(PermissionDenied):
        invite(facilitator, organization=organization_a, community=other)


def test_a_facilitator_cannot_invite_a_facilitator(facilitator, community, organization_a):
    with pytest.raises(PermissionDenied):
        invite(facilitator, organization=organization_a, community=community, as_facilitator=True)


@pytest.mark.parametrize("persona", ["member_a", "focal_point_a"])
def test_members_and_focal_points_cannot_invite_yet(request, persona, organization_a):
    with pytest.raises(PermissionDenied):
        invite(request.getfixturevalue(persona), organization=organization_a)


def test_an_admin_invites_to_any_organisation_or_as_facilitator(admin, organization_b):
    invite(admin, organization=organization_b)
    invite(admin, email="new.facilitator@example.org", as_facilitator=True)
    assert Invitation.objects.count() == 2


def test_an_address_that_already_has_an_account_is_refused(admin, member_a, organization_a):
    with pytest.raises(ValidationError) as refused:
        invite(admin, email=member_a.email.upper(), organization=organization_a)
    assert "email" in refused.value.message_dict


def accept(invitation_token, **kwargs):
    kwargs.setdefault("full_name", "ដារ៉ា សុខ")
    kwargs.setdefault("password", PASSWORD)
    kwargs.setdefault("preferred_language", "km")
    return accept_invitation(token=invitation_token, **kwargs)


@pytest.fixture
def token(admin, organization_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin, organization=organization_a)
    return link_in(mail.outbox[-1]).rstrip("/").rsplit("/", 1)[1]


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


def test_the_invitation_pages_as_a_person_would_use_them(
    client, facilitator, community, organization_a, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    page = client.get("/km/invitations/new/")
    assert page.status_code == 200
    # The organisations offered are those of the facilitator's communities only.
    assert list(page.context["form"].fields["organization"].queryset) == [organization_a]
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            "/km/invitations/new/",
            {
                "email": "dara@example.org",
                "organization": organization_a.pk,
                "community": community.pk,
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
    assert page.url == "/km/"
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


def test_the_admin_action_deactivates(client, admin, member_a):
    client.force_login(admin)
    client.post(
        "/admin/members/user/",
        {"action": "deactivate", "_selected_action": [member_a.pk]},
    )
    member_a.refresh_from_db()
    assert not member_a.is_active


@pytest.mark.django_db(transaction=True)
def test_an_invitation_whose_email_cannot_leave_is_kept_and_the_inviter_is_told(
    client, facilitator, community, organization_a, mail_server_down
):
    client.force_login(facilitator)
    page = client.post(
        "/en/invitations/new/",
        {
            "email": "dara@example.org",
            "organization": organization_a.pk,
            "community": community.pk,
            "language": "km",
        },
        follow=True,
    )
    html = page.content.decode()
    assert "The invitation to dara@example.org was saved, but the e-mail could not be sent" in html
    assert "The invitation was sent" not in html
    assert Invitation.objects.filter(email="dara@example.org").exists()
