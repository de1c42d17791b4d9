"""model_update: a service changes the fields it names, and only those, and learns whether
anything changed (what it renews the cached figures on)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from communities.models import Community
from cop_portal.core.services import model_update
from members.models import Organization
from tests.factories import CommunityFactory, OrganizationFactory, TopicFactory

pytestmark = pytest.mark.django_db


def stored(community: Community) -> dict:
    """The row as the database holds it, the untranslated column included."""
    columns = ("name", "name_km", "name_en", "mode", "goal_km", "updated_at")
    return Community.objects.filter(pk=community.pk).raw_values(*columns).get()


def test_it_saves_the_given_fields_and_nothing_else():
    community = CommunityFactory(mode="online", goal_km="")
    before = stored(community)
    community.goal_km = "គោលដៅដែលមិនត្រូវរក្សាទុក"  # changed, but not named by the service
    community, changed = model_update(
        instance=community, fields=["mode", "goal_en"], data={"mode": "hybrid"}
    )
    after = stored(community)
    assert changed
    assert after["mode"] == "hybrid" and after["updated_at"] > before["updated_at"]
    assert after["goal_km"] == ""


def test_nothing_changed_is_not_saved():
    community = CommunityFactory(mode="online")
    before = stored(community)
    community, changed = model_update(
        instance=community, fields=["mode", "name_km"], data={"mode": "online"}
    )
    assert not changed
    assert stored(community) == before


def test_a_key_it_does_not_name_is_refused():
    community = CommunityFactory()
    with pytest.raises(TypeError):
        model_update(instance=community, fields=["mode"], data={"mode": "hybrid", "slug": "x"})
    assert Community.objects.get(pk=community.pk).slug == community.slug


def test_the_instance_is_checked_before_it_is_saved():
    community = CommunityFactory(mode="online")
    with pytest.raises(ValidationError):
        model_update(instance=community, fields=["mode"], data={"mode": "by pigeon"})
    assert stored(community)["mode"] == "online"


def test_a_translated_column_is_saved_as_a_full_save_writes_it():
    """Its other language is left as it is, and the untranslated column follows."""
    community = CommunityFactory(name_km="សហគមន៍", name_en="Community")
    with translation.override("en"):
        model_update(instance=community, fields=["name_km"], data={"name_km": "សហគមន៍ថ្មី"})
        full_save = CommunityFactory(name_km="សហគមន៍ថ្មី", name_en="Community")
    row, expected = stored(community), stored(full_save)
    assert (row["name_km"], row["name_en"]) == ("សហគមន៍ថ្មី", "Community")
    assert row["name"] == expected["name"]


def test_many_to_many_fields_are_set_and_told_only_when_they_differ():
    organization = OrganizationFactory()
    advocacy, finance = TopicFactory(), TopicFactory()
    organization, changed = model_update(
        instance=organization, fields=["offers"], data={"offers": [advocacy, finance]}
    )
    assert changed
    assert set(Organization.objects.get(pk=organization.pk).offers.all()) == {advocacy, finance}
    organization, changed = model_update(
        instance=organization, fields=["offers"], data={"offers": [finance, advocacy]}
    )
    assert not changed
