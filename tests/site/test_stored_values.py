"""Stored values that cannot break a page (issue 17, point 4).

Forms make line breaks line feeds and refuse control characters and dates outside the
years 1900 to 2100, in the reader's language. Whatever the database holds all the same
(written by the admin, an import or the shell, as the tests below write it), the exports
open, the iCal feed parses and the pages answer."""

import csv
import datetime
import importlib
import inspect
import io

import pytest
from django import forms
from django.contrib import admin as django_admin
from django.db import connection, models
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook

from activities.forms import COUNT_FIELDS
from activities.models import Activity, ActivityType
from communities.models import Community, Objective, Participation, Post
from cop_portal.core.admin_mixins import StoredValuesAdminMixin
from cop_portal.core.exports import CELL_LIMIT, cell
from cop_portal.core.forms import StoredValuesMixin
from members.models import Organization, Topic
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    ObjectiveFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

CONTROL_REFUSED = "អត្ថបទនេះមានតួអក្សរបញ្ជាដែលមើលមិនឃើញ"  # "This text holds … control character"
YEAR_REFUSED = "សូមផ្តល់កាលបរិច្ឆេទចន្លោះឆ្នាំ ១៩០០ និង ២១០០"  # "… between 1900 and 2100"


# Forms ---------------------------------------------------------------------------------


def _activity_form(community, organization_a, **fields):
    return {
        "community": community.pk,
        "activity_type": ActivityTypeFactory().pk,
        "title_km": "វេទិកាស្ត្រី",
        "lead_organization": organization_a.pk,
        "status": "planned",
        "start_date": "2026-03-08",
        "mode": "in_person",
        **dict.fromkeys(COUNT_FIELDS, "0"),
        **fields,
    }


def test_a_vertical_tab_and_windows_line_ends_are_kept_as_line_breaks(
    client, member_a, community, organization_a
):
    client.force_login(member_a)
    page = client.post(
        "/km/activities/new/",
        _activity_form(community, organization_a, summary_km="ជួរទីមួយ\x0bជួរទីពីរ\r\nជួរទីបី\rជួរទីបួន"),
    )
    assert page.status_code == 302
    activity = Activity.objects.get()
    assert activity.summary_km == "ជួរទីមួយ\nជួរទីពីរ\nជួរទីបី\nជួរទីបួន"


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x08", "\x0c", "\x1b", "\x1f", "\ufffe"])
def test_a_control_character_is_refused_on_its_field_in_khmer_with_the_text_kept(
    client, member_a, community, organization_a, control
):
    client.force_login(member_a)
    page = client.post(
        "/km/activities/new/",
        _activity_form(community, organization_a, title_km=f"វេទិកា{control}ស្ត្រី"),
    )
    assert page.status_code == 200
    assert CONTROL_REFUSED in page.content.decode()
    assert page.context["form"].errors["title_km"]
    assert not Activity.objects.exists()


def test_tabs_and_line_breaks_are_welcome(client, member_a, community, organization_a):
    client.force_login(member_a)
    page = client.post(
        "/km/activities/new/",
        _activity_form(community, organization_a, summary_km="មួយ\tពីរ\nបី"),
    )
    assert page.status_code == 302
    assert Activity.objects.get().summary_km == "មួយ\tពីរ\nបី"


def test_a_reply_with_a_control_character_is_refused_in_english_on_english_pages(
    client, member_a, community
):
    from communities.models import Discussion

    discussion = Discussion.objects.create(
        community=community, title="ប្រធានបទ", started_by=member_a
    )
    client.force_login(member_a)
    page = client.post(
        f"/en/communities/{community.slug}/discussions/{discussion.pk}/",
        {"text": "Thank you\x07 all"},
    )
    assert page.status_code == 200
    assert "invisible control character" in page.content.decode()
    assert not Post.objects.filter(text__contains="Thank you").exists()


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_a_date_outside_1900_to_2100_is_a_form_error_in_khmer(
    client, member_a, community, organization_a, day
):
    client.force_login(member_a)
    page = client.post(
        "/km/activities/new/", _activity_form(community, organization_a, start_date=day)
    )
    assert page.status_code == 200
    assert YEAR_REFUSED in page.content.decode()
    assert not Activity.objects.exists()


@pytest.mark.parametrize("day", ["1900-01-01", "2100-12-31"])
def test_the_first_and_last_days_of_the_range_are_accepted(
    client, member_a, community, organization_a, day
):
    client.force_login(member_a)
    page = client.post(
        "/km/activities/new/",
        _activity_form(community, organization_a, start_date=day, end_date=day),
    )
    assert page.status_code == 302


