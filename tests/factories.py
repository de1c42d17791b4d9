"""Factories whose default text is Khmer, so that every test exercises Khmer."""

import datetime

import factory

from activities.models import Activity, ActivityType
from communities.models import Community, Objective, Participation
from cop_portal.models import TargetGroup
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


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"សុខ ចាន់ធា {n}")

    @classmethod
    def _create(cls, model_class, *args, password=PASSWORD, **kwargs):
        return model_class.objects.create_user(*args, password=password, **kwargs)


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
