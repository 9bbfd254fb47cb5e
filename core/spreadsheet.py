"""Files for spreadsheets: Swedish CSV and XLSX, written (exports; a cell that Excel would read as a formula is
written as text, CSV injection, in both) and read (uploads: an invoice, a budget): the file's kind, its rows,
the heading row found by synonyms, Swedish numbers, and the limits a hostile file meets. Every problem is one
InvalidInputError naming each line and column in Swedish, so nothing is used from a file half read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from core.errors import FieldError, InvalidInputError
from core.schemas import has_forbidden_characters

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A text starting with = + - @ or a tab/CR gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


class SpreadsheetWriter:
    def __init__(self, buffer):
        self._writer = csv.writer(buffer, delimiter=";")

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(value) for value in row])


def spreadsheet_writer(buffer) -> SpreadsheetWriter:
    return SpreadsheetWriter(buffer)


# ---------------------------------------------------------------- one table, as CSV or XLSX

@dataclass
class Sheet:
    """A table for a spreadsheet: a title (the XLSX sheet's name), its column headings and its rows of
    text, Decimal amounts, whole numbers, dates or None (an empty cell)."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]


def swedish_number(value: Decimal | int) -> str:
    """``12345.60`` → ``12345,60``: Swedish Excel reads a decimal comma, and no thousands separator."""
    return str(value) if isinstance(value, int) else f"{value:.2f}".replace(".", ",")


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return swedish_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


CSV_BOM = "\ufeff"
"""Put before a CSV file's text: Excel then reads the Swedish letters right (UTF-8)."""


def csv_text(sheet: Sheet) -> str:
    """A table as Swedish CSV (semicolons, decimal commas, dates as 2026-05-31, empty cells empty); the file
    starts with CSV_BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([safe_cell(str(column)) for column in sheet.columns])
    for row in sheet.rows:
        # Only text is neutralised: a negative amount (-5,00) is a number, not a formula, and stays one.
        writer.writerow([safe_cell(value) if isinstance(value, str) else _csv_value(value) for value in row])
    return buffer.getvalue()


AMOUNT_FORMAT = "#,##0.00"
"""Shown by a Swedish Excel as 12 345,60 (the file's format codes are locale-neutral)."""
COUNT_FORMAT = "#,##0"
DATE_FORMAT = "yyyy-mm-dd"
_SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """Tables as an XLSX workbook, one sheet each: amounts and counts as numbers with a Swedish number format,
    dates as dates, a bold header row that stays in view. A text that Excel would take for a formula is
    stored as text and marked so (quote prefix), so editing the cell does not turn it into one either."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = workbook.create_sheet(sheet.title.translate(_SHEET_NAME_FORBIDDEN)[:31])
        ws.append([str(column) for column in sheet.columns])
        for cell in ws[1]:
            cell.font = bold
        widths = [len(str(column)) for column in sheet.columns]
        for row_number, row in enumerate(sheet.rows, start=2):
            for column, value in enumerate(row, start=1):
                cell = ws.cell(row=row_number, column=column)
                _put(cell, value)
                widths[column - 1] = max(widths[column - 1], len(_csv_value(value)) if value is not None else 0)
        for column, width in enumerate(widths, start=1):
            ws.column_dimensions[cell_letter(column)].width = min(60, width + 2)
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell_letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def _put(cell, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        cell.value = "ja" if value else "nej"
    elif isinstance(value, Decimal):
        cell.value = value
        cell.number_format = AMOUNT_FORMAT
    elif isinstance(value, int):
        cell.value = value
        cell.number_format = COUNT_FORMAT
    elif isinstance(value, dt.datetime):
        cell.value = value.replace(tzinfo=None)
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        text = str(value)
        cell.value = text
        if text.startswith(_FORMULA_STARTS):
            cell.data_type = "s"  # openpyxl would store a text starting with = as a formula
            cell.quotePrefix = True


# ---------------------------------------------------------------- reading an uploaded spreadsheet

HEADING_ROWS = 10
"""The heading row may follow a few lines of title (an invoice's header, a budget's name)."""
MAX_COLUMNS = 50
MAX_ROWS = 50_000
"""Rows a file may have, blank ones counted: more is no table of ours, and would only cost time to read."""
MAX_UNPACKED = 50 * 1024 * 1024
"""What an XLSX file's parts may unpack to: 2 MB of zip can hold gigabytes of XML."""
MAX_TEXT = 200
MAX_ERRORS = 20
"""Errors named at once: enough to correct a file by, few enough to read."""
UNREADABLE_XLSX = "Filen går inte att läsa som XLSX. Spara den på nytt från Excel, eller som CSV."
_SUM_ROW = re.compile(r"^(summa|totalt|total|att betala|delsumma)\b", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_YEAR_FIRST = re.compile(r"^(?:19|20)\d{2}(\w+)$")  # 2026-01
_YEAR_LAST = re.compile(r"^(\D+?)(?:(?:19|20)\d{2}|\d{2})$")  # Jan 2026, jan-26, Budget 2026


class CellError(ValueError):
    """A cell that cannot be read: its message, in Swedish."""


def heading_key(heading: Any) -> str:
    """A heading as compared with the synonyms: without case, spaces, punctuation or a unit in brackets
    ("Belopp (kr)" is "belopp")."""
    words = re.sub(r"\(.*?\)", "", str(heading or "")).casefold()
    return "".join(ch for ch in words if ch.isalnum())


def clean(value: str) -> str:
    """Runs of spaces (also non-breaking and thin ones) as one space, none at the ends."""
    return _SPACES.sub(" ", value).strip()


def shown(value: Any) -> str:
    """A bad cell quoted in a message: short, and with no characters that could disturb the page."""
    written = str(value)
    written = "".join(ch if ch.isprintable() else "?" for ch in written)
    return written[:40] + ("…" if len(written) > 40 else "")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_sum_row(cells: Sequence[Any]) -> bool:
    """A row of the file's own sums (Summa, Totalt, Att betala …), not a row of data."""
    return any(isinstance(value, str) and _SUM_ROW.match(value.strip()) for value in cells)


@dataclass(frozen=True)
class Layout:
    """What a kind of upload looks like: its columns and their synonyms, the column whose heading marks the
    heading row, and the words its messages use."""

    headings: Mapping[str, Sequence[str]]
    """Column name → its headings, written as :func:`heading_key` gives them."""
    key: str
    """The column that marks the heading row (the first row, among the first HEADING_ROWS, to have it)."""
    key_label: str
    needed: str
    """The columns the file needs, as a message names them."""
    missing: Callable[[Mapping[str, list[int]]], list[str]]
    """The needed columns a heading row lacks (given every column it has), named for a message."""
    noun: str
    """What the file holds, in the definite form ("fakturan"): "Dela upp fakturan"."""
    field: str
    """The upload's field: every error about the file is reported on it."""
    detail: str
    """The error's summary when the file cannot be read at all."""
    rows_detail: str
    """The error's summary when some of its rows are wrong."""
    max_bytes: int
    years_in_headings: bool = False
    """A year beside a heading is no part of it ("Jan 2026", "2026-01", "jan-26", "Budget 2026"), and a date as a
    heading is its month's number (Excel makes one of "jan-26" typed in a cell)."""

    def invalid(self, message: str) -> InvalidInputError:
        return InvalidInputError(FieldError(self.field, message), detail=self.detail)

    @property
    def heading_of(self) -> dict[str, str]:
        return {synonym: name for name, synonyms in self.headings.items() for synonym in synonyms}

    def column_of(self, heading: Any, heading_of: Mapping[str, str]) -> str | None:
        """The column a heading names, if any."""
        if self.years_in_headings and isinstance(heading, dt.date):
            return heading_of.get(str(heading.month))
        key = heading_key(heading)
        name = heading_of.get(key)
        if name is None and self.years_in_headings:
            bare = _YEAR_FIRST.match(key) or _YEAR_LAST.match(key)
            name = heading_of.get(bare.group(1)) if bare else None
        return name


@dataclass
class Table:
    """A file's rows from its heading row on: which column holds what, and each row with its line number."""

    layout: Layout
    columns: dict[str, int]
    """Each column's index (where a heading repeats, the first one)."""
    all_columns: dict[str, list[int]]
    headings: dict[str, str]
    """Each column's heading as the file writes it, for messages."""
    heading_row: int
    _rows: Iterator[tuple[int, Sequence[Any]]]

    def __iter__(self) -> Iterator[tuple[int, Sequence[Any]]]:
        """The rows below the heading that hold anything, read as they are needed."""
        for number, row in self._rows:
            if number > MAX_ROWS:
                raise self.layout.invalid(
                    f"Filen har fler än {MAX_ROWS} rader, tomma medräknade. Ta bort tomma rader eller dela upp "
                    f"{self.layout.noun}.")
            if not all(is_blank(value) for value in row):
                yield number, row

    def value(self, row: Sequence[Any], name: str) -> Any:
        """The row's value in the column, None where the column is absent or the cell blank."""
        index = self.columns.get(name)
        value = row[index] if index is not None and index < len(row) else None
        return None if is_blank(value) else value

    def line(self, number: int, row: Sequence[Any]) -> "Line":
        return Line(self, number, row)


@dataclass
class Line:
    """One row being read: each cell parsed, each problem kept with its line and column."""

    table: Table
    number: int
    row: Sequence[Any]
    problems: list[FieldError] = field(default_factory=list)

    def read(self, name: str, parse: Callable[[Any], Any], *, required: bool = True) -> Any:
        """The cell parsed, or None (blank and not required, or wrong: then a problem is kept)."""
        value = self.table.value(self.row, name)
        try:
            if value is None:
                if required:
                    raise CellError("värde saknas.")
                return None
            return parse(value)
        except CellError as error:
            self.cell_problem(name, str(error))
            return None

    def cell_problem(self, name: str, message: str) -> None:
        heading = self.table.headings.get(name, name)
        self.problems.append(FieldError(self.table.layout.field, f"Rad {self.number}, kolumnen ”{heading}”: {message}"))

    def problem(self, message: str) -> None:
        self.problems.append(FieldError(self.table.layout.field, f"Rad {self.number}: {message}"))


def rows_invalid(layout: Layout, errors: list[FieldError]) -> InvalidInputError:
    """Every bad row's problems (at most MAX_ERRORS) as one error."""
    return InvalidInputError(errors[:MAX_ERRORS], detail=layout.rows_detail)


def read_table(content: bytes, layout: Layout) -> Table:
    """An uploaded CSV (semicolons, commas or tabs; UTF-8 with or without BOM) or XLSX file (its first sheet)
    as a table under its heading row."""
    if not content:
        raise layout.invalid("Filen är tom.")
    if len(content) > layout.max_bytes:
        raise layout.invalid(f"Filen är större än {layout.max_bytes // (1024 * 1024)} MB. Dela upp {layout.noun}.")
    if content.startswith(b"PK\x03\x04"):
        return _table(_xlsx_rows(content, layout), layout)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise layout.invalid("Filen är i Excels gamla format (.xls). Spara den som XLSX eller CSV och försök igen.")
    return _table_of_csv(content, layout)


def _xlsx_rows(content: bytes, layout: Layout) -> Iterator[tuple[int, Sequence[Any]]]:
    """The first sheet's rows, with the values Excel last calculated (a formula never calculated is empty)."""
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(part.file_size for part in archive.infolist())  # zipfile never unpacks more than this
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise layout.invalid(UNREADABLE_XLSX) from None
    if unpacked > MAX_UNPACKED:
        raise layout.invalid(f"Filen packas upp till mer än {MAX_UNPACKED // (1024 * 1024)} MB. Spara {layout.noun} "
                             "som CSV.")
    # openpyxl fails in many ways on a broken or hostile workbook (zip, XML, styles): each one means the same
    # to the user, a file that is not a readable XLSX.
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise layout.invalid(UNREADABLE_XLSX) from None

    def rows() -> Iterator[tuple[int, Sequence[Any]]]:
        try:
            yield from enumerate(workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1)
        except Exception:
            raise layout.invalid(UNREADABLE_XLSX) from None
        finally:
            workbook.close()

    return rows()


def _table_of_csv(content: bytes, layout: Layout) -> Table:
    try:
        decoded = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise layout.invalid("Filen är varken en CSV-fil i UTF-8 eller en XLSX-fil. Spara den som CSV UTF-8 "
                             "(kommaavgränsad eller semikolonavgränsad) eller som XLSX.") from None
    if "\x00" in decoded:
        raise layout.invalid("Filen är varken en CSV-fil eller en XLSX-fil.")
    # The delimiter is the one under which a heading row appears (a title line may come first).
    first_lines = decoded.splitlines()[:HEADING_ROWS]
    heading_of = layout.heading_of
    for delimiter in (";", ",", "\t"):
        if any(_heading_row(line.split(delimiter), layout, heading_of) for line in first_lines):
            return _table(_csv_rows(decoded, delimiter, layout), layout)
    return _table(_csv_rows(decoded, ";", layout), layout)  # no heading row: _table says what is missing


def _csv_rows(decoded: str, delimiter: str, layout: Layout) -> Iterator[tuple[int, Sequence[Any]]]:
    reader = csv.reader(io.StringIO(decoded, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, row[:MAX_COLUMNS]
    except csv.Error as error:
        raise layout.invalid(f"Rad {reader.line_num + 1}: filen går inte att läsa som CSV ({error}).") from None


def _heading_row(cells: Sequence[Any], layout: Layout, heading_of: Mapping[str, str]) -> bool:
    return any(layout.column_of(cell, heading_of) == layout.key for cell in cells)


def _table(rows: Iterator[tuple[int, Sequence[Any]]], layout: Layout) -> Table:
    heading_of = layout.heading_of
    for number, cells in rows:
        if number > HEADING_ROWS:
            break
        if not _heading_row(cells, layout, heading_of):
            continue
        all_columns: dict[str, list[int]] = {}
        headings: dict[str, str] = {}
        for index, cell in enumerate(cells):
            name = layout.column_of(cell, heading_of)
            if name:
                all_columns.setdefault(name, []).append(index)
                headings.setdefault(name, clean(str(cell))[:60])
        missing = layout.missing(all_columns)
        if missing:
            raise layout.invalid(f"Rad {number}: kolumnen {' och '.join(missing)} saknas. Filen behöver kolumnerna "
                                 f"{layout.needed}.")
        return Table(layout, {name: indexes[0] for name, indexes in all_columns.items()}, all_columns, headings, number,
                     rows)
    raise layout.invalid(f"Hittar ingen rubrikrad med kolumnen {layout.key_label} bland de första {HEADING_ROWS} "
                         f"raderna. Filen behöver kolumnerna {layout.needed}.")


# ---------------------------------------------------------------- cells

def text(value: Any) -> str:
    """A cell as one line of text (a whole number Excel keeps as a number written without decimals)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise CellError("texten går inte att läsa.")
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        value = int(value)  # an organisation number or invoice number Excel keeps as a number
    written = clean(str(value))
    if has_forbidden_characters(written):
        raise CellError("texten innehåller otillåtna tecken (styrtecken).")
    if len(written) > MAX_TEXT:
        raise CellError(f"texten är längre än {MAX_TEXT} tecken.")
    return written


def number(value: Any) -> Decimal:
    """A number as Excel keeps it, or written the Swedish way ("1 234 567,50", "1234567 kr", "−46 500") or
    the English way (46,500.25)."""
    if isinstance(value, bool):
        raise CellError(f"”{shown(value)}” är inget tal.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("talet går inte att läsa.")
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if not isinstance(value, str):
        raise CellError(f"”{shown(value)}” är inget tal.")
    written = _SPACES.sub("", value).replace("\u2212", "-").casefold().removesuffix("kr").removesuffix("sek")
    written = written.removesuffix(":-")
    if "," in written and "." in written:  # 12.345,60 or 12,345.60: the last one is the decimal mark
        thousands = "." if written.rfind(",") > written.rfind(".") else ","
        written = written.replace(thousands, "")
    written = written.replace(",", ".")
    if not _NUMBER.match(written):
        raise CellError(f"”{shown(value)}” är inget tal.")
    return Decimal(written)


def amount(value: Any, maximum: Decimal) -> Decimal:
    """A sum of money to the öre, at most ``maximum`` either way."""
    read = number(value)
    if abs(read) > maximum:
        raise CellError(f"”{shown(value)}” är större än {maximum:,.0f} kr.".replace(",", " "))
    rounded = read.quantize(Decimal("0.01"))
    # A float from Excel's arithmetic (30450.000000001) is the amount to the öre; three real decimals are not.
    if abs(read - rounded) > Decimal("0.000001"):
        raise CellError(f"”{shown(value)}”: ett belopp har högst två decimaler.")
    return rounded
