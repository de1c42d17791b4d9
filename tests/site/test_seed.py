import pytest
from django.core.management import call_command

from activities.models import ActivityType
from communities.models import Community, Participation
from members.models import Organization, Topic

pytestmark = pytest.mark.django_db


def counts():
    return (
        ActivityType.objects.count(),
        Topic.objects.count(),
        Community.objects.count(),
        Organization.objects.count(),
        Participation.objects.count(),
    )


def test_the_seed_loads_the_voice_communities_and_organisations():
    call_command("load_voice_seed")
    assert counts() == (12, 12, 5, 20, 20)


def test_running_the_seed_twice_changes_nothing():
    call_command("load_voice_seed")
    first = counts()
    women = Community.objects.get(slug="women")
    women.name_en = "Women's rights"  # an admin's edit survives the second run
    women.save()
    Topic.objects.filter(slug="monitoring-evaluation").update(name_en="M&E")
    call_command("load_voice_seed")
    assert counts() == first
    assert Community.objects.get(slug="women").name_en == "Women's rights"
    assert Topic.objects.get(slug="monitoring-evaluation").name_en == "M&E"


@pytest.mark.parametrize("model", [ActivityType, Topic, Community, Organization])
def test_every_seeded_row_has_a_khmer_and_an_english_name(model):
    call_command("load_voice_seed")
    names = list(model.objects.values_list("name_km", "name_en"))
    assert names
    assert all(name_km and name_en for name_km, name_en in names)
    # Khmer names are in Khmer script where the seed has it.
    assert any("\u1780" <= char <= "\u17ff" for name_km, _ in names for char in name_km)


def test_each_organisation_takes_part_in_its_community():
    call_command("load_voice_seed")
    lgbtqi = Community.objects.get(slug="lgbtqi")
    assert set(lgbtqi.organizations.values_list("slug", flat=True)) == {
        "same-sex-research-club",
        "mhss",
        "safe-place",
        "wpm",
    }
    assert Organization.objects.filter(communities__isnull=True).count() == 0


def test_communities_of_people_at_risk_are_members_only():
    call_command("load_voice_seed")
    for slug in ("women", "lgbtqi"):
        assert Community.objects.get(slug=slug).visibility == Community.Visibility.MEMBERS
