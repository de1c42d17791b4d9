import re

import pytest

from activities.models import Activity
from activities.services import update_activity
from cop_portal.core.services import Stale
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    ObjectiveFactory,
    OrganizationFactory,
    ParticipationFactory,
)
from tests.page_forms import browser, edit, form_values, send, typed

pytestmark = pytest.mark.django_db

NEW = "/km/activities/new/"


@pytest.fixture
def activity_type(db):
    return ActivityTypeFactory(code="visit")


def data(community, organization, activity_type, **overrides):
    values = {
        "community": community.pk,
        "activity_type": activity_type.pk,
        "title_km": "វេទិកាសាធារណៈស្តីពីសិទ្ធិស្ត្រី",
        "title_en": "",
        "summary_km": "",
        "summary_en": "",
        "lead_organization": organization.pk,
        "status": "done",
        "start_date": "2026-11-20",
        "end_date": "",
        "mode": "in_person",
        "place": "សាលាឃុំ",
        "province": "07",
        "participants_total": "20",
        "participants_women": "12",
        "participants_men": "8",
        "participants_disability": "2",
        "participants_youth": "5",
        "participants_elderly": "3",
        "participants_indigenous": "0",
        "outcomes_km": "",
        "outcomes_en": "",
        "lessons_learned_km": "ត្រូវអញ្ជើញមេឃុំឱ្យបានមុន",
        "lessons_learned_en": "",
        "follow_up": "",
    }
    values.update(overrides)
    return values


def test_a_member_logs_a_done_activity_with_disaggregated_figures(
    client, member_a, community, organization_a, activity_type
):
    client.force_login(member_a)
    page = client.post(NEW, data(community, organization_a, activity_type))
    activity = Activity.objects.get()
    assert page.status_code == 302 and page.url.startswith(f"/km/activities/{activity.pk}/")
    assert (activity.participants_women, activity.participants_men) == (12, 8)
    assert activity.created_by == member_a
    html = client.get(page.url).content.decode()
    assert "វេទិកាសាធារណៈស្តីពីសិទ្ធិស្ត្រី" in html and "ត្រូវអញ្ជើញមេឃុំឱ្យបានមុន" in html


def test_wrong_figures_are_refused_on_their_field_in_khmer_and_nothing_is_lost(
    client, member_a, community, organization_a, activity_type
):
    client.force_login(member_a)
    page = client.post(NEW, data(community, organization_a, activity_type, participants_women="30"))
    html = page.content.decode()
    assert page.status_code == 200
    assert page.context["form"].errors["participants_women"] == [
        "ស្ត្រី (៣០) មិនអាចលើសពីចំនួនសរុប (២០) បានទេ។"  # the figures in Khmer digits
    ]
    assert "ស្ត្រី (៣០) មិនអាចលើសពីចំនួនសរុប (២០) បានទេ។" in html
    assert 'value="30"' in html and "វេទិកាសាធារណៈស្តីពីសិទ្ធិស្ត្រី" in html
    assert "ត្រូវអញ្ជើញមេឃុំឱ្យបានមុន" in html
    assert not Activity.objects.exists()


def test_women_and_men_together_above_the_total_are_refused(
    client, member_a, community, organization_a, activity_type
):
    client.force_login(member_a)
    page = client.post(
        NEW,
        data(
            community, organization_a, activity_type, participants_women="15", participants_men="10"
        ),
    )
    assert page.context["form"].has_error("participants_men")


def test_the_form_starts_with_the_only_community_and_organisation_a_member_has(
    client, member_a, community, organization_a
):
    def chosen(html, name):
        select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
        return re.findall(r'<option value="(\d+)" selected>', select)

    client.force_login(member_a)
    html = client.get(NEW).content.decode()
    assert chosen(html, "community") == [str(community.pk)]
    assert chosen(html, "lead_organization") == [str(organization_a.pk)]
    # With a second community, the person chooses.
    ParticipationFactory(organization=organization_a)
    assert chosen(client.get(NEW).content.decode(), "community") == []


