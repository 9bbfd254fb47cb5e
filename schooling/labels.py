"""Swedish labels of schooling's code values: kinds of school and the school continuity verdict."""

from __future__ import annotations

import enum

from schooling.schemas import ContinuityVerdict, SchoolKind

SCHOOL_KIND = {
    SchoolKind.PRESCHOOL: "Förskola",
    SchoolKind.PRIMARY_F6: "Grundskola F–6",
    SchoolKind.PRIMARY_79: "Grundskola 7–9",
    SchoolKind.PRIMARY_F9: "Grundskola F–9",
    SchoolKind.UPPER_SECONDARY: "Gymnasium",
    SchoolKind.ADAPTED: "Anpassad skola",
}

CONTINUITY_VERDICT = {
    ContinuityVerdict.CAN_STAY: "Kan gå kvar",
    ContinuityVerdict.STAY_WITH_TRANSPORT: "Kan gå kvar med skolskjuts",
    ContinuityVerdict.MUST_CHANGE: "Måste byta skola",
    ContinuityVerdict.NO_SCHOOL: "Ingen skola",
}

BY_ENUM: dict[type[enum.Enum], dict] = {
    SchoolKind: SCHOOL_KIND,
    ContinuityVerdict: CONTINUITY_VERDICT,
}
