"""CSV for spreadsheets: a cell that Excel would read as a formula is written as text (CSV injection)."""

from __future__ import annotations

import csv
from typing import Any, Iterable

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
