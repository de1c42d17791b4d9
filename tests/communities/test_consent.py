"""Trust is consent: nobody enters a community or an organisation without the consent of
those already inside (DESIGN §2)."""

import re

import pytest
from django.core import mail

from communities.models import Proposal
from members.models import Invitation, MembershipEvent, User
from tests import personas
from tests.factories import PASSWORD, ActivityFactory
from tests.notifications import hears_at_once

pytestmark = pytest.mark.django_db


def members_page(community):
    return f"/km/communities/{community.slug}/members/"


def answers_page(organization):
    return f"/km/organizations/{organization.slug}/communities/"


def propose(client, community, organization, capture):
    with capture(execute=True):
        return client.post(
            members_page(community),
            {"action": "propose_organization", "organization": organization.pk, "role": "member"},
        )


def test_a_proposed_organisation_sees_nothing_until_its_focal_point_accepts(
    client,
    facilitator,
    community,
    organization_b,
    member_b,
    focal_point_b,
    django_capture_on_commit_callbacks,
):
    community_page = f"/km/communities/{community.slug}/"
    hears_at_once(focal_point_b, "invited")
    client.force_login(facilitator)
    assert (
        propose(client, community, organization_b, django_capture_on_commit_callbacks).status_code
        == 302
    )
    proposal = Proposal.objects.get()
    assert proposal.is_pending and proposal.proposed_by == facilitator

    # The focal point (who hears of invitations at once) is told, discreetly: the
    # community is members-only.
    [message] = mail.outbox
    assert message.to == [focal_point_b.email]
    for secret in (community.name_km, community.name_en, community.slug):
        assert secret not in message.subject + message.body
    link = re.search(r"http://127\.0\.0\.1:8000(/km/n/\S+/)", message.body).group(1)

    # Until then: B's people see nothing inside, the facilitator sees none of B's people.
    client.force_login(member_b)
    assert client.get(community_page).status_code == 404
    client.force_login(facilitator)
    assert (
        member_b.full_name
        not in client.get(f"/km/organizations/{organization_b.slug}/").content.decode()
    )

    # A member who is not the focal point cannot answer.
    client.force_login(member_b)
    assert (
        client.post(
            answers_page(organization_b), {"action": "accept", "proposal": proposal.pk}
        ).status_code
        == 403
    )

    # The focal point follows the link, reads the proposal and accepts.
    client.force_login(focal_point_b)
    page = client.get(link, follow=True)
    assert page.redirect_chain[-1][0] == answers_page(organization_b)
    assert community.name_km in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            answers_page(organization_b), {"action": "accept", "proposal": proposal.pk}
        )
    assert page.status_code == 302
    participation = community.participations.get(organization=organization_b)
    assert participation.accepted_by == focal_point_b and participation.left_on is None

    # Now B's people are inside, and the facilitator sees them.
    client.force_login(member_b)
    assert client.get(community_page).status_code == 200
    client.force_login(facilitator)
    assert (
        member_b.full_name
        in client.get(f"/km/organizations/{organization_b.slug}/").content.decode()
    )
    assert mail.outbox[-1].to == [facilitator.email]  # told of the answer, discreetly
    assert community.name_km not in mail.outbox[-1].body
    assert list(
        MembershipEvent.objects.filter(community=community).values_list("action", "actor")
    ) == [("accepted", focal_point_b.pk), ("proposed", facilitator.pk)]


def test_a_declined_proposal_shares_nothing(
    client,
    facilitator,
    community,
    organization_b,
    member_b,
    focal_point_b,
    django_capture_on_commit_callbacks,
):
    client.force_login(facilitator)
    propose(client, community, organization_b, django_capture_on_commit_callbacks)
    proposal = Proposal.objects.get()
    client.force_login(focal_point_b)
    page = client.post(
        answers_page(organization_b), {"action": "decline", "proposal": proposal.pk}, follow=True
    )
    assert "គ្មានអ្វីត្រូវបានចែករំលែកទេ" in page.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "declined"
    assert not community.participations.filter(organization=organization_b).exists()
    client.force_login(member_b)
    assert client.get(f"/km/communities/{community.slug}/").status_code == 404
    # Answered once: it cannot be accepted afterwards.
    client.force_login(focal_point_b)
    client.post(answers_page(organization_b), {"action": "accept", "proposal": proposal.pk})
    assert not community.participations.filter(organization=organization_b).exists()


def test_a_focal_point_answers_only_for_their_own_organisation(
    client,
    facilitator,
    community,
    organization_b,
    focal_point_a,
    django_capture_on_commit_callbacks,
):
    client.force_login(facilitator)
    propose(client, community, organization_b, django_capture_on_commit_callbacks)
    proposal = Proposal.objects.get()
    client.force_login(focal_point_a)
    assert (
        client.post(
            answers_page(organization_b), {"action": "accept", "proposal": proposal.pk}
        ).status_code
        == 403
    )
    # Nor through their own page, with another organisation's proposal.
    page = client.post(
        answers_page(focal_point_a.organization), {"action": "accept", "proposal": proposal.pk}
    )
    assert page.status_code == 404
    assert Proposal.objects.get().is_pending


