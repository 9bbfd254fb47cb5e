"""Shared schema pieces: text normalisation, pages of results and Swedish validation messages."""

from __future__ import annotations

import re
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError

from core.errors import FieldError

T = TypeVar("T")


class InputModel(BaseModel):
    """Base for everything a user or an importer sends: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


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
    seen: list[str] = []
    for item in value:
        word = str(item).strip().lower()
        if word and word not in seen:
            seen.append(word)
    return seen


ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
OptionalShortText = Annotated[Annotated[str, StringConstraints(max_length=200)] | None, BeforeValidator(blank_to_none)]
OptionalLongText = Annotated[Annotated[str, StringConstraints(max_length=4000)] | None, BeforeValidator(blank_to_none)]
WordList = Annotated[list[Annotated[str, StringConstraints(max_length=40)]], BeforeValidator(_split_words)]

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
