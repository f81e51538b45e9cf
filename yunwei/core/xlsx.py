"""Excel workbooks for every export: text cells are written as text, never as formulas.

A work order's title can come from the subject of a mail sent by anyone, so a value such as
`=HYPERLINK("http://…","click")` must reach the spreadsheet as the text it is. Following the
OWASP rule against CSV/formula injection, every string is stored as a string cell, and one that
begins with `= + - @`, a tab or a carriage return also carries Excel's quote prefix (the cell
shows the text as typed, and stays text when edited). Numbers and dates stay numbers and dates.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:  # openpyxl is imported when a file is written, not at start-up
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

#: A text beginning with one of these is read by spreadsheets as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Texts that openpyxl would store as error values (openpyxl.cell.cell.ERROR_CODES).
ERROR_CODES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})
#: Characters an XML file cannot hold (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE).
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook() -> Workbook:
    """A new write-only workbook (constant memory; add sheets with `book.create_sheet`)."""
    from openpyxl import Workbook

    return Workbook(write_only=True)


def text_cell(sheet: WriteOnlyWorksheet, text: str) -> Cell | str:
    """A string as a text cell: a formula-like text gets the quote prefix; characters that XML
    cannot hold (control characters from a mail subject) are dropped instead of failing."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    risky = text.startswith(FORMULA_STARTS)
    if not risky and text not in ERROR_CODES:
        return text  # openpyxl stores any other string as a string cell
    from openpyxl.cell.cell import Cell

    cell = Cell(sheet, row=1, column=1)  # placed by append
    cell._value = text  # bypass the type guess that turns "=..." into a formula
    cell.data_type = "s"
    if risky:
        cell.quotePrefix = True
    return cell


def safe_value(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """The value to append for one cell: strings (and lazy translations) through text_cell."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return text_cell(sheet, value)
    if isinstance(value, dt.date):
        return _dated(sheet, value)
    return value


#: How dates and times read in every export (the platform's one rule, core/formatting.py).
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"
#: Column widths, in Excel's character units: narrowest, widest (longer texts wrap).
MIN_WIDTH, MAX_WIDTH = 6, 60


def display_width(value: Any) -> int:
    """How many character cells the value takes: a CJK (wide or full-width) character counts
    double; a date or time as it is shown ("2026-11-30 14:05")."""
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    text = str(value)
    longest = max(text.split("\n"), key=len) if text else ""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in longest)


def column_letter(index: int) -> str:
    """The letter(s) of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def table(book: Workbook, title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]],
          sample: int = 500, above: Sequence[Sequence[Any]] = (),
          print_header: str = "") -> WriteOnlyWorksheet:
    """A sheet of one table: the header row frozen, every column as wide as its content
    (measured on the header and the first `sample` rows, CJK counting double, within
    MIN_WIDTH..MAX_WIDTH), then all the rows (streamed after the sample). `above` are rows
    written before the header (a statement's title and totals; frozen with it, not measured:
    a title spans the columns); `print_header` is printed at the top of every page."""
    sheet = book.create_sheet(title[:31])
    if print_header:
        for header_footer in (sheet.oddHeader, sheet.evenHeader, sheet.firstHeader):
            header_footer.center.text = print_header
    it = iter(rows)
    head = list(itertools.islice(it, sample))
    widths = [display_width(h) for h in header]
    for row in head:
        for i, value in enumerate(row):
            if i >= len(widths):
                widths.append(0)
            widths[i] = max(widths[i], display_width(value))
    for i, width in enumerate(widths):
        sheet.column_dimensions[column_letter(i)].width = min(max(width + 2, MIN_WIDTH),
                                                              MAX_WIDTH)
    sheet.freeze_panes = f"A{len(above) + 2}"
    for row in above:
        append(sheet, row)
    append(sheet, header)
    for row in itertools.chain(head, it):
        append(sheet, row)
    return sheet


def _dated(sheet: WriteOnlyWorksheet, value: dt.date) -> Cell:
    from openpyxl.cell.cell import Cell

    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        from django.utils import timezone

        value = timezone.localtime(value).replace(tzinfo=None)  # Asia/Shanghai, as shown
    cell = Cell(sheet, row=1, column=1, value=value)
    cell.number_format = DATETIME_FORMAT if isinstance(value, dt.datetime) else DATE_FORMAT
    return cell


def append(sheet: WriteOnlyWorksheet, row: Iterable[Any]) -> None:
    """Append one row to a write-only sheet, every text cell written as text."""
    sheet.append([safe_value(sheet, value) for value in row])


def to_bytes(book: Workbook) -> bytes:
    """The finished .xlsx file."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def chunks(data: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    """A finished file in pieces, for a streaming response."""
    for i in range(0, len(data), size):
        yield data[i:i + size]
