"""Swedish labels of placements' code values: requests, placements, their endings and follow-ups."""

from __future__ import annotations

import enum

from placements.schemas import (
    EndReason,
    ExtraLineKind,
    FollowupStatus,
    LegalBasis,
    PlacementSetting,
    RequestKind,
    RequestStatus,
    Urgency,
)

REQUEST_KIND = {
    RequestKind.LONG_TERM: "Långsiktig",
    RequestKind.EMERGENCY: "Jour",
    RequestKind.RESPITE: "Avlastning",
}

LEGAL_BASIS = {
    LegalBasis.SOL: "SoL (frivillig)",
    LegalBasis.LVU_2: "LVU 2 § (hemmiljön)",
    LegalBasis.LVU_3: "LVU 3 § (eget beteende)",
    LegalBasis.LVU_6: "LVU 6 § (omedelbart omhändertagande)",
}

URGENCY = {Urgency.NORMAL: "Normal", Urgency.HIGH: "Hög", Urgency.ACUTE: "Akut"}

REQUEST_STATUS = {
    RequestStatus.OPEN: "Öppen",
    RequestStatus.MATCHED: "Matchad",
    RequestStatus.PLACED: "Placerad",
    RequestStatus.WITHDRAWN: "Återkallad",
}

END_REASON = {
    EndReason.PLANNED_RETURN_HOME: "Planerad återgång hem",
    EndReason.CUSTODY_TRANSFER: "Vårdnadsöverflyttning",
    EndReason.ADOPTION: "Adoption",
    EndReason.AGE: "Ålder",
    EndReason.PLANNED_MOVE: "Planerad flytt",
    EndReason.UNPLANNED_MOVE: "Oplanerad flytt (sammanbrott)",
    EndReason.OTHER: "Annat",
}

PLACEMENT_SETTING = {
    PlacementSetting.FAMILY_HOME: "Familjehem",
    PlacementSetting.EMERGENCY_HOME: "Jourhem",
    PlacementSetting.INSTITUTION: "Institution",
}

FOLLOWUP_STATUS = {
    FollowupStatus.OPEN: "Öppen",
    FollowupStatus.DONE: "Gjord",
    FollowupStatus.CANCELLED: "Inställd",
}

EXTRA_LINE_KIND = {
    ExtraLineKind.COST: "Tilläggskostnad",
    ExtraLineKind.PARENTAL_CONTRIBUTION: "Ersättning från föräldrar",
    ExtraLineKind.CHILD_ALLOWANCE: "Barnbidrag (avräknas)",
    ExtraLineKind.RECLAIMED: "Återsökt kostnad",
    ExtraLineKind.OTHER_REVENUE: "Annan intäkt",
}

BY_ENUM: dict[type[enum.Enum], dict] = {
    RequestKind: REQUEST_KIND,
    LegalBasis: LEGAL_BASIS,
    Urgency: URGENCY,
    RequestStatus: REQUEST_STATUS,
    EndReason: END_REASON,
    PlacementSetting: PLACEMENT_SETTING,
    FollowupStatus: FOLLOWUP_STATUS,
    ExtraLineKind: EXTRA_LINE_KIND,
}
