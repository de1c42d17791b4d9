import pytest
from django.core.management import CommandError, call_command

from communities.models import Community
from members.models import User

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
