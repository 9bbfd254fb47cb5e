"""Shared schema pieces: text normalisation, pages of results, Swedish validation messages and the value types
every domain uses (addresses, coordinates, money, dates)."""

from __future__ import annotations

import datetime as dt
import enum
import re
import sys
import uuid
from decimal import Decimal
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

from core import clock
from core.errors import FieldError
from core.identity_numbers import normalize_organisation_number, normalize_personal_number

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


def each_once(items: list[T], key, message: str) -> list[T]:
    """A list's validator: no two items with the same ``key`` (one need per domain, one price per level)."""
    keys = [key(item) for item in items]
    if len(keys) != len(set(keys)):
        raise ValueError(message)
    return items


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


# ---------------------------------------------------------------- value types every domain shares

MAX_CHILD_AGE = 20  # placed up to 20 while finishing upper-secondary school in the home


class BbicDomain(enum.StrEnum):
    """The seven BBIC domains a child's needs and a home's competence are described in."""

    HEALTH = "health"  # hälsa
    EDUCATION = "education"  # utbildning
    EMOTIONAL_BEHAVIOURAL = "emotional_behavioural"  # känslo- och beteendemässig utveckling
    IDENTITY = "identity"  # identitet
    FAMILY_SOCIAL_RELATIONS = "family_social_relations"  # familj och sociala relationer
    SOCIAL_PRESENTATION = "social_presentation"  # socialt uppträdande
    SELF_CARE = "self_care"  # förmåga att klara sig själv


def _personal_number(value: str) -> str:
    return normalize_personal_number(value)


def _organisation_number(value: str) -> str:
    return normalize_organisation_number(value)


def _postal_code(value: str) -> str:
    digits = value.replace(" ", "")
    if not re.fullmatch(r"\d{5}", digits):
        raise ValueError("Postnumret ska vara fem siffror, t.ex. 163 45.")
    return f"{digits[:3]} {digits[3:]}"


def _email(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError("Ogiltig e-postadress.")
    return value


def _not_in_future(value: dt.date | None) -> dt.date | None:
    if value is not None and value > clock.today():
        raise ValueError("Datumet får inte ligga i framtiden.")
    return value


def _six_decimals(value: float) -> float:
    """About 0.1 m: finer is noise, and denormals (5e-324) make earthdistance's arithmetic underflow."""
    return round(check_number(value), 6) + 0.0


PersonalNumber = Annotated[str, AfterValidator(_personal_number)]
OrganisationNumber = Annotated[str, AfterValidator(_organisation_number)]
PostalCode = Annotated[str, AfterValidator(_postal_code)]
Email = Annotated[str | None, BeforeValidator(blank_to_none), AfterValidator(_email)]
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False), AfterValidator(_six_decimals)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False), AfterValidator(_six_decimals)]
DistanceKm = Annotated[float, Field(ge=0.1, le=2000, allow_inf_nan=False)]
"""A search radius: from 100 m up to the length of Sweden."""
Age = Annotated[int, Field(ge=0, le=MAX_CHILD_AGE)]
MAX_AMOUNT = Decimal("10000000")
Money = Annotated[Decimal, Field(ge=0, le=MAX_AMOUNT, max_digits=12, decimal_places=2)]
"""An amount in kronor to the öre: a price, fee or cost, never negative, at most 10 million (no single price,
fee or extra cost comes near; the bound keeps sums of them far inside the database's numeric column)."""
PastDate = Annotated[dt.date, AfterValidator(_not_in_future)]
OptionalDate = Annotated[dt.date | None, BeforeValidator(blank_to_none)]
OptionalPastDate = Annotated[OptionalDate, AfterValidator(_not_in_future)]


class AddressIn(InputModel):
    street: ShortText
    postal_code: PostalCode
    city: PlaceText
    municipality: PlaceText
    latitude: Latitude
    longitude: Longitude


class OutputModel(BaseModel):
    """Base of every answer: read from the ORM objects' attributes."""

    model_config = ConfigDict(from_attributes=True)


class StaffRef(OutputModel):
    id: uuid.UUID
    name: str


class AddressOut(OutputModel):
    street: str
    postal_code: str
    city: str
    municipality: str
    latitude: float
    longitude: float
