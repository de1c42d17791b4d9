"""The named personas of the tests, in one module: `tests/conftest.py`'s fixtures and the
permission matrix (`tests/site/test_permission_matrix.py`) build them from here.

The world of the matrix (`make_world`): organisation A takes part in the members-only
community "private-a", facilitated by `facilitator`, which holds one of everything (an
activity led by A with an attachment, an idea, a discussion with a post of `member_a`, a
resource with a file, an objective, a discreet notice for `member_a`). Organisation B
takes part in the public community "public-b", facilitated by `other_facilitator`.
`guest` is a guest of "private-a": inside it, and nowhere else.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone

from activities.models import Attachment
from communities.models import Community, Discussion, Guest, Idea, Post, Resource
from members.models import Invitation, Notice, Organization, User
from members.notifications import _digest
from members.services import invitation_token, token_digest
from tests.factories import (
    ActivityFactory,
    CommunityFactory,
    ObjectiveFactory,
    OrganizationFactory,
    ParticipationFactory,
    UserFactory,
)

PERSONAS = [
    "visitor",
    "member_a",
    "focal_point_a",
    "member_b",
    "focal_point_b",
    "guest",
    "facilitator",
    "other_facilitator",
    "admin",
]
NOTICE_TOKEN = "notice-for-member-a"


def organization(slug: str) -> Organization:
    return OrganizationFactory(slug=slug)


def member(organization: Organization, *, email: str = "", **roles) -> User:
    extra = {"email": email} if email else {}
    return UserFactory(organization=organization, **extra, **roles)


def focal_point(organization: Organization, *, email: str = "") -> User:
    return member(organization, email=email, is_focal_point=True)


def facilitator_of(community: Community, *, email: str = "") -> User:
    extra = {"email": email} if email else {}
    person = UserFactory(is_facilitator=True, **extra)
    community.facilitators.add(person)
    return person


def admin() -> User:
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)


def community_of(organization: Organization, **fields) -> Community:
    """A community (members-only unless told) in which `organization` takes part."""
    community = CommunityFactory(**fields)
    ParticipationFactory(community=community, organization=organization)
    return community


def guest_of(community: Community, *, email: str = "", invited_by: User | None = None) -> User:
    """A person of no organisation, a guest of `community` only."""
    extra = {"email": email} if email else {}
    person = UserFactory(is_guest=True, **extra)
    Guest.objects.create(
        community=community,
        person=person,
        invited_by=invited_by,
        joined_on=datetime.date(2026, 1, 5),
    )
    return person


@dataclass
class World:
    people: dict[str, User | None]
    organization_a: Organization
    organization_b: Organization
    private: Community
    public: Community
    objects: dict = field(default_factory=dict)


def make_world() -> World:
    organization_a = organization("organisation-a")
    organization_b = organization("organisation-b")
    private = community_of(organization_a, slug="private-a")
    public = community_of(organization_b, slug="public-b", visibility="public")
    facilitator = facilitator_of(private, email="facilitator@example.org")
    people = {
        "visitor": None,
        "member_a": member(organization_a, email="member.a@example.org"),
        "focal_point_a": focal_point(organization_a, email="focal.a@example.org"),
        "member_b": member(organization_b, email="member.b@example.org"),
        "focal_point_b": focal_point(organization_b, email="focal.b@example.org"),
        "guest": guest_of(private, email="guest@example.org", invited_by=facilitator),
        "facilitator": facilitator,
        "other_facilitator": facilitator_of(public, email="other.facilitator@example.org"),
        "admin": admin(),
    }
    for user in people.values():
        if user is not None:
            user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    world = World(people, organization_a, organization_b, private, public)
    world.objects = _inside(world)
    return world


def _inside(world: World) -> dict:
    """One of everything inside "private-a"."""
    author = world.people["member_a"]
    activity = ActivityFactory(community=world.private, lead_organization=world.organization_a)
    attachment = Attachment.objects.create(
        activity=activity,
        file=ContentFile(b"%PDF-1.4 report", name="report.pdf"),
        file_name="report.pdf",
        content_type="application/pdf",
        size=15,
    )
    discussion = Discussion.objects.create(
        community=world.private, title="ការប្រជុំខែក្រោយ", started_by=author
    )
    post = Post.objects.create(discussion=discussion, author=author, text="យើងជួបគ្នានៅថ្ងៃច័ន្ទ")
    resource = Resource.objects.create(
        community=world.private,
        title="សៀវភៅណែនាំ",
        file=ContentFile(b"%PDF-1.4 guide", name="guide.pdf"),
        file_name="guide.pdf",
        content_type="application/pdf",
        uploaded_by=author,
    )
    Notice.objects.create(
        recipient=author,
        token_digest=_digest(NOTICE_TOKEN),
        path=f"/km/communities/private-a/discussions/{discussion.pk}/",
    )
    return {
        "activity": activity,
        "attachment": attachment,
        "idea": Idea.objects.create(community=world.private, proposed_by=author, title="គំនិត"),
        "discussion": discussion,
        "post": post,
        "resource": resource,
        "objective": ObjectiveFactory(community=world.private),
        # The facilitator's pending invitation of a guest into "private-a".
        "invitation": Invitation.objects.create(
            email="invited.guest@example.org",
            community=world.private,
            as_guest=True,
            invited_by=world.people["facilitator"],
            link_secret="a-secret-of-the-world",
            token_digest=token_digest(invitation_token("a-secret-of-the-world")),
            expires_at=timezone.now() + datetime.timedelta(days=3),
        ),
    }
