"""One visual language (issue 19, point 2): a status is a colour, an icon and a word; an
organisation has an avatar of its initials; a photo shows as a thumbnail beside its name."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.template import Context, Template

from activities.models import Activity, Attachment
from activities.services import log_activity
from cop_portal.templatetags.portal import initials
from members.models import Organization
from tests.factories import ActivityFactory, ActivityTypeFactory
from tests.files import PNG


def status(value: str, label: str) -> str:
    return Template('{% include "includes/status.html" with status=value label=label %}').render(
        Context({"value": value, "label": label})
    )


def test_each_status_has_its_own_colour_icon_and_word():
    planned = status("planned", "គ្រោងទុក")
    done = status("done", "បានធ្វើរួច")
    cancelled = status("cancelled", "បានលុបចោល")
    assert 'class="status status-planned"' in planned and "#calendar-clock" in planned
    assert 'class="status status-done"' in done and "#circle-check" in done
    assert 'class="status status-cancelled"' in cancelled and "#circle-x" in cancelled
    assert "<span>គ្រោងទុក</span>" in planned  # the word, not only a colour


@pytest.mark.parametrize(
    ("name", "acronym", "expected"),
    [
        ("បាធាយ RSDOB", "RSDOB", "RSDOB"),
        ("Bophana Center", "", "BC"),
        ("Association of Antiretroviral (ARV) Users", "", "AA"),
        # The word for "organisation" would give every Khmer name the same initial.
        ("អង្គការមនុស្សចាស់កម្ពុជា", "", "ម"),
        # A Khmer consonant keeps its subscript: ស្រ, not ស.
        ("ក្លឹបស្រាវជ្រាវភេទដូចគ្នា", "", "ស្រ"),
        ("ទីសុវត្ថិភាព", "", "ទ"),
    ],
)
def test_initials_of_an_organisation(name, acronym, expected):
    assert initials(Organization(name=name, acronym=acronym)) == expected


@pytest.mark.django_db
def test_the_organisations_taking_part_are_listed_with_their_avatar(client, member_a, community):
    client.force_login(member_a)
    html = client.get(f"/km/communities/{community.slug}/about/").content.decode()
    organization = community.participations.first().organization
    avatar = (
        f'<span class="avatar avatar-{organization.pk % 6}" aria-hidden="true">'
        f"{initials(organization)}</span>"
    )
    assert avatar in html


@pytest.mark.django_db
def test_the_organisation_list_shows_avatars(client, member_a, organization_a):
    client.force_login(member_a)
    html = client.get("/km/organizations/").content.decode()
    assert html.count('class="avatar avatar-') >= 1
    assert f">{initials(organization_a)}</span>" in html


@pytest.mark.django_db
def test_a_photo_of_an_activity_shows_as_a_thumbnail_a_document_as_its_name(
    client, member_a, community, organization_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    activity = ActivityFactory(
        community=community, lead_organization=organization_a, status=Activity.Status.DONE
    )
    photo = Attachment.objects.create(
        activity=activity,
        file=ContentFile(PNG, name="forum.png"),
        file_name="forum.png",
        caption="វេទិកាស្ត្រីខេត្តបាត់ដំបង",
        content_type="image/png",
        size=len(PNG),
    )
    Attachment.objects.create(
        activity=activity,
        file=ContentFile(b"%PDF-1.4 report", name="report.pdf"),
        file_name="report.pdf",
        content_type="application/pdf",
        size=15,
    )
    client.force_login(member_a)
    html = client.get(f"/km/activities/{activity.pk}/").content.decode()
    thumb = f"/km/activities/{activity.pk}/attachments/{photo.pk}/?size=thumb"
    assert html.count('class="attachment-thumb"') == 1
    assert f'src="{thumb}"' in html
    assert "<span>វេទិកាស្ត្រីខេត្តបាត់ដំបង</span></a>" in html
    assert "<span>report.pdf</span></a>" in html
    assert 'class="status status-done"' in html
    # The thumbnail answers with a small JPEG.
    answer = client.get(thumb)
    assert answer.status_code == 200 and answer["Content-Type"] == "image/jpeg"


@pytest.mark.django_db
def test_a_stream_card_without_a_photo_shows_the_organisation_s_avatar(
    client, member_a, community, organization_a
):
    log_activity(
        by=member_a,
        community=community,
        activity_type=ActivityTypeFactory(),
        lead_organization=organization_a,
        start_date=datetime.date(2026, 11, 20),
        status=Activity.Status.DONE,
        title_km="ការពិភាក្សាក្រុម",
    )
    client.force_login(member_a)
    html = client.get("/km/dashboard/").content.decode()
    stream = html[html.index('<ol class="stream">') :]
    assert f">{initials(organization_a)}</span>" in stream
