"""Shared schema pieces: text normalisation, pages of results and Swedish validation messages."""

from __future__ import annotations

import datetime as dt
import re
import sys
from typing import Annotated, Generic, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from core.errors import FieldError

T = TypeVar("T")


# NUL breaks PostgreSQL text and JSON; other control characters and bidirectional overrides make a stored
# name display as something else (U+202E turns "exe.txt" around). Line breaks and tabs are only for free text.
_FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\t\n\r]")
FORBIDDEN_CHARACTERS_MESSAGE = "Texten innehåller otillåtna tecken (styrtecken eller riktningsändring)."


def has_forbidden_characters(text: str) -> bool:
    return _FORBIDDEN_CHARACTERS.search(text) is not None


def check_text(value: str) -> str:
    if has_forbidden_characters(value):
        raise ValueError(FORBIDDEN_CHARACTERS_MESSAGE)
    return value


def check_single_line(value: str | None) -> str | None:
    if value is not None and _LINE_BREAKS.search(value):
        raise ValueError("Texten får inte innehålla radbrytningar eller tabbar.")
    return value


def check_number(value: float) -> float:
    if value != 0 and abs(value) < sys.float_info.min:
        # A denormal (5e-324) is no real measure, and in the database's arithmetic it underflows.
        raise ValueError("Talet är för nära noll.")
    return value


# Every day a client can name lies in these years: a date is turned into a Swedish midnight, stepped by days
# and months, and year 1 or 9999 would overflow (a 500) where no real placement, birth or follow-up lies.
EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2199, 12, 31)


def check_day(value: dt.date | None) -> dt.date | None:
    if value is not None and not isinstance(value, dt.datetime) and not EARLIEST_DAY <= value <= LATEST_DAY:
        raise ValueError(f"Datumet måste ligga mellan {EARLIEST_DAY.isoformat()} och {LATEST_DAY.isoformat()}.")
    return value


Day = Annotated[dt.date, AfterValidator(check_day)]
"""A day outside an :class:`InputModel` (a plain query parameter), bounded as every input model's days are."""


def _check_all_values(value):
    """Every string, number and day inside a field (lists, dicts), so no field type can forget the check."""
    if isinstance(value, str):
        check_text(value)
    elif isinstance(value, float):
        check_number(value)
    elif isinstance(value, dt.date):
        check_day(value)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _check_all_values(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_all_values(key)
            _check_all_values(item)
    return value


class InputModel(BaseModel):
    """Base for everything a user or an importer sends: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    _every_text_number_and_day_checked = field_validator("*")(_check_all_values)


PageNumber = Annotated[int, Field(ge=1, le=100_000)]
"""A list page's number: bounded, so no offset can overflow the database's integer."""


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


def blank_to_none(value):
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _split_words(value):
    """Accept a list or a comma-separated string (as typed in a form or an Excel cell)."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise ValueError("Ska vara en lista med ord eller en kommaseparerad text.")
    seen: list[str] = []
    for item in value:
        word = item.strip().lower()
        if word and word not in seen:
            seen.append(word)
    return seen


SingleLine = AfterValidator(check_single_line)
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200), SingleLine]
OptionalShortText = Annotated[
    Annotated[str, StringConstraints(max_length=200)] | None, BeforeValidator(blank_to_none), SingleLine
]
PlaceText = Annotated[str, StringConstraints(min_length=1, max_length=100), SingleLine]
"""Cities, municipalities, contract references and token names: their columns hold 100 characters."""
OptionalPlaceText = Annotated[
    Annotated[str, StringConstraints(max_length=100)] | None, BeforeValidator(blank_to_none), SingleLine
]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
"""Multi-line free text (notes, reasons): line breaks and tabs allowed."""
OptionalLongText = Annotated[Annotated[str, StringConstraints(max_length=4000)] | None, BeforeValidator(blank_to_none)]
WordList = Annotated[list[Annotated[str, StringConstraints(max_length=40), SingleLine]], BeforeValidator(_split_words)]

_TAG = re.compile(r"^[a-z0-9åäö][a-z0-9åäö_-]*$")


def _validate_tags(values: list[str]) -> list[str]:
    for tag in values:
        if not _TAG.match(tag):
            raise ValueError(f"Taggen '{tag}' får bara innehålla små bokstäver, siffror, - och _.")
    return values


TagList = Annotated[list[str], AfterValidator(_validate_tags), BeforeValidator(_split_words)]


# Swedish wording for Pydantic's own error types; our validators already raise Swedish messages.
_MESSAGES = {
    "missing": "Uppgiften saknas.",
    "extra_forbidden": "Okänt fält.",
    "string_too_short": "Fältet får inte vara tomt.",
    "string_too_long": "Texten är för lång (högst {max_length} tecken).",
    "string_type": "Ska vara text.",
    "int_parsing": "Ska vara ett heltal.",
    "int_type": "Ska vara ett heltal.",
    "int_from_float": "Ska vara ett heltal.",
    "float_parsing": "Ska vara ett tal.",
    "float_type": "Ska vara ett tal.",
    "decimal_parsing": "Ska vara ett belopp.",
    "decimal_max_places": "Högst {decimal_places} decimaler.",
    "decimal_max_digits": "Beloppet är för stort.",
    "bool_parsing": "Ska vara ja eller nej.",
    "date_parsing": "Ska vara ett datum (ÅÅÅÅ-MM-DD).",
    "date_from_datetime_parsing": "Ska vara ett datum (ÅÅÅÅ-MM-DD).",
    "date_type": "Ska vara ett datum (ÅÅÅÅ-MM-DD).",
    "uuid_parsing": "Ska vara ett giltigt id.",
    "uuid_type": "Ska vara ett giltigt id.",
    "enum": "Ogiltigt värde; tillåtna värden: {expected}.",
    "literal_error": "Ogiltigt värde; tillåtna värden: {expected}.",
    "greater_than_equal": "Får inte vara mindre än {ge}.",
    "greater_than": "Måste vara större än {gt}.",
    "less_than_equal": "Får inte vara större än {le}.",
    "less_than": "Måste vara mindre än {lt}.",
    "too_short": "Minst {min_length} behövs.",
    "too_long": "Högst {max_length} får anges.",
    "list_type": "Ska vara en lista.",
    "model_type": "Ska vara ett objekt.",
    "model_attributes_type": "Ska vara ett objekt.",
    "json_invalid": "Ogiltig JSON.",
}


def swedish_message(error: dict) -> str:
    if error["type"] == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    template = _MESSAGES.get(error["type"])
    if template is None:
        return error["msg"]
    try:
        return template.format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        return template.split(";")[0].split("{")[0].strip() or error["msg"]


def field_path(location: tuple | list) -> str:
    """``("capacity", "age_max")`` → ``capacity.age_max``; list indexes stay as numbers."""
    return ".".join(str(part) for part in location)


def field_errors(error: ValidationError, *, drop_prefix: int = 0) -> list[FieldError]:
    return [
        FieldError(field=field_path(item["loc"][drop_prefix:]), message=swedish_message(item))
        for item in error.errors(include_url=False)
    ]


def contains_pattern(text: str) -> str:
    """An ILIKE pattern matching ``text`` anywhere, with the user's own % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