def test_a_member_logs_only_for_their_own_organisation(
    client, member_a, community, organization_a, activity_type
):
    other = OrganizationFactory()
    ParticipationFactory(community=community, organization=other)
    client.force_login(member_a)
    page = client.post(NEW, data(community, other, activity_type))
    assert page.status_code == 200
    assert page.context["form"].has_error("lead_organization")


def test_objectives_of_another_community_are_refused(
    client, facilitator, community, organization_a, activity_type
):
    elsewhere = ObjectiveFactory()
    ParticipationFactory(community=elsewhere.community, organization=organization_a)
    elsewhere.community.facilitators.add(facilitator)
    client.force_login(facilitator)
    page = client.post(
        NEW, data(community, organization_a, activity_type, objectives=[elsewhere.pk])
    )
    assert page.status_code == 200
    assert page.context["form"].has_error("objectives")


def test_a_member_of_another_organisation_cannot_see_or_edit(
    client, member_b, community, organization_a
):
    activity = ActivityFactory(community=community, lead_organization=organization_a)
    client.force_login(member_b)
    for path in ("", "edit/", "delete/"):
        assert client.get(f"/km/activities/{activity.pk}/{path}").status_code == 404
    assert activity not in client.get("/km/activities/").context["page"].object_list


def test_a_colleague_of_another_organisation_inside_cannot_edit(client, community, organization_a):
    from tests.factories import UserFactory

    partner = OrganizationFactory()
    ParticipationFactory(community=community, organization=partner)
    colleague = UserFactory(organization=partner)
    activity = ActivityFactory(community=community, lead_organization=organization_a)
    client.force_login(colleague)
    assert client.get(f"/km/activities/{activity.pk}/").status_code == 200
    assert client.get(f"/km/activities/{activity.pk}/edit/").status_code == 403


@pytest.fixture
def opened(client, member_a, community, organization_a):
    """An activity whose edit page member A has open: (activity, its edit address, what
    the page's form sends)."""
    activity = ActivityFactory(community=community, lead_organization=organization_a)
    url = f"/km/activities/{activity.pk}/edit/"
    client.force_login(member_a)
    return activity, url, form_values(client.get(url))


def test_two_people_changing_the_same_field_the_second_keeps_theirs_knowingly(
    client, opened, focal_point_a
):
    """Both change the place: the second is told the first's, and their own is kept in the
    form; saving it then is a choice made knowing the other's."""
    activity, url, mine = opened
    assert edit(browser(focal_point_a), url, place="ភ្នំពេញ").status_code == 302
    page = send(client, url, typed(mine, place="កំពត"))
    assert page.status_code == 409
    html = page.content.decode()
    assert "ភ្នំពេញ" in html  # theirs, in the list of what changed
    assert "អ្នកក៏បានកែប្រែវាដែរ" in html  # both changed it
    assert 'value="កំពត"' in html  # the form keeps mine
    assert send(client, url, form_values(page)).status_code == 302
    activity.refresh_from_db()
    assert activity.place == "កំពត" and activity.version == 3


def test_after_a_409_partners_and_objectives_only_the_other_changed_stay(
    client, opened, focal_point_a, community
):
    """Many-to-many fields too: the second person changed the place only, so the partner
    and the objective the first person ticked are kept."""
    partner = OrganizationFactory()
    ParticipationFactory(community=community, organization=partner)
    objective = ObjectiveFactory(community=community)
    activity, url, mine = opened
    changes = {"partner_organizations": [partner.pk], "objectives": [objective.pk]}
    assert edit(browser(focal_point_a), url, **changes).status_code == 302
    page = send(client, url, typed(mine, place="កំពត"))
    assert page.status_code == 409
    assert send(client, url, form_values(page)).status_code == 302
    activity.refresh_from_db()
    assert activity.place == "កំពត"
    assert list(activity.partner_organizations.all()) == [partner]
    assert list(activity.objectives.all()) == [objective]


