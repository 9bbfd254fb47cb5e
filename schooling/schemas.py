"""Schools, enrolments and the school-continuity rules (settings with defaults an administrator can change)."""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid
from typing import Annotated, ClassVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, ValidationInfo, field_validator

from core.schemas import (
    InputModel,
    Latitude,
    Longitude,
    OptionalDate,
    OptionalShortText,
    OutputModel,
    PageNumber,
    PlaceText,
    ShortText,
    blank_to_none,
)


class SchoolKind(enum.StrEnum):
    PRESCHOOL = "preschool"  # förskola
    PRIMARY_F6 = "primary_f6"  # grundskola F–6
    PRIMARY_79 = "primary_79"  # grundskola 7–9
    PRIMARY_F9 = "primary_f9"  # grundskola F–9
    UPPER_SECONDARY = "upper_secondary"  # gymnasium
    ADAPTED = "adapted"  # anpassad grund- eller gymnasieskola


# Grades a school kind teaches: -1 förskola, 0 förskoleklass, 1–9 grundskola, 10–12 gymnasiets år 1–3.
GRADES_TAUGHT = {
    SchoolKind.PRESCHOOL: range(-1, 0),
    SchoolKind.PRIMARY_F6: range(0, 7),
    SchoolKind.PRIMARY_79: range(7, 10),
    SchoolKind.PRIMARY_F9: range(0, 10),
    SchoolKind.UPPER_SECONDARY: range(10, 13),
    SchoolKind.ADAPTED: range(0, 14),
}

PRESCHOOL_GRADE = -1
FIRST_UPPER_SECONDARY_GRADE = 10


def grade_label(grade: int) -> str:
    if grade == PRESCHOOL_GRADE:
        return "förskola"
    if grade == 0:
        return "förskoleklass"
    if grade >= FIRST_UPPER_SECONDARY_GRADE:
        return f"gymnasiet år {grade - 9}"
    return f"årskurs {grade}"


def _school_unit_code(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"\d{8}", value):
        raise ValueError("Skolenhetskoden ska vara åtta siffror.")
    return value


class SchoolIn(InputModel):
    name: ShortText
    kind: SchoolKind
    municipality: PlaceText
    latitude: Latitude
    longitude: Longitude
    unit_code: Annotated[str | None, BeforeValidator(blank_to_none), AfterValidator(_school_unit_code)] = None
    """Skolenhetskod from Skolverket's register, when known."""
    street: OptionalShortText = None


class SchoolUpdate(SchoolIn):
    version: int = Field(ge=1)


class SchoolOut(OutputModel):
    id: uuid.UUID
    name: str
    kind: SchoolKind
    municipality: str
    latitude: float
    longitude: float
    unit_code: str | None
    street: str | None
    active: bool
    version: int


class SchoolFilter(InputModel):
    kind: list[SchoolKind] = []
    municipality: OptionalShortText = None
    q: OptionalShortText = None
    near_lat: Latitude | None = None
    near_lon: Longitude | None = None
    page: PageNumber = 1
    page_size: int = Field(default=50, ge=1, le=200)


class EnrolmentIn(InputModel):
    school_id: uuid.UUID
    grade: int = Field(ge=-1, le=13, description="-1 förskola, 0 förskoleklass, 1–9, 10–12 gymnasiet år 1–3")
    started_on: dt.date
    ended_on: OptionalDate = Field(default=None, validate_default=True)

    @field_validator("ended_on")
    @classmethod
    def _period_order(cls, ended_on: dt.date | None, info: ValidationInfo) -> dt.date | None:
        started_on = info.data.get("started_on")
        if ended_on is not None and started_on is not None and ended_on <= started_on:
            raise ValueError("Slutdatum måste vara efter startdatum.")
        return ended_on


class EnrolmentOut(OutputModel):
    id: uuid.UUID
    school: SchoolOut | None
    """None for a reader who may not see where a child with protected identity is (see school_notice)."""
    school_notice: str | None = None
    grade: int
    """The grade at the start of the enrolment."""
    grade_label: str
    current_grade: int
    """The grade now (or when the enrolment ended): one up for each new school year since the start."""
    current_grade_label: str
    started_on: dt.date
    ended_on: dt.date | None
    current: bool


class AgeBandLimit(InputModel):
    """How far from school a child of these ages can live and still keep the school."""

    from_age: int = Field(ge=0, le=20)
    own_travel_km: float = Field(gt=0, le=200)
    """Within this distance the child gets to school on its own (walk, bike, public transport)."""
    with_transport_km: float = Field(gt=0, le=300)
    """Within this distance the child can stay with arranged transport (skolskjuts, taxi)."""


class ContinuitySettings(InputModel):
    """Rules for school continuity (SAMS: unbroken schooling). Defaults are a starting point for a municipality."""

    rule_key: ClassVar[str] = "school_continuity"
    age_bands: list[AgeBandLimit] = Field(
        default_factory=lambda: [
            AgeBandLimit(from_age=0, own_travel_km=3, with_transport_km=20),
            AgeBandLimit(from_age=7, own_travel_km=5, with_transport_km=30),
            AgeBandLimit(from_age=10, own_travel_km=8, with_transport_km=40),
            AgeBandLimit(from_age=13, own_travel_km=12, with_transport_km=50),
            AgeBandLimit(from_age=16, own_travel_km=25, with_transport_km=70),
        ],
        min_length=1,
    )
    natural_transition_change_cost: float = Field(default=0.3, ge=0, le=1)
    """The cost of changing school at a natural transition, relative to changing mid-stage (1.0)."""
    transition_window_months: int = Field(default=3, ge=0, le=12)
    """How close to the end of year 6 or 9 a move counts as a natural transition."""

    @field_validator("age_bands")
    @classmethod
    def _ordered(cls, bands: list[AgeBandLimit]) -> list[AgeBandLimit]:
        ages = [band.from_age for band in bands]
        if ages != sorted(set(ages)) or ages[0] != 0:
            raise ValueError("Åldersbanden ska börja på 0 år och stå i stigande ordning utan dubletter.")
        for band in bands:
            if band.with_transport_km < band.own_travel_km:
                raise ValueError("Avståndet med skolskjuts kan inte vara kortare än det utan.")
        return bands


class ContinuityVerdict(enum.StrEnum):
    CAN_STAY = "can_stay"
    STAY_WITH_TRANSPORT = "stay_with_transport"
    MUST_CHANGE = "must_change"
    NO_SCHOOL = "no_school"


class ContinuityOut(BaseModel):
    verdict: ContinuityVerdict
    distance_km: float | None
    natural_transition: bool
    score: float
    """0–1: 1 = keeps the school on its own; lower when transport or a change is needed."""
    explanation: str
    school: SchoolOut | None
