"""Every list page of a community runs a constant number of queries: 5 rows or 50."""

import pytest

from communities.models import Discussion, Idea, IdeaComment, Post, Resource
from tests.factories import ObjectiveFactory, OrganizationFactory, ParticipationFactory, UserFactory

pytestmark = pytest.mark.django_db


def fill(community, author, count):
    for index in range(count):
        idea = Idea.objects.create(community=community, proposed_by=author, title=f"គំនិត {index}")
        IdeaComment.objects.create(idea=idea, author=author, text="យល់ព្រម")
        discussion = Discussion.objects.create(
            community=community, title=f"ការពិភាក្សា {index}", started_by=author
        )
        Post.objects.create(discussion=discussion, author=author, text="សួស្តី")
        Resource.objects.create(
            community=community,
            title=f"ឯកសារ {index}",
            url="https://example.org/",
            uploaded_by=author,
        )
        ObjectiveFactory(community=community)
        organization = OrganizationFactory()
        ParticipationFactory(community=community, organization=organization)
        UserFactory(organization=organization)


@pytest.mark.parametrize(
    "path", ["ideas/", "discussions/", "resources/", "members/", "objectives/"]
)
def test_list_pages_run_a_constant_number_of_queries(
    client, facilitator, community, path, django_assert_max_num_queries
):
    client.force_login(facilitator)
    url = f"/km/communities/{community.slug}/{path}"
    fill(community, facilitator, 5)
    # The navigation's count of what is new is counted once a minute, not on every page.
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    fill(community, facilitator, 45)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_the_library_runs_a_constant_number_of_queries(
    client, facilitator, community, django_assert_max_num_queries
):
    client.force_login(facilitator)
    fill(community, facilitator, 5)
    with django_assert_max_num_queries(10):
        client.get("/km/resources/")
    fill(community, facilitator, 45)
    with django_assert_max_num_queries(10):
        client.get("/km/resources/")