def test_an_organisation_without_a_focal_point_is_proposed_and_the_facilitator_is_told(
    client, facilitator, community, organization_b, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    page = client.post(
        members_page(community),
        {"action": "propose_organization", "organization": organization_b.pk, "role": "member"},
        follow=True,
    )
    assert "មិនទាន់មានអ្នកទំនាក់ទំនង" in page.content.decode()
    assert Proposal.objects.filter(organization=organization_b).exists()


def test_a_focal_point_takes_the_organisation_out_and_its_people_lose_access_at_once(
    client, community, organization_a, focal_point_a, member_a
):
    page_of_community = f"/km/communities/{community.slug}/"
    client.force_login(member_a)
    assert client.get(page_of_community).status_code == 200
    participation = community.participations.get(organization=organization_a)
    client.force_login(focal_point_a)
    # Without saying they understand, nothing happens.
    client.post(
        answers_page(organization_a), {"action": "leave", "participation": participation.pk}
    )
    participation.refresh_from_db()
    assert participation.left_on is None
    client.post(
        answers_page(organization_a),
        {"action": "leave", "participation": participation.pk, "confirm": "on"},
    )
    participation.refresh_from_db()
    assert participation.left_on is not None
    client.force_login(member_a)
    assert client.get(page_of_community).status_code == 404
    assert MembershipEvent.objects.filter(action="left", actor=focal_point_a).exists()


def test_a_removed_guest_and_the_guests_of_a_closed_community_lose_access(
    client, facilitator, community, guest
):
    page_of_community = f"/km/communities/{community.slug}/"
    client.force_login(guest)
    assert client.get(page_of_community).status_code == 200
    client.force_login(facilitator)
    client.post(
        members_page(community),
        {"action": "remove_guest", "guest": community.guests.get().pk, "confirm": "1"},
    )
    client.force_login(guest)
    assert client.get(page_of_community).status_code == 404

    second = personas.guest_of(community, invited_by=facilitator)
    client.force_login(second)
    assert client.get(page_of_community).status_code == 200
    client.force_login(facilitator)
    client.post(
        f"/km/communities/{community.slug}/close/",
        {"closing_summary_km": "បានបញ្ចប់", "confirm": "1"},
    )
    client.force_login(second)
    assert client.get(page_of_community).status_code == 404


def test_a_guest_is_marked_as_a_guest_where_their_name_shows(client, community, guest, member_a):
    from communities.services import start_discussion

    discussion = start_discussion(by=guest, community=community, title="សំណួរ", text="សួស្តី")
    client.force_login(member_a)
    html = client.get(
        f"/km/communities/{community.slug}/discussions/{discussion.pk}/"
    ).content.decode()
    name = guest.full_name
    assert re.search(rf'{name}\s*<span class="badge">ភ្ញៀវ</span>', html)
    html = client.get(f"/km/communities/{community.slug}/about/").content.decode()
    assert re.search(rf'{name}\s*<span class="badge">ភ្ញៀវ</span>', html)


# The planted account: a facilitator of a public community tries to get an account of
# theirs into a members-only community they have nothing to do with.


@pytest.fixture
def sensitive(db):
    """WPM takes part in the members-only LGBTQI community, with one of everything."""
    wpm = personas.organization("wpm")
    lgbtqi = personas.community_of(wpm, slug="lgbtqi")
    personas.facilitator_of(lgbtqi)
    personas.focal_point(wpm)
    activity = ActivityFactory(community=lgbtqi, lead_organization=wpm)
    return wpm, lgbtqi, activity


def test_the_planted_account_path_gives_no_access(
    client, sensitive, django_capture_on_commit_callbacks
):
    wpm, lgbtqi, activity = sensitive
    member = personas.organization("disability-org")
    disability = personas.community_of(member, slug="disability", visibility="public")
    attacker = personas.facilitator_of(disability, email="attacker@example.org")
    client.force_login(attacker)

    # 1. Adding WPM without its consent is refused; proposing it asks its focal point.
    page = client.post(
        members_page(disability),
        {"action": "add_organization", "organization": wpm.pk, "role": "member"},
    )
    assert page.status_code == 403
    propose(client, disability, wpm, django_capture_on_commit_callbacks)
    assert not disability.participations.filter(organization=wpm).exists()
    # …and shows none of WPM's people to the attacker.
    html = client.get("/km/organizations/wpm/").content.decode()
    assert not any(person.full_name in html for person in wpm.people.all())

    # 2. Inviting someone "as a member of WPM" is refused, through the page and the service.
    page = client.post(
        "/km/invitations/new/",
        {
            "email": "someone@example.org",
            "kind": "member",
            "organization": wpm.pk,
            "community": disability.pk,
            "language": "km",
        },
    )
    assert page.status_code == 200
    assert not Invitation.objects.filter(email="someone@example.org").exists()

    # 3. A guest of the attacker's own community is all they can make…
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/km/invitations/new/",
            {
                "email": "someone@example.org",
                "kind": "guest",
                "community": disability.pk,
                "language": "km",
            },
        )
    link = re.search(r"http://testserver(/\S+)", mail.outbox[-1].body).group(1)
    client.logout()
    client.post(
        link,
        {
            "full_name": "ជនចម្លែក",
            "password": PASSWORD,
            "password_again": PASSWORD,
            "preferred_language": "km",
        },
    )
    planted = User.objects.get(email="someone@example.org")
    assert planted.is_guest and planted.organization is None

    # …and that account opens nothing of the LGBTQI community, at any address.
    client.force_login(planted)
    for path in (
        "/km/communities/lgbtqi/",
        "/km/communities/lgbtqi/discussions/",
        "/km/communities/lgbtqi/ideas/",
        "/km/communities/lgbtqi/resources/",
        "/km/communities/lgbtqi/activities/",
        "/km/communities/lgbtqi/report/",
        f"/km/activities/{activity.pk}/",
        f"/km/activities/{activity.pk}/edit/",
        "/km/organizations/wpm/",
    ):
        assert client.get(path).status_code in (403, 404), path
    for path in ("/km/activities/", "/km/search/?q=សហគមន៍", "/km/activities/export.csv"):
        response = client.get(path)
        body = b"".join(
            response.streaming_content if response.streaming else [response.content]
        ).decode()
        assert activity.title_km not in body, path
        assert lgbtqi.name_km not in body, path