def test_the_service_refuses_a_stale_version(member_a, community, organization_a):
    activity = ActivityFactory(community=community, lead_organization=organization_a)
    update_activity(by=member_a, activity=activity, version=1, data={"place": "ក"})
    with pytest.raises(Stale) as stale:
        update_activity(
            by=member_a,
            activity=Activity.objects.get(pk=activity.pk),
            version=1,
            data={"place": "ខ"},
        )
    assert stale.value.current.place == "ក"
    activity.refresh_from_db()
    assert activity.place == "ក" and activity.version == 2


def test_deleting_is_confirmed_and_soft_and_an_admin_restores(
    client, member_a, admin, community, organization_a
):
    activity = ActivityFactory(community=community, lead_organization=organization_a)
    client.force_login(member_a)
    assert client.get(f"/km/activities/{activity.pk}/delete/").status_code == 200
    client.post(f"/km/activities/{activity.pk}/delete/", {"confirm": "1"})
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert Activity.all_objects.filter(pk=activity.pk, deleted_by=member_a).exists()
    assert client.get(f"/km/activities/{activity.pk}/").status_code == 404
    client.force_login(admin)
    client.post(
        "/admin/activities/activity/", {"action": "restore", "_selected_action": [activity.pk]}
    )
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_the_list_filters_and_runs_constant_queries(
    client, member_a, community, organization_a, django_assert_max_num_queries
):
    ActivityFactory.create_batch(
        5, community=community, lead_organization=organization_a, status="done"
    )
    client.force_login(member_a)
    with django_assert_max_num_queries(10):
        client.get("/km/activities/")
    ActivityFactory.create_batch(
        45, community=community, lead_organization=organization_a, status="planned"
    )
    with django_assert_max_num_queries(10):
        page = client.get("/km/activities/")
    assert page.context["page"].paginator.count == 50
    page = client.get("/km/activities/", {"status": "planned"})
    assert page.context["page"].paginator.count == 45
    page = client.get(f"/km/communities/{community.slug}/activities/")
    assert page.context["page"].paginator.count == 50


def test_on_a_phone_the_list_comes_before_a_screen_of_filters(client, member_a, community):
    """The text search stays in view; the seven other filters fold under one summary,
    opened (with their number) once some are chosen, so the choice is seen and undone."""
    client.force_login(member_a)
    html = client.get("/km/activities/").content.decode()
    folded = re.search(r"<details class=\"more-filters\">(.*?)</details>", html, re.S).group(1)
    assert "តម្រងផ្សេងទៀត" in folded  # "More filters"
    assert 'name="status"' in folded and 'name="q"' not in folded
    assert html.index('name="q"') < html.index('<details class="more-filters"')

    html = client.get("/km/activities/?status=done&province=12&q=").content.decode()
    assert '<details class="more-filters" open>' in html
    assert "តម្រងផ្សេងទៀត (បានជ្រើសរើស ២)" in html  # "2 chosen", in Khmer digits


def submission_of(client):
    html = client.get(NEW).content.decode()
    return re.search(r'name="submission" value="([0-9a-f-]{36})"', html).group(1)


def test_the_same_form_sent_twice_logs_one_activity(
    client, member_a, community, organization_a, activity_type
):
    """A second tap on Save over a slow connection, or a browser's retry, sends the form
    again: the person lands on the one activity, and the figures count it once."""
    client.force_login(member_a)
    form = data(community, organization_a, activity_type, submission=submission_of(client))
    first, second = client.post(NEW, form), client.post(NEW, form)
    assert Activity.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert first.url.startswith(f"/km/activities/{Activity.objects.get().pk}/")


def test_a_form_changed_and_sent_again_or_shown_anew_logs_another(
    client, member_a, community, organization_a, activity_type
):
    client.force_login(member_a)
    submission = submission_of(client)
    client.post(NEW, data(community, organization_a, activity_type, submission=submission))
    # Back to the same form, another title: a second activity, not the first one again.
    client.post(
        NEW,
        data(community, organization_a, activity_type, submission=submission, title_km="ទីពីរ"),
    )
    # The same content from a form shown again: the same meeting held twice is two.
    client.post(
        NEW, data(community, organization_a, activity_type, submission=submission_of(client))
    )
    assert Activity.objects.count() == 3
