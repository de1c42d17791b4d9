"""Bar charts drawn on the server as SVG: no JavaScript, a title and a description for
screen readers, and the data table beside each chart built from the same items, so the
chart and its table cannot disagree.

Positions across the chart are percentages of its width (it fits any screen without
shrinking its text); heights are in pixels. The numbers it shows are written in the
reader's digits (cop_portal.core.text.digits): here for the text made in Python (month labels,
years, descriptions), in the template for the figures; positions keep Latin digits.
"""

import unicodedata
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cop_portal.core.text import digits

from .reports import Figure

ROW_LABEL = 28  # px for a row's first label line (Khmer needs room above and below)
ROW_LINE = 22  # px for each further line of a long label
ROW_BAR = 18
ROW_GAP = 10
ROW_MAX_PERCENT = 75  # room for the value after the longest bar, at 360 px too
# A label line's width, in em of the chart's text: what fits in the chart of a 360 px
# screen (some 320 px at 0.9rem, with room to spare). SVG text does not wrap by itself.
LABEL_LINE_EM = 19
KHMER_COENG = "\u17d2"  # the sign under which the next consonant is written
COLUMN_AREA = 150  # px for the tallest column
COLUMN_AXIS = 22  # px for the labels below the columns


@dataclass
class Chart:
    id: str
    title: str
    kind: str  # "rows" (horizontal bars, long labels) or "columns" (a time series)
    headings: list[str]  # of the data table: the label column, then the value columns
    items: list[dict] = field(default_factory=list)
    description: str = ""
    height: int = 0
    unit: str = ""  # after each value, e.g. " %"


def _figure(value) -> Figure:
    return value if isinstance(value, Figure) else Figure(value or 0)


def _name_cells(items, headings) -> None:
    """Each further value of the data table with its column's heading: on a phone, where
    each row of a wide table is a card, the heading is written before the value."""
    for item in items:
        item["more_cells"] = list(zip(headings[2:], item["more"], strict=False))


def _describe(title, items) -> str:
    shown = [item for item in items if not item["figure"].suppressed]
    if not shown:
        return _("%(title)s: no figures to show.") % {"title": title}
    top = max(shown, key=lambda item: item["figure"].value)
    return _("%(title)s: %(count)s bars; the highest is %(label)s, with %(value)s.") % {
        "title": title,
        "count": digits(len(items)),
        "label": top["label"],
        "value": digits(top["figure"].value),
    }


def _items(rows, maximum=None):
    """rows: (label, value or Figure, further table values...) -> items with figures, and
    each one's length relative to `maximum` (by default, the largest value)."""
    items = []
    for label, value, *more in rows:
        items.append({"label": label, "figure": _figure(value), "more": more})
    top = maximum or max((item["figure"].shown for item in items), default=0) or 1
    for item in items:
        item["ratio"] = item["figure"].shown / top
    return items


def _clusters(text: str) -> list[str]:
    """The text in pieces never broken inside: a letter with its vowel signs and marks,
    and a Khmer consonant with the subscript consonants written under it."""
    pieces: list[str] = []
    for char in text:
        joins = pieces and (
            unicodedata.category(char) in ("Mn", "Mc") or pieces[-1].endswith(KHMER_COENG)
        )
        if joins:
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def _width(piece: str) -> float:
    """A piece's width in em, about (Noto Sans Khmer and the Latin of the system font)."""
    if piece.isspace():
        return 0.3
    return 0.8 if "\u1780" <= piece[0] <= "\u17ff" else 0.55


def label_lines(label: str, width: float = LABEL_LINE_EM) -> list[str]:
    """A bar's label in lines of at most `width` em: broken at a space where there is one
    in the line, else between two letters (Khmer is written without spaces)."""
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for piece in _clusters(" ".join(str(label).split())):
        if line and used + _width(piece) > width and not piece.isspace():
            spaces = [index for index, kept in enumerate(line) if kept.isspace()]
            cut = spaces[-1] if spaces else len(line)
            lines.append("".join(line[:cut]).strip())
            line = line[cut + 1 :]  # the word begun on the line goes to the next one
            used = sum(_width(kept) for kept in line)
        if piece.isspace() and not line:
            continue
        line.append(piece)
        used += _width(piece)
    if line:
        lines.append("".join(line).strip())
    return lines or [""]


