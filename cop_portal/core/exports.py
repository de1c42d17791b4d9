"""The cells of the portal's exports (spreadsheets and CSV files): whatever a stored value
holds, the file opens, and nothing in it runs.

A text is written as text, never as a formula: titles, stories and names are typed by
people, and a spreadsheet program runs a cell that begins with "=", "+", "-" or "@" (or a
tab or carriage return before one). A text is also written as the file can hold it,
whatever was stored by the admin or an import: without the control characters an .xlsx
file (XML) cannot hold (cop_portal.core.text.printable), and no longer than a spreadsheet
cell holds. Every row of every export goes through `cell()`.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell

from .text import printable

# What makes a spreadsheet program read a cell as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The most characters Excel keeps in a cell; a longer text makes it call the file damaged.
CELL_LIMIT = 32767
CUT = "…"


def cell(value, *, sheet=None):
    """The value as a cell that cannot run: text that a spreadsheet program would take for
    a formula becomes plain text, in a .csv file (sheet None) after an apostrophe, which
    the program hides; in an .xlsx sheet as a string cell (openpyxl would otherwise store
    any text beginning with "=" as a formula) marked "quote prefix", so that Excel does not
    read it again as a formula when the cell is edited. Numbers, dates and empty cells are
    left as they are; control characters are dropped (a vertical tab is a line break), and
    a text too long for an .xlsx cell is cut, ending with "…"."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return value
    value = printable(value)
    if sheet is None:
        return f"'{value}" if value.startswith(FORMULA_STARTS) else value
    if len(value) > CELL_LIMIT:
        value = value[: CELL_LIMIT - len(CUT)] + CUT
    if not value.startswith(FORMULA_STARTS):
        return value
    text = WriteOnlyCell(sheet, value=value)
    text.data_type = "s"
    text.quotePrefix = True
    return text


_SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def sheet_name(name: str, taken: set) -> str:
    """A sheet's name by Excel's rules: at most 31 characters, none of []:*?/\\ nor a
    control character, no apostrophe first or last, unique in the workbook (`taken`, the
    names given so far, casefolded)."""
    name = printable(name).replace("\n", " ").replace("\t", " ").replace("\r", " ")
    base = name.translate(_SHEET_NAME_FORBIDDEN).strip(" '")[:31].strip(" '") or _("Community")
    candidate, number = base, 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.casefold())
    return candidate
