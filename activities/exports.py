"""Activity exports for spreadsheets: only what the person may see; ISO dates, Latin
digits; streamed row by row so that 100,000 activities do not fill the memory.

Every cell of every row goes through `cop_portal.core.exports.cell()`: a text is written as
text, never as a formula, and as the file can hold it, whatever was stored.
"""

import csv
import tempfile
from collections import defaultdict

from django.db.models import Prefetch
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook

from communities.models import Objective
from cop_portal.core.exports import cell, sheet_name
from members.models import Organization

from .models import DISAGGREGATED_COUNTS, Activity
from .reports import community_reports

CHUNK = 2000


def _append(sheet, row) -> None:
    sheet.append([cell(value, sheet=sheet) for value in row])


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
        yield writer.writerow([cell(value) for value in row])


def xlsx_file(activities):
    """An .xlsx written row by row (openpyxl's write-only mode) to a temporary file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Activities"))
    for row in _rows(activities):
        _append(sheet, row)
    return _saved(workbook)


# The programme report as a workbook --------------------------------------------------


def _period(report) -> list:
    return [
        _("Period"),
        report.date_from.isoformat() if report.date_from else "",
        report.date_to.isoformat() if report.date_to else "",
    ]


def _figures_rows(report) -> list[list]:
    """The rows every sheet has: activities by status, participants, months, types."""
    counts = report.counts
    rows = [
        _period(report),
        [],
        [_("Activities done"), counts["done"]],
        [_("Activities planned"), counts["planned"]],
        [_("Activities cancelled"), counts["cancelled"]],
        [_("Organisations that led an activity"), counts["organizations"]],
        [],
        [_("Participants in the activities done"), _("Number of people")],
        *([row["label"], row["figure"].cell] for row in report.participants),
        [],
        [_("Month"), _("Activities done")],
        *([row["month"].isoformat()[:7], row["count"]] for row in report.months),
        [],
        [_("Type of activity"), _("Activities done")],
        *([row["name"], row["count"]] for row in report.types),
        [],
        [_("Organisation"), _("Activities led"), _("Activities as partner")],
        *([row["name"], row["led"], row["partnered"]] for row in report.organizations),
    ]
    return [[str(cell) if isinstance(cell, Promise) else cell for cell in row] for row in rows]


def programme_workbook(report, communities):
    """A summary sheet (the programme report's figures) and one sheet per community with
    its own, small counts suppressed exactly as on the page; objectives only for the
    communities the person is inside of."""
    workbook = Workbook(write_only=True)
    taken = set()
    summary = workbook.create_sheet(sheet_name(_("Summary"), taken))
    _append(summary, [_("Voice Communities of Practice: report")])
    for row in _figures_rows(report):
        _append(summary, row)
    _append(summary, [])
    _append(
        summary,
        [
            _("Community"),
            _("Activities done"),
            *(str(row["label"]) for row in report.participants),
            _("Organisations"),
            _("Objectives' progress (%)"),
        ],
    )
    for row in report.communities:
        _append(
            summary,
            [
                row["community"].name,
                row["report"].counts["done"],
                *(figure["figure"].cell for figure in row["report"].participants),
                row["organizations"],
                row["progress"],
            ],
        )
    per_community = community_reports(
        communities,
        suppress=report.suppress,
        date_from=report.date_from,
        date_to=report.date_to,
    )
    objectives = defaultdict(list)
    for objective in Objective.objects.filter(
        community__in=[c for c in communities if getattr(c, "person_is_inside", True)]
    ).order_by("target_date", "pk"):
        objectives[objective.community_id].append(objective)
    for community in communities:
        sheet = workbook.create_sheet(sheet_name(community.name, taken))
        _append(sheet, [community.name])
        for row in _figures_rows(per_community[community.pk]):
            _append(sheet, row)
        if objectives[community.pk]:
            _append(sheet, [])
            _append(sheet, [_("Objective"), _("Progress (%)"), _("Target date")])
            for objective in objectives[community.pk]:
                _append(
                    sheet,
                    [
                        objective.title,
                        objective.progress,
                        objective.target_date.isoformat() if objective.target_date else "",
                    ],
                )
    return _saved(workbook)


def _saved(workbook):
    output = tempfile.TemporaryFile()
    workbook.save(output)
    output.seek(0)
    return output
