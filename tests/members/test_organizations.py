"""Organisation pages: the list, an organisation's page, and its focal point's edit form."""

import re

import pytest

from activities.models import Activity
from communities.models import Community
from members.models import Organization
from tests.factories import (
    ActivityFactory,
    CommunityFactory,
    OrganizationFactory,
    ParticipationFactory,
    TopicFactory,
    UserFactory,
)
from tests.page_forms import edit, form_values, typed

pytestmark = pytest.mark.django_db

LIST = "/km/organizations/"


def page_of(organization, language="km"):
    return f"/{language}/organizations/{organization.slug}/"


def edit_of(organization):
    return f"/km/organizations/{organization.slug}/edit/"


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- Who may open what ------------------------------------------------------------------


def test_visitors_are_sent_to_sign_in(client, organization_a):
    for url in (LIST, page_of(organization_a), edit_of(organization_a), "/km/knowledge/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/km/accounts/login/"), url


def test_an_unknown_or_inactive_organisation_is_not_found(client, member_a, admin):
    closed = OrganizationFactory(name_km="អង្គការឈប់ដំណើរការ", is_active=False)
    client.force_login(member_a)
    assert client.get("/km/organizations/no-such-organisation/").status_code == 404
    assert client.get(page_of(closed)).status_code == 404
    client.force_login(admin)
    assert "អង្គការឈប់ដំណើរការ" in html(client, page_of(closed))


# --- The list ---------------------------------------------------------------------------


def test_the_list_shows_active_organisations_and_what_they_offer(client, member_a):
    sign_language = TopicFactory(name_km="ភាសាសញ្ញា", name_en="Sign language")
    OrganizationFactory(
        name_km="អង្គការជនពិការភ្នែក", acronym="ABC", target_group="disability", province="12"
    ).offers.add(sign_language)
    OrganizationFactory(name_km="អង្គការឈប់ដំណើរការ", is_active=False)
    client.force_login(member_a)
    page = html(client, LIST)
    assert "អង្គការជនពិការភ្នែក" in page
    assert "ABC" in page
    assert "ភាសាសញ្ញា" in page  # what it offers, in Khmer
    assert "ភ្នំពេញ" in page  # its province
    assert "អង្គការឈប់ដំណើរការ" not in page


def test_the_search_matches_khmer_english_and_acronyms(client, member_a):
    OrganizationFactory(name_km="អង្គការនារីដើម្បីសន្តិភាព", name_en="Women for Peace", acronym="WFP")
    OrganizationFactory(name_km="អង្គការមនុស្សចាស់កម្ពុជា", name_en="Cambodian Elderly")
    client.force_login(member_a)
    for query in ("នារី", "peace", "wfp", "\u200bនារីដើម្បី"):  # a zero-width space typed
        page = html(client, f"{LIST}?q={query}")
        assert "អង្គការនារីដើម្បីសន្តិភាព" in page, query
        assert "អង្គការមនុស្សចាស់កម្ពុជា" not in page, query


def test_the_list_filters_by_target_group_province_and_topic(client, member_a):
    advocacy = TopicFactory(slug="advocacy")
    OrganizationFactory(name_km="អង្គការក", target_group="indigenous", province="01")
    OrganizationFactory(name_km="អង្គការខ", target_group="lgbtqi", province="12").offers.add(
        advocacy
    )
    client.force_login(member_a)
    by_group = html(client, f"{LIST}?target_group=indigenous")
    assert "អង្គការក" in by_group and "អង្គការខ" not in by_group
    by_province = html(client, f"{LIST}?province=12")
    assert "អង្គការខ" in by_province and "អង្គការក" not in by_province
    by_topic = html(client, f"{LIST}?offers=advocacy")
    assert "អង្គការខ" in by_topic and "អង្គការក" not in by_topic