def test_an_objective_far_off_is_refused_too(client, facilitator, community):
    client.force_login(facilitator)
    page = client.post(
        f"/km/communities/{community.slug}/objectives/",
        {"title_km": "គោលបំណង", "progress": "0", "target_date": "9999-12-31"},
    )
    assert page.status_code == 200
    assert YEAR_REFUSED in page.content.decode()
    assert not Objective.objects.exists()


def test_the_admin_refuses_control_characters_and_far_dates_too(client, admin, community):
    client.force_login(admin)
    page = client.post(
        "/admin/communities/objective/add/",
        {"community": community.pk, "title_km": "គោល\x0bបំណង\x01", "progress": "0"},
    )
    assert page.status_code == 200
    assert CONTROL_REFUSED in page.content.decode()
    page = client.post(
        "/admin/communities/objective/add/",
        {
            "community": community.pk,
            "title_km": "គោលបំណង",
            "progress": "0",
            "target_date": "9999-12-31",
        },
    )
    assert page.status_code == 200
    assert YEAR_REFUSED in page.content.decode()
    assert not Objective.objects.exists()


def _portal_forms():
    for app in ("members", "communities", "activities"):
        module = importlib.import_module(f"{app}.forms")
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                yield value


def test_every_form_of_the_portal_checks_what_it_stores():
    """A form added without StoredValuesMixin (ServiceModelForm has it) fails here."""
    unchecked = [
        form.__name__
        for form in _portal_forms()
        if not issubclass(form, StoredValuesMixin) and form.__name__ != "SignInForm"
    ]
    assert unchecked == []


def test_every_admin_page_of_the_portal_checks_what_it_stores():
    ours = [
        model_admin
        for model_admin in django_admin.site._registry.values()
        if type(model_admin).__module__.split(".")[0] in {"members", "communities", "activities"}
    ]
    inlines = [inline for model_admin in ours for inline in model_admin.inlines]
    assert ours and inlines
    assert [type(a).__name__ for a in ours if not isinstance(a, StoredValuesAdminMixin)] == []
    assert [i.__name__ for i in inlines if not issubclass(i, StoredValuesAdminMixin)] == []


# Values stored by other means -------------------------------------------------------------

# Every C0 control character (NUL too where the database can hold it: PostgreSQL cannot),
# the non-characters XML refuses, a formula behind a control character, and Khmer.
CONTROLS = "".join(map(chr, range(1, 32)))


