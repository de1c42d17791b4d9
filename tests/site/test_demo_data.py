"""Demo data at scale keeps every rule of the data, and speaks Khmer and English."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from activities.models import Activity
from communities.models import Community, Objective, Participation
from cop_portal.core.models import province_choices
from cop_portal.dev.demo_data import DAYS_AHEAD, generate_demo_data
from cop_portal.seed import load_voice_seed
from members.models import Organization, User

pytestmark = pytest.mark.django_db

KHMER = re.compile("[\u1780-\u17ff]")
TODAY = datetime.date(2026, 6, 15)
SIZES = {"organizations": 5, "communities": 3, "activities": 200}


@pytest.fixture
def generated(db):
    """The Voice seed, then demo data on top of it: returns the generated rows by model."""
    load_voice_seed()
    seeded = {
        model: list(model.objects.values_list("pk", flat=True))
        for model in (Organization, Community, Objective, Activity)
    }
    generate_demo_data(**SIZES, seed=1, today=TODAY)
    return {model: model.objects.exclude(pk__in=pks) for model, pks in seeded.items()}


def test_the_requested_numbers_are_added_to_the_seed(generated):
    assert Organization.objects.count() == 20 + 5
    assert Community.objects.count() == 5 + 3
    assert Activity.objects.count() == 200
    # A focal point and a member per organisation, a facilitator per community.
    assert User.objects.filter(is_focal_point=True).count() == 5
    assert User.objects.filter(organization__isnull=False, is_focal_point=False).count() == 5
    assert User.objects.filter(is_facilitator=True).count() == 3
    for community in generated[Community]:
        assert 2 <= community.objectives.count() <= 4
        assert community.facilitators.filter(is_facilitator=True).count() == 1


def test_demo_people_cannot_sign_in(generated):
    assert User.objects.count() == 13
    assert not any(user.has_usable_password() for user in User.objects.all())


def test_every_organisation_takes_part_and_every_community_has_several(generated):
    assert not Organization.objects.filter(participations__isnull=True).exists()
    for community in generated[Community]:
        assert community.organizations.count() >= 3
        assert community.participations.filter(role=Participation.Role.LEAD).count() == 1


def test_every_activity_keeps_the_participation_rules(generated):
    taking_part = set(Participation.objects.values_list("community_id", "organization_id"))
    objective_community = dict(Objective.objects.values_list("pk", "community_id"))
    activities = Activity.objects.prefetch_related("partner_organizations", "objectives")
    assert len(activities) == 200
    for activity in activities:
        community = activity.community_id
        assert (community, activity.lead_organization_id) in taking_part
        partners = [partner.pk for partner in activity.partner_organizations.all()]
        assert activity.lead_organization_id not in partners
        assert all((community, partner) in taking_part for partner in partners)
        served = [objective.pk for objective in activity.objectives.all()]
        assert all(objective_community[pk] == community for pk in served)
    # The links exist: the checks above did not pass over empty lists.
    assert Activity.partner_organizations.through.objects.count() > 0
    assert Activity.objectives.through.objects.count() > 0


def test_activities_spread_over_three_years_in_real_provinces(generated):
    provinces = {code for code, _label in province_choices()}
    dates = list(Activity.objects.values_list("start_date", flat=True))
    assert min(dates) >= TODAY - datetime.timedelta(days=3 * 365)
    assert max(dates) <= TODAY + datetime.timedelta(days=DAYS_AHEAD)
    assert (max(dates) - min(dates)).days > 2 * 365
    assert set(Activity.objects.values_list("province", flat=True)) <= provinces | {""}
    assert set(Organization.objects.values_list("province", flat=True)) <= provinces | {""}
    # Only activities still to come are planned; done ones have their participants.
    assert not Activity.objects.filter(status="planned", start_date__lte=TODAY).exists()
    assert not Activity.objects.filter(status="done", participants_total=0).exists()


def test_about_a_third_of_the_communities_are_members_only(db):
    load_voice_seed()
    seeded = list(Community.objects.values_list("pk", flat=True))
    generate_demo_data(organizations=9, communities=9, activities=0, seed=2, today=TODAY)
    generated = Community.objects.exclude(pk__in=seeded)
    assert generated.count() == 9
    assert generated.filter(visibility=Community.Visibility.MEMBERS).count() == 3


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Organization, ["name", "description"]),
        (Community, ["name", "domain", "goal"]),
        (Objective, ["title", "description"]),
        (Activity, ["title", "summary", "outcomes", "lessons_learned"]),
    ],
)
def test_every_text_is_written_in_khmer_and_in_english(generated, model, fields):
    columns = (f"{field}_{language}" for field in fields for language in ("km", "en"))
    rows = generated[model].values_list(*columns)
    assert rows
    for row in rows:
        for text_km, text_en in zip(row[::2], row[1::2], strict=True):
            assert KHMER.search(text_km), row
            assert text_en and not KHMER.search(text_en), row
            assert "{" not in text_km + text_en, row  # no placeholder left unfilled


def generate_and_forget(seed):
    """The titles and names generated on this empty database, then rolled back."""
    with transaction.atomic():
        generate_demo_data(**SIZES, seed=seed, today=TODAY)
        made = (
            list(Activity.objects.order_by("pk").values_list("title_km", "title_en")),
            list(Organization.objects.order_by("pk").values_list("name_km", "name_en")),
        )
        transaction.set_rollback(True)
    return made


def test_the_same_seed_gives_the_same_data_on_an_empty_database(db):
    first = generate_and_forget(seed=7)
    assert not Activity.objects.exists()
    assert generate_and_forget(seed=7) == first
    assert generate_and_forget(seed=8) != first


def test_running_it_again_adds_more_without_clashes(generated):
    generate_demo_data(**SIZES, seed=1, today=TODAY)
    assert Organization.objects.count() == 20 + 2 * 5
    assert Community.objects.count() == 5 + 2 * 3
    assert Activity.objects.count() == 2 * 200
    assert User.objects.count() == 2 * 13


def test_the_command_prints_what_it_made_and_how_long_it_took(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command(
        "generate_demo_data",
        "--organisations=5",
        "--communities=3",
        "--activities=200",
        "--seed=3",
        stdout=out,
    )
    assert "5 organisations, 3 communities" in out.getvalue()
    assert "200 activities" in out.getvalue()
    assert re.search(r"generated in \d+\.\d s", out.getvalue())
    assert Activity.objects.count() == 200


def test_the_command_refuses_sizes_that_break_the_rules(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="each organisation takes part in a community"):
        call_command("generate_demo_data", "--organisations=0", "--communities=3")
    assert not Community.objects.exists()


def test_the_command_refuses_to_run_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("generate_demo_data", "--organisations=5", "--communities=3")
    assert not Organization.objects.exists()
