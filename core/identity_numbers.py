"""Swedish personal identity numbers (personnummer, samordningsnummer) and organisation numbers."""

from __future__ import annotations

import datetime as dt
import re

from core import clock

_PERSONAL = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$")
_ORGANISATION = re.compile(r"^(\d{6})-?(\d{4})$")


def luhn_check_digit(nine_digits: str) -> int:
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def normalize_personal_number(value: str, *, today: dt.date | None = None) -> str:
    """Return the number as ``YYYYMMDD-NNNN`` or raise ValueError with a Swedish reason.

    Accepts ``YYYYMMDD-NNNN``, ``YYYYMMDDNNNN``, ``YYMMDD-NNNN`` and ``YYMMDD+NNNN`` (the plus sign marks
    a person aged 100 or more). A coordination number (samordningsnummer, day + 60) is accepted too.
    """
    cleaned = value.strip().replace(" ", "")
    match = _PERSONAL.match(cleaned)
    if not match:
        raise ValueError("Personnumret ska skrivas ÅÅÅÅMMDD-NNNN (12 siffror).")
    century, yy, mm, dd, sign, serial, check = match.groups()
    if luhn_check_digit(f"{yy}{mm}{dd}{serial}") != int(check):
        raise ValueError("Personnumret är ogiltigt: kontrollsiffran stämmer inte.")
    day = int(dd) - 60 if int(dd) > 60 else int(dd)
    reference = today or clock.today()
    if century is None:
        year = _year_from_two_digits(int(yy), int(mm), day, sign == "+", reference)
    else:
        year = int(century + yy)
    try:
        born = dt.date(year, int(mm), day)
    except ValueError:
        raise ValueError("Personnumret innehåller inget giltigt datum.") from None
    if born > reference:
        raise ValueError("Personnumret anger ett födelsedatum i framtiden.")
    if reference.year - year > 130:
        raise ValueError("Personnumret anger ett orimligt födelseår.")
    return f"{year:04d}{mm}{dd}-{serial}{check}"


def _year_from_two_digits(yy: int, mm: int, day: int, hundred_plus: bool, reference: dt.date) -> int:
    year = reference.year - (reference.year - yy) % 100
    try:
        if dt.date(year, mm, day) > reference:
            year -= 100
    except ValueError:
        pass  # the date itself is checked by the caller
    return year - 100 if hundred_plus else year


def birth_date_of(personal_number: str) -> dt.date:
    """Birth date of a normalized number (a coordination number's day is moved back by 60)."""
    day = int(personal_number[6:8])
    return dt.date(int(personal_number[:4]), int(personal_number[4:6]), day - 60 if day > 60 else day)


def mask_personal_number(personal_number: str | None) -> str | None:
    """Keep the birth date, hide the last four digits: ``19800101-****``."""
    if not personal_number:
        return personal_number
    return personal_number[:9] + "****"


def normalize_organisation_number(value: str) -> str:
    """Return ``NNNNNN-NNNN`` or raise ValueError. Swedish organisation numbers carry a Luhn check digit."""
    match = _ORGANISATION.match(value.strip().replace(" ", ""))
    if not match:
        raise ValueError("Organisationsnumret ska skrivas NNNNNN-NNNN.")
    digits = match.group(1) + match.group(2)
    if luhn_check_digit(digits[:9]) != int(digits[9]):
        raise ValueError("Organisationsnumret är ogiltigt: kontrollsiffran stämmer inte.")
    return f"{match.group(1)}-{match.group(2)}"
