"""Demo accounts for trying the portal (`create_demo_accounts`, run by `make run`): an
admin, a facilitator per community, a focal point and a member per organisation, at
role.slug@example.org. Never used by the portal itself."""

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.db import transaction

from communities.models import Community
from members.models import Organization, Topic, User

DEMO_DOMAIN = "example.org"


@dataclass
class DemoAccounts:
    password: str
    emails: list[str] = field(default_factory=list)


def _demo_person(*, email: str, full_name: str, password: str, **roles) -> User:
    user, _created = User.objects.update_or_create(
        email=email, defaults={"full_name": full_name, "is_active": True, **roles}
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    # Demo addresses need no confirmation e-mail before the first sign-in.
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def create_demo_accounts(*, password: str) -> DemoAccounts:
    """Accounts for trying the portal: an admin, one facilitator per community, and per
    organisation a focal point and a member. Running it again resets their password."""
    accounts = DemoAccounts(password=password)

    def person(**kwargs):
        accounts.emails.append(_demo_person(password=password, **kwargs).email)

    person(
        email=f"admin@{DEMO_DOMAIN}",
        full_name="អ្នកគ្រប់គ្រង (Admin)",
        is_staff=True,
        is_superuser=True,
    )
    for community in Community.objects.order_by("pk"):
        email = f"facilitator.{community.slug}@{DEMO_DOMAIN}"
        facilitator = _demo_person(
            email=email,
            full_name=f"អ្នកសម្របសម្រួល {community.name_km}",
            password=password,
            is_facilitator=True,
        )
        community.facilitators.add(facilitator)
        accounts.emails.append(email)
    for organization in Organization.objects.order_by("pk"):
        person(
            email=f"focal.{organization.slug}@{DEMO_DOMAIN}",
            full_name=f"អ្នកទំនាក់ទំនង {organization.name_km}",
            organization=organization,
            is_focal_point=True,
        )
        person(
            email=f"member.{organization.slug}@{DEMO_DOMAIN}",
            full_name=f"សមាជិក {organization.name_km}",
            organization=organization,
        )
    _demo_knowledge_map()
    return accounts


def _demo_knowledge_map() -> None:
    """Two topics offered and two needed by each organisation that has said nothing yet, so
    that the knowledge map shows synergies; the last two topics are never offered (gaps)."""
    topics = list(Topic.objects.order_by("pk"))
    if len(topics) < 6:
        return
    offered = topics[:-2]
    silent = Organization.objects.filter(offers__isnull=True, needs__isnull=True).order_by("pk")
    for index, organization in enumerate(silent):
        offers = [offered[index % len(offered)], offered[(index + 3) % len(offered)]]
        others = [topic for topic in topics if topic not in offers]
        first = (index + 5) % len(others)
        needs = [others[first], others[(first + 1 + index % 3) % len(others)]]
        organization.offers.set(offers)
        organization.needs.set(needs)