def test_notifications_from_a_members_only_community_are_discreet(
    client, community, member_a, focal_point_a, django_capture_on_commit_callbacks
):
    from communities.services import reply, start_discussion

    discussion = start_discussion(
        by=member_a, community=community, title="ប្រធានបទសម្ងាត់", text="ដំបូង"
    )
    hears_at_once(member_a, "reply")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply(by=focal_point_a, discussion=discussion, text="អត្ថបទឯកជន")
    [message] = mail.outbox
    everything = message.subject + message.body
    for secret in (
        "អត្ថបទឯកជន",
        "ប្រធានបទសម្ងាត់",
        focal_point_a.full_name,
        community.name_km,
        community.slug,
    ):
        assert secret not in everything
    link = re.search(r"http://127\.0\.0\.1:8000(/km/n/\S+/)", message.body).group(1)
    # Anyone else, signed in or not, learns nothing from the link.
    assert client.get(link).status_code == 302  # to sign in
    client.force_login(focal_point_a)
    assert client.get(link).status_code == 404
    client.force_login(member_a)
    page = client.get(link, follow=True)
    assert (
        page.redirect_chain[-1][0]
        == f"/km/communities/{community.slug}/discussions/{discussion.pk}/"
    )
    assert "អត្ថបទឯកជន" in page.content.decode()


def test_a_public_community_may_send_full_notifications(
    client, community, member_a, focal_point_a, django_capture_on_commit_callbacks
):
    from communities.services import reply, start_discussion

    community.visibility = "public"
    community.full_notifications = True
    community.save()
    discussion = start_discussion(by=member_a, community=community, title="ប្រធានបទ", text="ដំបូង")
    hears_at_once(member_a, "reply")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply(by=focal_point_a, discussion=discussion, text="អត្ថបទសាធារណៈ")
    assert "អត្ថបទសាធារណៈ" in mail.outbox[0].body


def test_a_members_only_community_cannot_be_switched_to_full_notifications(facilitator, community):
    from communities.services import update_community

    update_community(
        by=facilitator,
        community=community,
        version=community.version,
        data={"full_notifications": True},
    )
    community.refresh_from_db()
    assert not community.full_notifications and community.notifies_discreetly


def test_the_membership_logs_are_read_by_those_who_hold_them(
    client,
    facilitator,
    community,
    organization_a,
    focal_point_a,
    member_a,
    member_b,
    django_capture_on_commit_callbacks,
):
    client.force_login(facilitator)
    propose(client, community, member_b.organization, django_capture_on_commit_callbacks)
    community_log = f"/km/communities/{community.slug}/log/"
    organization_log = f"/km/organizations/{organization_a.slug}/log/"
    assert "ស្នើ" in client.get(community_log).content.decode()
    assert client.get(organization_log).status_code == 403
    client.force_login(focal_point_a)
    assert client.get(organization_log).status_code == 200
    assert client.get(community_log).status_code == 403
    client.force_login(member_a)
    assert client.get(organization_log).status_code == 403
    client.force_login(member_b)
    assert client.get(community_log).status_code == 404


def test_a_focal_point_reads_on_the_dashboard_that_an_answer_is_waiting(
    client,
    facilitator,
    community,
    organization_b,
    focal_point_b,
    member_b,
    django_capture_on_commit_callbacks,
):
    client.force_login(facilitator)
    propose(client, community, organization_b, django_capture_on_commit_callbacks)
    client.force_login(focal_point_b)
    html = client.get("/km/dashboard/").content.decode()
    assert "កំពុងរង់ចាំចម្លើយរបស់អ្នក" in html and answers_page(organization_b) in html
    client.force_login(member_b)  # not a focal point: nothing to answer
    assert "កំពុងរង់ចាំចម្លើយរបស់អ្នក" not in client.get("/km/dashboard/").content.decode()
