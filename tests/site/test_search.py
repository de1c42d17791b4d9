import pytest
from django.core.management import call_command

from tests.factories import ActivityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("load_voice_seed")
    from communities.models import Community

    indigenous = Community.objects.get(slug="indigenous-peoples")
    lgbtqi = Community.objects.get(slug="lgbtqi")
    ActivityFactory(
        community=indigenous,
        lead_organization=indigenous.organizations.first(),
        title_km="ការសិក្សាភាសាជនជាតិដើមភាគតិចនៅរតនគិរី",
    )
    ActivityFactory(
        community=lgbtqi,
        lead_organization=lgbtqi.organizations.first(),
        title_km="ជំនួបសម្ងាត់ជនជាតិដើមភាគតិច",
    )
    return indigenous


@pytest.mark.parametrize("query", ["ជនជាតិដើម", "ជនជាតិ\u200bដើម", "  ជនជាតិដើម "])
def test_khmer_substrings_find_the_community_and_its_activities(client, seeded, query):
    member = UserFactory(organization=seeded.organizations.first())
    client.force_login(member)
    page = client.get("/km/search/", {"q": query})
    assert [c.slug for c in page.context["communities"]] == ["indigenous-peoples"]
    titles = [a.title_km for a in page.context["activities"]]
    assert titles == ["ការសិក្សាភាសាជនជាតិដើមភាគតិចនៅរតនគិរី"]  # not the LGBTQI one


def test_visitors_find_public_communities_but_no_activities(client, seeded):
    page = client.get("/km/search/", {"q": "ជនជាតិដើម"})
    assert [c.slug for c in page.context["communities"]] == ["indigenous-peoples"]
    assert page.context["activities"] == []


def test_a_members_only_community_is_not_found_by_outsiders(client, seeded):
    page = client.get("/en/search/", {"q": "LGBTQI"})
    assert page.context["communities"] == []
    assert "Same-Sex" not in page.content.decode()


def test_english_words_find_too(client, seeded):
    page = client.get("/en/search/", {"q": "indigenous"})
    assert [c.slug for c in page.context["communities"]] == ["indigenous-peoples"]