def test_a_members_only_community_is_no_filter_choice_for_outsiders(
    client, member_a, member_b, organization_a
):
    hidden = CommunityFactory(name_km="ក្រុមសម្ងាត់", slug="hidden")
    ParticipationFactory(community=hidden, organization=organization_a)
    client.force_login(member_b)
    page = html(client, LIST)
    assert "ក្រុមសម្ងាត់" not in page
    # Asking for it by its slug filters nothing out: it is not a choice.
    assert f'href="{page_of(organization_a)}"' in html(client, f"{LIST}?community=hidden")
    client.force_login(member_a)
    assert "ក្រុមសម្ងាត់" in html(client, LIST)


def test_the_list_runs_a_constant_number_of_queries(
    client, member_a, django_assert_max_num_queries
):
    topics = [TopicFactory() for _ in range(3)]
    community = CommunityFactory(visibility=Community.Visibility.PUBLIC)

    def add(count):
        for _ in range(count):
            organization = OrganizationFactory()
            organization.offers.set(topics)
            ParticipationFactory(community=community, organization=organization)

    client.force_login(member_a)
    add(5)
    with django_assert_max_num_queries(10):
        assert client.get(LIST).status_code == 200
    add(45)
    with django_assert_max_num_queries(10):
        assert client.get(LIST).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(f"{LIST}?community={community.slug}&q=អង្គការ").status_code == 200


# --- An organisation's page -------------------------------------------------------------


def test_the_page_shows_the_profile_and_what_it_offers_and_needs(client, member_b):
    organization = OrganizationFactory(
        name_km="អង្គការនារីដើម្បីសន្តិភាព",
        description_km="ធ្វើការជាមួយស្ត្រីនៅតាមភូមិ",
        address="ផ្ទះលេខ ១២ ផ្លូវ ៣៤",
        website="https://wfp.example.org/",
        contact_email="info@wfp.example.org",
        contact_phone="012 345 678",
        province="12",
    )
    organization.offers.add(TopicFactory(name_km="ការតស៊ូមតិ"))
    organization.needs.add(TopicFactory(name_km="ការគ្រប់គ្រងហិរញ្ញវត្ថុ"))
    client.force_login(member_b)
    page = html(client, page_of(organization))
    for text in (
        "អង្គការនារីដើម្បីសន្តិភាព",
        "ធ្វើការជាមួយស្ត្រីនៅតាមភូមិ",
        "ផ្ទះលេខ ១២ ផ្លូវ ៣៤",
        'href="https://wfp.example.org/"',
        "mailto:info@wfp.example.org",
        'href="tel:012345678"',
        ">012 345 678</a>",  # a phone number as typed, on a Khmer page too
        "ការតស៊ូមតិ",
        "ការគ្រប់គ្រងហិរញ្ញវត្ថុ",
    ):
        assert text in page, text
    assert page.count("<h1") == 1


def test_an_english_only_description_is_marked_not_yet_translated(client, member_b):
    organization = OrganizationFactory(description_km="", description_en="Works with women")
    client.force_login(member_b)
    page = html(client, page_of(organization))
    assert '<span lang="en">Works with women</span>' in page
    assert 'class="untranslated"' in page


def test_a_members_only_community_never_shows_on_an_outsiders_page(
    client, member_a, member_b, organization_a, admin
):
    public = CommunityFactory(name_km="ក្រុមបើកចំហ", visibility=Community.Visibility.PUBLIC)
    hidden = CommunityFactory(name_km="ក្រុមសម្ងាត់")  # members only
    for community in (public, hidden):
        ParticipationFactory(community=community, organization=organization_a)
    client.force_login(member_b)
    outsider = html(client, page_of(organization_a))
    assert "ក្រុមបើកចំហ" in outsider
    assert "ក្រុមសម្ងាត់" not in outsider and hidden.slug not in outsider
    for person in (member_a, admin):
        client.force_login(person)
        assert "ក្រុមសម្ងាត់" in html(client, page_of(organization_a))


def test_a_community_it_left_is_not_listed(client, member_a, organization_a):
    left = CommunityFactory(name_km="ក្រុមចាស់", visibility=Community.Visibility.PUBLIC)
    ParticipationFactory(community=left, organization=organization_a, left_on="2026-01-31")
    client.force_login(member_a)
    assert "ក្រុមចាស់" not in html(client, page_of(organization_a))


