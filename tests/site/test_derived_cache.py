"""Reports and the knowledge map are kept in the cache; no change may leave them stale."""

import pytest
from django.core.cache import cache

from cop_portal.core.cache import BASE_VERSION_KEY
from tests.factories import ObjectiveFactory

pytestmark = pytest.mark.django_db


def report(client, community) -> str:
    return client.get(f"/km/communities/{community.slug}/report/").content.decode()


def test_an_edit_in_the_admin_renews_the_kept_reports(
    client, admin, community, django_capture_on_commit_callbacks
):
    objective = ObjectiveFactory(community=community, title_km="គោលបំណងចាស់", progress=10)
    client.force_login(admin)
    assert "chart-objectives-table" in report(client, community)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/communities/objective/{objective.pk}/delete/", {"post": "yes"}
        )
    assert response.status_code == 302
    client.get("/km/")  # the admin's "deleted" message is shown here
    assert "chart-objectives-table" not in report(client, community)


def test_a_lost_version_never_brings_back_an_old_report(client, admin, community):
    client.force_login(admin)
    assert "គោលបំណងថ្មី" not in report(client, community)  # kept in the cache now
    ObjectiveFactory(community=community, title_km="គោលបំណងថ្មី")
    cache.delete(BASE_VERSION_KEY)  # evicted, as a full cache may do
    assert "គោលបំណងថ្មី" in report(client, community)
