"""Files for spreadsheets: Swedish CSV and XLSX. A cell that Excel would read as a formula is written as text
(CSV injection), in both."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Sequence

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