def test_the_activity_count_only_counts_what_the_viewer_may_see(
    client, member_a, member_b, organization_a, community
):
    public = CommunityFactory(visibility=Community.Visibility.PUBLIC)
    ParticipationFactory(community=public, organization=organization_a)
    ParticipationFactory(community=public, organization=member_b.organization)
    # Two in A's members-only community, one in the public one B takes part in.
    ActivityFactory.create_batch(2, community=community, lead_organization=organization_a)
    ActivityFactory(community=public, lead_organization=organization_a, status="done")
    client.force_login(member_b)
    assert "It led 1 activity that you can see." in html(client, page_of(organization_a, "en"))
    client.force_login(member_a)
    assert "It led 3 activities that you can see." in html(client, page_of(organization_a, "en"))
    assert Activity.objects.count() == 3


def test_its_people_are_named_only_to_its_own_people_facilitators_and_admins(
    client, organization_a, community, member_a, member_b, facilitator, admin
):
    UserFactory(organization=organization_a, full_name="ស្រី សុភា")
    UserFactory(organization=organization_a, full_name="ចាន់ ដារ៉ា", is_active=False)
    for person in (member_a, facilitator, admin):
        client.force_login(person)
        page = html(client, page_of(organization_a))
        assert "ស្រី សុភា" in page, person
        assert "ចាន់ ដារ៉ា" not in page  # no longer active
    outsider = UserFactory(is_facilitator=True)  # facilitates none of A's communities
    for person in (member_b, outsider):
        client.force_login(person)
        assert "ស្រី សុភា" not in html(client, page_of(organization_a))


def test_only_those_who_may_edit_see_the_edit_link(
    client, organization_a, focal_point_a, member_a, admin
):
    link = f'href="{edit_of(organization_a)}"'
    for person, expected in ((focal_point_a, True), (admin, True), (member_a, False)):
        client.force_login(person)
        assert (link in html(client, page_of(organization_a))) is expected, person


def test_the_page_runs_a_constant_number_of_queries(
    client, organization_a, member_a, django_assert_max_num_queries
):
    def add(count):
        for _ in range(count):
            community = CommunityFactory()
            ParticipationFactory(community=community, organization=organization_a)
            ActivityFactory(community=community, lead_organization=organization_a)
            organization_a.offers.add(TopicFactory())
            organization_a.needs.add(TopicFactory())
            UserFactory(organization=organization_a)
            ParticipationFactory(community=community)  # another organisation

    client.force_login(member_a)
    add(5)
    with django_assert_max_num_queries(10):
        assert client.get(page_of(organization_a)).status_code == 200
    add(45)
    with django_assert_max_num_queries(10):
        assert client.get(page_of(organization_a)).status_code == 200


# --- Editing ----------------------------------------------------------------------------


def edit_data(**changes):
    data = {
        "description_km": "អង្គការរបស់យើងធ្វើការជាមួយយុវជន",
        "description_en": "",
        "address": "ផ្ទះលេខ ៥ ភ្នំពេញ",
        "province": "12",
        "website": "https://example.org/",
        "contact_email": "info@example.org",
        "contact_phone": "012 000 111",
    }
    data.update(changes)
    return data


def test_the_focal_point_edits_the_profile_and_knowledge_map(client, organization_a, focal_point_a):
    advocacy = TopicFactory(name_km="ការតស៊ូមតិ")
    finance = TopicFactory(name_km="ការគ្រប់គ្រងហិរញ្ញវត្ថុ")
    client.force_login(focal_point_a)
    form = html(client, edit_of(organization_a))
    assert "ការតស៊ូមតិ" in form and 'lang="km"' in form
    page = client.get(edit_of(organization_a))
    values = typed(form_values(page), **edit_data(offers=[advocacy.pk], needs=[finance.pk]))
    response = client.post(edit_of(organization_a), values, follow=True)
    assert response.redirect_chain[-1][0] == page_of(organization_a)
    assert "ប្រវត្តិរូបរបស់អង្គការត្រូវបានរក្សាទុក" in response.content.decode() or (
        'class="message message-success"' in response.content.decode()
    )
    organization_a.refresh_from_db()
    assert organization_a.description_km == "អង្គការរបស់យើងធ្វើការជាមួយយុវជន"
    assert organization_a.province == "12"
    assert list(organization_a.offers.all()) == [advocacy]
    assert list(organization_a.needs.all()) == [finance]
    latest = organization_a.history.latest("history_date")
    assert latest.history_user == focal_point_a
    assert latest.description_km == "អង្គការរបស់យើងធ្វើការជាមួយយុវជន"


