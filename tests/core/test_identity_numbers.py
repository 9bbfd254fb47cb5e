import datetime as dt

import pytest

from core.identity_numbers import (
    birth_date_of,
    mask_personal_number,
    normalize_organisation_number,
    normalize_personal_number,
)
from tests.factories import organisation_number, personal_number

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    "typed",
    ["19800312-1236", "198003121236", "800312-1236", "8003121236", " 19800312 - 1236 "],
)
def test_accepts_the_usual_ways_of_writing_a_personal_number(typed):
    assert personal_number("19800312", "123") == "19800312-1236"  # 6 is this example's Luhn check digit
    assert normalize_personal_number(typed, today=TODAY) == "19800312-1236"


def test_two_digit_year_is_read_as_the_latest_past_century_and_plus_means_a_hundred_more():
    born_2020 = personal_number("20200101", "123")
    born_1926 = personal_number("19260101", "123")
    assert normalize_personal_number(born_2020[2:], today=TODAY) == born_2020
    assert normalize_personal_number(born_1926[2:], today=TODAY) == "2026" + born_1926[4:]  # a newborn
    assert normalize_personal_number(born_1926[2:].replace("-", "+"), today=TODAY) == born_1926  # aged 100


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("19800312-1231", "kontrollsiffran"),
        ("19801312-1234", "datum"),
        ("1980-03-12", "ÅÅÅÅMMDD"),
        ("abc", "ÅÅÅÅMMDD"),
        ("20300101-1234", "framtiden"),
    ],
)
def test_rejects_bad_personal_numbers_with_a_reason(typed, reason):
    if reason in ("datum", "framtiden"):
        typed = personal_number(typed[:8], "123")  # a valid check digit, so the date is what fails
    with pytest.raises(ValueError, match=reason):
        normalize_personal_number(typed, today=TODAY)


def test_coordination_number_day_plus_sixty():
    number = personal_number("19800372", "123")
    assert normalize_personal_number(number, today=TODAY) == number
    assert birth_date_of(number) == dt.date(1980, 3, 12)


def test_mask_keeps_birth_date_only():
    assert mask_personal_number("19800312-1230") == "19800312-****"
    assert mask_personal_number(None) is None


def test_organisation_number():
    valid = organisation_number("556677889")
    assert normalize_organisation_number(valid.replace("-", "")) == valid
    with pytest.raises(ValueError, match="kontrollsiffran"):
        normalize_organisation_number(valid[:-1] + str((int(valid[-1]) + 1) % 10))
