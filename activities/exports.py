"""Activity exports for spreadsheets: only what the person may see; ISO dates, Latin
digits; streamed row by row so that 100,000 activities do not fill the memory."""

import csv
import tempfile

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from openpyxl import Workbook

from members.models import Organization

from .models import DISAGGREGATED_COUNTS, Activity

CHUNK = 2000


def _columns():
    fields = Activity._meta
    count_labels = [str(fields.get_field(name).verbose_name) for name in DISAGGREGATED_COUNTS]
    return [
        ("id", _("Number")),
        ("community", _("Community")),
        ("activity_type", _("Type of activity")),
        ("title_km", _("Title (Khmer)")),
        ("title_en", _("Title (English)")),
        ("status", _("Status")),
        ("start_date", _("Start date")),
        ("end_date", _("End date")),
        ("mode", _("Mode")),
        ("place", _("Place")),
        ("province", _("Province")),
        ("lead_organization", _("Lead organisation")),
        ("partner_organizations", _("Partner organisations")),
        ("participants_total", _("Participants")),
        *zip(DISAGGREGATED_COUNTS, count_labels, strict=True),
        ("outcomes_km", _("Outcomes (Khmer)")),
        ("outcomes_en", _("Outcomes (English)")),
        ("lessons_learned_km", _("Lessons learned (Khmer)")),
        ("lessons_learned_en", _("Lessons learned (English)")),
        ("follow_up", _("Follow-up")),
    ]


def _rows(activities):
    columns = _columns()
    yield [label for _name, label in columns]
    activities = (
        activities.select_related("community", "activity_type", "lead_organization")
        .prefetch_related(
            Prefetch("partner_organizations", queryset=Organization.objects.order_by("slug"))
        )
        .order_by("start_date", "pk")
    )
    for activity in activities.iterator(chunk_size=CHUNK):
        row = []
        for name, _label in columns:
            if name == "community":
                value = activity.community.name
            elif name == "activity_type":
                value = activity.activity_type.name
            elif name == "lead_organization":
                value = activity.lead_organization.name
            elif name == "partner_organizations":
                value = "; ".join(p.name for p in activity.partner_organizations.all())
            elif name in {"status", "mode", "province"}:
                value = getattr(activity, f"get_{name}_display")()
            elif name in {"start_date", "end_date"}:
                date = getattr(activity, name)
                value = date.isoformat() if date else ""
            else:
                value = getattr(activity, name)
            row.append(value)
        yield row


class _Echo:
    def write(self, value):
        return value


def csv_stream(activities):
    """UTF-8 with a byte-order mark, so that spreadsheet programs show Khmer."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in _rows(activities):
        yield writer.writerow(row)


def xlsx_file(activities):
    """An .xlsx written row by row (openpyxl's write-only mode) to a temporary file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Activities"))
    for row in _rows(activities):
        sheet.append(row)
    output = tempfile.TemporaryFile()
    workbook.save(output)
    output.seek(0)
    return output
