"""Swedish labels of the child record's code values: gender, needs, the network and its examination."""

from __future__ import annotations

import enum

from children.schemas import (
    ContactFrequency,
    Gender,
    KinshipAssessment,
    NeedLevel,
    NetworkConclusion,
    Relation,
)

GENDER = {Gender.GIRL: "Flicka", Gender.BOY: "Pojke", Gender.OTHER: "Annat"}

NEED_LEVEL = {
    NeedLevel.NONE: "Inget",
    NeedLevel.SOME: "Visst",
    NeedLevel.SUBSTANTIAL: "Stort",
    NeedLevel.CRITICAL: "Mycket stort",
}

RELATION = {
    Relation.MOTHER: "Mamma",
    Relation.FATHER: "Pappa",
    Relation.SIBLING: "Syskon",
    Relation.HALF_SIBLING: "Halvsyskon",
    Relation.GRANDPARENT: "Mor-/farförälder",
    Relation.MATERNAL_AUNT: "Moster",
    Relation.PATERNAL_AUNT: "Faster",
    Relation.MATERNAL_UNCLE: "Morbror",
    Relation.PATERNAL_UNCLE: "Farbror",
    Relation.AUNT_UNCLE: "Moster/faster/morbror/farbror (ej angivet vilken)",
    Relation.COUSIN: "Kusin",
    Relation.OTHER_RELATIVE: "Annan släkting",
    Relation.FAMILY_FRIEND: "Familjevän",
    Relation.NEIGHBOUR: "Granne",
    Relation.PROFESSIONAL: "Lärare/annan yrkesperson",
}

# The same relations written out for the middle of a sentence ("nära mor- eller farförälder Anna"),
# as the network's reasons use them.
RELATION_SV = {
    Relation.MOTHER: "mamma",
    Relation.FATHER: "pappa",
    Relation.SIBLING: "syskon",
    Relation.HALF_SIBLING: "halvsyskon",
    Relation.GRANDPARENT: "mor- eller farförälder",
    Relation.MATERNAL_AUNT: "moster",
    Relation.PATERNAL_AUNT: "faster",
    Relation.MATERNAL_UNCLE: "morbror",
    Relation.PATERNAL_UNCLE: "farbror",
    Relation.AUNT_UNCLE: "moster, faster, morbror eller farbror",
    Relation.COUSIN: "kusin",
    Relation.OTHER_RELATIVE: "annan släkting",
    Relation.FAMILY_FRIEND: "familjevän",
    Relation.NEIGHBOUR: "granne",
    Relation.PROFESSIONAL: "lärare eller annan yrkesperson",
}

CONTACT_FREQUENCY = {
    ContactFrequency.WEEKLY: "Varje vecka",
    ContactFrequency.FORTNIGHTLY: "Varannan vecka",
    ContactFrequency.MONTHLY: "Varje månad",
    ContactFrequency.QUARTERLY: "Varje kvartal",
    ContactFrequency.YEARLY: "Varje år",
    ContactFrequency.NONE: "Ingen planerad",
}

KINSHIP_ASSESSMENT = {
    KinshipAssessment.NOT_ASSESSED: "Inte utredd",
    KinshipAssessment.IN_PROGRESS: "Utreds",
    KinshipAssessment.SUITABLE: "Lämplig",
    KinshipAssessment.NOT_SUITABLE: "Inte lämplig",
}

NETWORK_CONCLUSION = {
    NetworkConclusion.KINSHIP_POSSIBLE: "Nätverkshem möjligt",
    NetworkConclusion.NO_SUITABLE_KINSHIP: "Inget lämpligt nätverkshem",
    NetworkConclusion.IN_PROGRESS: "Pågår",
}

# A network member's importance to the child (1–3).
IMPORTANCE = {3: "Mycket viktig", 2: "Viktig", 1: "Viss betydelse"}

BY_ENUM: dict[type[enum.Enum], dict] = {
    Gender: GENDER,
    NeedLevel: NEED_LEVEL,
    Relation: RELATION,
    ContactFrequency: CONTACT_FREQUENCY,
    KinshipAssessment: KINSHIP_ASSESSMENT,
    NetworkConclusion: NETWORK_CONCLUSION,
}
