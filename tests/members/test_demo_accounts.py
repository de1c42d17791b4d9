import pytest
from django.core.management import CommandError, call_command

from communities.models import Community
from members.models import Organization, Topic, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("load_voice_seed")


def test_demo_accounts_give_every_role(seeded, settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_accounts", password="demo-password-2026")
    assert User.objects.filter(is_staff=True).count() == 1
    assert User.objects.filter(is_facilitator=True).count() == 5
    assert User.objects.filter(is_focal_point=True).count() == 20
    assert User.objects.filter(organization__isnull=False, is_focal_point=False).count() == 20
    for community in Community.objects.all():
        assert community.facilitators.filter(is_facilitator=True).exists()
    assert "demo-password-2026" in capsys.readouterr().out


def test_a_demo_account_can_sign_in_with_the_printed_password(seeded, settings, client):
    settings.DEBUG = True
    call_command("create_demo_accounts", password="demo-password-2026")
    page = client.post(
        "/en/accounts/login/",
        {"login": "member.safe-place@example.org", "password": "demo-password-2026"},
    )
    assert page.status_code == 302
    assert client.session.get("_auth_user_id")


def test_running_it_twice_creates_no_duplicates(seeded, settings):
    settings.DEBUG = True
    call_command("create_demo_accounts", password="first-password-1")
    call_command("create_demo_accounts", password="second-password-2")
    assert User.objects.count() == 46
    assert User.objects.get(email="admin@example.org").check_password("second-password-2")


def test_demo_accounts_are_refused_when_debug_is_off(seeded, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("create_demo_accounts")
    assert User.objects.count() == 0


def test_demo_organisations_say_what_they_offer_and_need(seeded, settings):
    settings.DEBUG = True
    edited = Organization.objects.get(slug="safe-place")
    edited.offers.set([Topic.objects.get(slug="counselling")])
    call_command("create_demo_accounts", password="demo-password-2026")
    for organization in Organization.objects.exclude(pk=edited.pk):
        offers = set(organization.offers.all())
        needs = set(organization.needs.all())
        assert len(offers) == 2 and len(needs) == 2, organization
        assert not offers & needs
    # What an organisation said already is left as it is.
    assert list(edited.offers.values_list("slug", flat=True)) == ["counselling"]
    assert not edited.needs.exists()
    # The map shows synergies and gaps: every organisation's need is offered by another,
    # except the topics nobody offers.
    offered = set(Organization.offers.through.objects.values_list("topic_id", flat=True))
    needed = set(Organization.needs.through.objects.values_list("topic_id", flat=True))
    assert offered & needed and needed - offered