def test_a_topic_cannot_be_both_offered_and_needed(client, organization_a, focal_point_a):
    advocacy = TopicFactory(name_km="ការតស៊ូមតិ", name_en="Advocacy")
    other = TopicFactory()
    client.force_login(focal_point_a)
    response = client.post(
        f"/en{edit_of(organization_a)[3:]}",
        edit_data(
            description_km="អត្ថបទដែលបានវាយ", offers=[advocacy.pk, other.pk], needs=[advocacy.pk]
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "A topic is either offered or needed, not both" in page
    assert "Advocacy" in page
    # Nothing typed is lost...
    assert "អត្ថបទដែលបានវាយ" in page
    for field, topic in (("offers", advocacy), ("offers", other), ("needs", advocacy)):
        assert re.search(f'name="{field}" value="{topic.pk}"[^>]* checked', page), (field, topic)
    # ...and nothing is saved.
    organization_a.refresh_from_db()
    assert organization_a.description_km != "អត្ថបទដែលបានវាយ"
    assert not organization_a.offers.exists()


def test_the_service_refuses_a_topic_both_offered_and_needed(organization_a, focal_point_a):
    from django.core.exceptions import ValidationError

    from members.services import update_organization

    topic = TopicFactory()
    with pytest.raises(ValidationError):
        update_organization(
            organization=organization_a,
            by=focal_point_a,
            version=organization_a.version,
            data={"offers": [topic], "needs": [topic]},
        )


def test_a_focal_point_of_another_organisation_cannot_edit(client, organization_a, organization_b):
    focal_point_b = UserFactory(organization=organization_b, is_focal_point=True)
    client.force_login(focal_point_b)
    assert client.get(edit_of(organization_a)).status_code == 403
    assert client.post(edit_of(organization_a), edit_data()).status_code == 403
    organization_a.refresh_from_db()
    assert organization_a.address == ""


def test_a_member_who_is_not_the_focal_point_cannot_edit(client, organization_a, member_a):
    client.force_login(member_a)
    assert client.get(edit_of(organization_a)).status_code == 403


def test_an_admin_edits_any_organisation(client, organization_b, admin):
    client.force_login(admin)
    response = edit(client, edit_of(organization_b), **edit_data(address="ផ្លូវ ២៧១"))
    assert response.status_code == 302
    organization_b.refresh_from_db()
    assert organization_b.address == "ផ្លូវ ២៧១"
    assert organization_b.history.latest("history_date").history_user == admin


def test_organisation_names_in_the_list_link_to_their_page(client, member_a, organization_a):
    client.force_login(member_a)
    assert f'href="{page_of(organization_a)}"' in html(client, LIST)
    assert Organization.objects.count() == 1


def test_the_admin_form_refuses_a_topic_both_offered_and_needed(organization_a):
    from django.forms.models import model_to_dict

    from members.admin import OrganizationAdminForm

    topic = TopicFactory()
    data = {
        key: value
        for key, value in model_to_dict(organization_a).items()
        if value is not None and key not in ("offers", "needs")
    }
    other = TopicFactory()
    fine = OrganizationAdminForm(
        {**data, "offers": [topic.pk], "needs": [other.pk]}, instance=organization_a
    )
    assert fine.is_valid(), fine.errors
    form = OrganizationAdminForm(
        {**data, "offers": [topic.pk], "needs": [topic.pk]}, instance=organization_a
    )
    assert not form.is_valid()
    assert list(form.errors) == ["needs"]
