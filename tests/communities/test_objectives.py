import pytest
from django.utils import timezone

from communities.models import Objective
from tests.factories import CommunityFactory, ObjectiveFactory
from tests.page_forms import edit

pytestmark = pytest.mark.django_db


def url(community, objective=None):
    base = f"/km/communities/{community.slug}/objectives/"
    return f"{base}{objective.pk}/" if objective else base


def data(**overrides):
    values = {
        "title_km": "ចងក្រងមេរៀនបទពិសោធន៍",
        "title_en": "",
        "description_km": "",
        "description_en": "",
        "target_date": "2027-06-30",
        "progress": "20",
    }
    values.update(overrides)
    return values


def test_the_facilitator_adds_two_objectives_and_sees_overall_progress(
    client, facilitator, community
):
    client.force_login(facilitator)
    assert client.post(url(community), data()).status_code == 302
    assert client.post(url(community), data(title_km="បណ្តុះបណ្តាល", progress="60")).status_code == 302
    assert community.objectives.count() == 2
    html = client.get(f"/km/communities/{community.slug}/about/").content.decode()
    assert "៤០%" in html  # Khmer digits on Khmer pages


def test_marking_achieved_dates_it_and_completes_progress(client, facilitator, community):
    objective = ObjectiveFactory(community=community, progress=70)
    client.force_login(facilitator)
    assert edit(client, url(community, objective), achieved=True).status_code == 302
    objective.refresh_from_db()
    assert objective.progress == 100
    assert objective.achieved_on == timezone.localdate()


@pytest.mark.parametrize("progress", ["-5", "150"])
def test_progress_outside_0_to_100_is_refused_and_the_text_kept(
    client, facilitator, community, progress
):
    client.force_login(facilitator)
    page = client.post(url(community), data(progress=progress))
    assert page.status_code == 200
    assert page.context["form"].has_error("progress")
    assert "ចងក្រងមេរៀនបទពិសោធន៍" in page.content.decode()
    assert not Objective.objects.exists()


def test_an_objective_of_another_community_answers_404(client, facilitator, community):
    elsewhere = ObjectiveFactory(community=CommunityFactory())
    client.force_login(facilitator)
    assert client.post(url(community, elsewhere), data()).status_code == 404
    assert client.get(url(community, elsewhere)).status_code == 404


def test_members_cannot_change_objectives(client, member_a, community):
    client.force_login(member_a)
    assert client.post(url(community), data()).status_code == 403
