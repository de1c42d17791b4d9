"""Factories whose default text is Khmer, so that every test exercises Khmer."""

import base64
import datetime
import hashlib
import hmac
import struct
import time

import factory
from allauth.mfa.totp.internal.auth import TOTP

from activities.models import Activity, ActivityType
from communities.models import Community, Objective, Participation
from cop_portal.core.models import TargetGroup
from members.models import Organization, Topic, User


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name_km = factory.Sequence(lambda n: f"ការតស៊ូមតិ {n}")
    name_en = factory.Sequence(lambda n: f"Advocacy {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name_km = factory.Sequence(lambda n: f"អង្គការសាកល្បង {n}")
    name_en = factory.Sequence(lambda n: f"Test Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    description_km = "អង្គការមូលដ្ឋានដែលធ្វើការជាមួយសហគមន៍"
    target_group = TargetGroup.WOMEN


PASSWORD = "ពាក្យសម្ងាត់-Test-2026"
# The authenticator app's key of every person made with a second factor (base32, RFC 6238).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET, *, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows now (or at `at`): RFC 6238, SHA-1, 30 s."""
    counter = int(time.time() if at is None else at) // 30
    digest = hmac.new(
        base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


class UserFactory(factory.django.DjangoModelFactory):
    """A person. Admins and facilitators come with an authenticator app (TOTP_SECRET), as
    the portal requires; `second_factor=False` makes one without, `True` gives anyone one."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"សុខ ចាន់ធា {n}")

    @classmethod
    def _create(cls, model_class, *args, password=PASSWORD, **kwargs):
        return model_class.objects.create_user(*args, password=password, **kwargs)

    @factory.post_generation
    def second_factor(user, create, extracted, **kwargs):
        wanted = extracted
        if wanted is None:
            wanted = user.is_staff or user.is_superuser or user.is_facilitator
        if create and wanted:
            TOTP.activate(user, TOTP_SECRET)


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name_km = factory.Sequence(lambda n: f"សហគមន៍សាកល្បង {n}")
    name_en = factory.Sequence(lambda n: f"Test community {n}")
    slug = factory.Sequence(lambda n: f"community-{n}")
    target_group = TargetGroup.WOMEN
    domain_km = "តើយើងអាចការពារសិទ្ធិរបស់ស្ត្រីជាមួយគ្នាដោយរបៀបណា?"
    status = Community.Status.ACTIVE


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    community = factory.SubFactory(CommunityFactory)
    organization = factory.SubFactory(OrganizationFactory)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    community = factory.SubFactory(CommunityFactory)
    title_km = "ចងក្រងឯកសារការអនុវត្តល្អ"
    progress = 0


class ActivityTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityType
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"type-{n}")
    name_km = factory.Sequence(lambda n: f"ទស្សនកិច្ច {n}")
    name_en = factory.Sequence(lambda n: f"Visit {n}")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    community = factory.SubFactory(CommunityFactory)
    activity_type = factory.SubFactory(ActivityTypeFactory)
    lead_organization = factory.SubFactory(OrganizationFactory)
    title_km = "កិច្ចប្រជុំពិភាក្សាអំពីសិទ្ធិស្ត្រី"
    start_date = datetime.date(2026, 3, 8)
    participants_total = 20
    participants_women = 12
    participants_men = 8