def _worst(length: int | None) -> str:
    nul = "\x00" if connection.vendor == "sqlite" else ""
    text = f'\x01=HYPERLINK("http://evil.example"){nul}{CONTROLS}\ufffe\uffffស្ត្រី\x0bបុរស '
    return (text * (100_000 // len(text) + 1))[: length or 100_000]


# Columns that are identifiers or addresses, not text a person types.
NOT_TYPED = {"slug", "code", "website", "contact_email", "url", "file_name", "content_type"}


def _store_worst_text(queryset) -> None:
    """Every typed text column of the rows, through the database as an import would:
    no form, no check. Short columns are filled up to their length, long ones with 100,000
    characters."""
    model = queryset.model
    names = {field.name for field in model._meta.concrete_fields}
    values = {
        field.attname: _worst(field.max_length)
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.name not in NOT_TYPED
        and f"{field.name}_km" not in names  # modeltranslation's column: the _km/_en ones
    }
    queryset.update(**values)


@pytest.fixture
def worst_values(community, organization_a, facilitator):
    """A community whose every text holds control characters, long texts and formulas,
    with activities on the first and last days a date column can hold."""
    topic = TopicFactory()
    organization_a.offers.add(topic)
    activity_type = ActivityTypeFactory()
    far = [
        (datetime.date(1, 1, 1), datetime.date(1, 1, 1)),
        (datetime.date(1, 1, 1), datetime.date(9999, 12, 31)),
        (datetime.date(9999, 12, 31), datetime.date(9999, 12, 31)),
        (timezone.localdate(), None),
    ]
    for start, end in far:
        activity = ActivityFactory(
            community=community,
            lead_organization=organization_a,
            activity_type=activity_type,
            status="done",
        )
        activity.partner_organizations.add(organization_a)
        Activity.objects.filter(pk=activity.pk).update(start_date=start, end_date=end)
    objective = ObjectiveFactory(community=community)
    objective.activities.add(*Activity.objects.all())
    Objective.objects.filter(pk=objective.pk).update(target_date=datetime.date(9999, 12, 31))
    Community.objects.filter(pk=community.pk).update(
        start_date=datetime.date(1, 1, 1), planned_end_date=datetime.date(9999, 12, 31)
    )
    Participation.objects.filter(community=community).update(joined_on=datetime.date(1, 1, 1))
    for queryset in (
        Activity.objects.all(),
        Community.objects.filter(pk=community.pk),
        Organization.objects.filter(pk=organization_a.pk),
        ActivityType.objects.filter(pk=activity_type.pk),
        Objective.objects.all(),
        Topic.objects.all(),
    ):
        _store_worst_text(queryset)
    return community


def _content(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _cells(response) -> list:
    workbook = load_workbook(io.BytesIO(_content(response)))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


# What a file cannot hold: every control character but tab and the line ends.
DROPPED = set(CONTROLS) - set("\t\n\r")


@pytest.mark.parametrize("who", ["admin", "facilitator", "member_a"])
def test_the_activity_exports_open_whatever_is_stored(client, worst_values, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/km/activities/export.xlsx")
    assert response.status_code == 200
    cells = _cells(response)
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert len([text for text in texts if "HYPERLINK" in text]) >= 4  # every activity's title
    assert all(len(text) <= CELL_LIMIT for text in texts)
    assert not [cell for cell in cells if cell.data_type == "f"]  # nothing runs
    assert not [text for text in texts if DROPPED & set(text)]
    assert "0001-01-01" in texts and "9999-12-31" in texts
    body = _content(client.get("/km/activities/export.csv")).decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"), newline="")))
    assert len(rows) == 5  # the header and four activities
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert "\x01" not in body and "\ufffe" not in body


@pytest.mark.parametrize("who", ["admin", "facilitator"])
def test_the_programme_export_opens_whatever_is_stored(client, worst_values, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/km/reports/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(_content(response)))
    assert len(workbook.sheetnames) == 2  # the summary and the community's own sheet
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    values = [value for sheet in workbook.worksheets for row in sheet.values for value in row]
    assert "0001-01" in values and "9999-12" in values  # the far months, each on its own row
    assert len(values) < 10_000  # no 120,000 empty months between them


def test_the_calendar_feed_parses_whatever_is_stored(client, worst_values, member_a):
    client.force_login(member_a)
    client.post("/km/activities/calendar/link/", {"action": "renew"})
    member_a.refresh_from_db()
    response = client.get("/km/activities/calendar.ics", {"token": member_a.calendar_token})
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 2  # today's and the one in 9999; the year 1 is too long ago
    last = next(e for e in events if e.decoded("dtstart") == datetime.date(9999, 12, 31))
    assert "dtend" not in last  # a one-day event: the day after it cannot be written
    assert not [event for event in events if DROPPED & set(str(event["summary"]))]
    assert "ស្ត្រី\nបុរស" in str(last["summary"])  # Shift+Enter is a line break


def test_the_pages_answer_whatever_is_stored(client, worst_values, facilitator, organization_a):
    client.force_login(facilitator)
    activity = Activity.objects.order_by("pk").first()
    slug = worst_values.slug
    for address in [
        "/km/dashboard/",
        "/km/activities/",
        f"/km/activities/{activity.pk}/",
        f"/km/activities/{activity.pk}/edit/",
        f"/km/activities/calendar/?month={timezone.localdate():%Y-%m}",
        "/km/activities/?date_from=9999-12-31&q=%01",
        f"/km/communities/{slug}/",
        f"/km/communities/{slug}/activities/",
        f"/km/communities/{slug}/report/",
        f"/km/communities/{slug}/objectives/",
        f"/km/communities/{slug}/members/",
        "/km/reports/",
        "/en/reports/",
        f"/km/organizations/{organization_a.slug}/",
        "/km/knowledge/",
        "/km/search/?q=ស្ត្រី",
    ]:
        assert client.get(address).status_code == 200, address


def test_the_export_cell_writer_drops_what_a_file_cannot_hold():
    assert cell("\x01=1+1") == "'=1+1"  # cleaned first: a formula behind a control character
    assert cell("ស្ត្រី\x0bបុរស\x00") == "ស្ត្រី\nបុរស"
    assert cell("\t\r\n") == "'\t\r\n"  # tabs and line ends stay (quoted: a tab leads)


# The calendar's month ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "month", ["9999-12", "0001-01", "1899-12", "2101-01", "2026-13", "2026-00", "abc", "2026-3"]
)
def test_a_month_no_date_falls_in_is_the_translated_404(client, member_a, month):
    client.force_login(member_a)
    page = client.get("/km/activities/calendar/", {"month": month})
    assert page.status_code == 404
    assert "រកមិនឃើញទំព័រ" in page.content.decode()  # "Page not found"


def test_the_calendar_stops_at_the_first_and_last_months_of_the_range(client, member_a):
    client.force_login(member_a)
    first = client.get("/km/activities/calendar/", {"month": "1900-01"})
    last = client.get("/km/activities/calendar/", {"month": "2100-12"})
    assert first.status_code == last.status_code == 200
    assert 'rel="prev"' not in first.content.decode() and 'rel="next"' in first.content.decode()
    assert 'rel="next"' not in last.content.decode() and 'rel="prev"' in last.content.decode()