def row_chart(chart_id, title, headings, rows, *, maximum=None, unit="") -> Chart:
    """Horizontal bars, each under its label: for types, organisations, participants."""
    items = _items(rows, maximum)
    top = 0
    for item in items:
        lines = label_lines(item["label"])
        label_height = ROW_LABEL + ROW_LINE * (len(lines) - 1)
        item["label_lines"] = [
            {"text": text, "y": top + ROW_LABEL - 8 + ROW_LINE * number}
            for number, text in enumerate(lines)
        ]
        item["bar_y"] = top + label_height
        item["width"] = round(item["ratio"] * ROW_MAX_PERCENT, 2)
        item["value_x"] = round(item["width"] + 1, 2)
        item["value_y"] = top + label_height + ROW_BAR - 4
        top += label_height + ROW_BAR + ROW_GAP
    _name_cells(items, headings)
    return Chart(
        id=chart_id,
        title=title,
        kind="rows",
        headings=headings,
        unit=unit,
        items=items,
        description=_describe(title, items),
        height=max(top, ROW_LABEL + ROW_BAR + ROW_GAP),
    )


def column_chart(chart_id, title, headings, columns) -> Chart:
    """Vertical bars over time. columns: (label, axis label or "", value)."""
    items = _items([(label, value) for label, _axis, value in columns])
    slot = 100 / max(len(items), 1)
    for index, (item, (_label, axis, _value)) in enumerate(zip(items, columns, strict=True)):
        height = round(item["ratio"] * COLUMN_AREA, 1)
        item["x"] = round(index * slot + slot * 0.15, 3)
        item["width"] = round(slot * 0.7, 3)
        item["bar_height"] = height
        item["y"] = COLUMN_AREA - height
        item["axis"] = axis
        item["axis_x"] = round(index * slot, 3)
    _name_cells(items, headings)
    return Chart(
        id=chart_id,
        title=title,
        kind="columns",
        headings=headings,
        items=items,
        description=_describe(title, items),
        height=COLUMN_AREA + COLUMN_AXIS,
    )


def _year_starts(month, index) -> bool:
    """Whether the axis names the year under this month: each January, and the first
    month when it is far enough from the next January not to overlap its label."""
    return month.month == 1 or (index == 0 and month.month <= 10)


def report_charts(report) -> dict[str, Chart]:
    """The charts of a report, each with the headings of its data table."""
    activities_done = _("Activities done")
    charts = {
        "months": column_chart(
            "chart-months",
            _("Activities done per month"),
            [_("Month"), activities_done],
            [
                (
                    digits(date_format(row["month"], "YEAR_MONTH_FORMAT")),
                    digits(str(row["month"].year)) if _year_starts(row["month"], index) else "",
                    row["count"],
                )
                for index, row in enumerate(report.months)
            ],
        ),
        "types": row_chart(
            "chart-types",
            _("Activities done per type"),
            [_("Type of activity"), activities_done],
            [(row["name"], row["count"]) for row in report.types],
        ),
        "participants": row_chart(
            "chart-participants",
            _("Participants in the activities done"),
            [_("Participants"), _("Number of people")],
            [(row["label"], row["figure"]) for row in report.participants],
        ),
        "organizations": row_chart(
            "chart-organizations",
            _("Organisations that led the most activities"),
            [_("Organisation"), _("Activities led"), _("Activities as partner")],
            [(row["name"], row["led"], row["partnered"]) for row in report.organizations],
        ),
    }
    if report.communities:
        charts["communities"] = row_chart(
            "chart-communities",
            _("Activities done per community"),
            [
                _("Community"),
                activities_done,
                _("Participants"),
                _("Organisations"),
                _("Objectives' progress"),
            ],
            [
                (
                    row["community"].name,
                    row["report"].counts["done"],
                    row["report"].participants[0]["figure"],
                    row["organizations"],
                    None if row["progress"] is None else f"{row['progress']} %",
                )
                for row in report.communities
            ],
        )
    if report.objectives:
        charts["objectives"] = row_chart(
            "chart-objectives",
            _("Objectives' progress"),
            [_("Objective"), _("Progress (%)")],
            [(objective.title, objective.progress) for objective in report.objectives],
            maximum=100,
            unit="%",
        )
    return charts
