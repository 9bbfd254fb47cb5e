"""Swedish labels of core's code values: roles, audit actions and object types, BBIC domains."""

from __future__ import annotations

import enum

from core.audit import AuditAction
from core.permissions import Role
from core.schemas import BbicDomain

BBIC_DOMAIN = {
    BbicDomain.HEALTH: "Hälsa",
    BbicDomain.EDUCATION: "Utbildning",
    BbicDomain.EMOTIONAL_BEHAVIOURAL: "Känslo- och beteendemässig utveckling",
    BbicDomain.IDENTITY: "Identitet",
    BbicDomain.FAMILY_SOCIAL_RELATIONS: "Familj och sociala relationer",
    BbicDomain.SOCIAL_PRESENTATION: "Socialt uppträdande",
    BbicDomain.SELF_CARE: "Förmåga att klara sig själv",
}

ROLE = {
    Role.PLACEMENT_SECRETARY: "Placeringssekreterare",
    Role.SOCIAL_WORKER: "Barnets socialsekreterare",
    Role.FAMILY_CARE: "Familjevårdsteam",
    Role.BUDGET_GROUP: "Styrgrupp (budget)",
    Role.ADMIN_ASSISTANT: "Administrativ assistent",
    Role.ADMIN: "Administratör",
}

AUDIT_ACTION = {
    AuditAction.READ: "Läsning",
    AuditAction.CREATE: "Skapande",
    AuditAction.UPDATE: "Ändring",
    AuditAction.CLOSE: "Avslut",
    AuditAction.EXPORT: "Export",
    AuditAction.SIGN_IN: "Inloggning",
    AuditAction.SIGN_IN_FAILED: "Misslyckad inloggning",
    AuditAction.SIGN_OUT: "Utloggning",
    AuditAction.PERMISSION_DENIED: "Nekad åtkomst",
}

# The object types the services write to the audit log; a type not named here is shown as it is stored.
AUDIT_OBJECT_TYPE = {
    "foster_home": "Familjehem",
    "home_support_contact": "Stödkontakt",
    "agency": "Konsulentverksamhet",
    "agency_contract": "Avtal",
    "institution": "Institution",
    "user": "Användare",
    "api_token": "API-token",
    "audit_log": "Logg",
    # children, their network and school
    "child": "Barn",
    "child_wish": "Barnets åsikter",
    "network_member": "Person i nätverket",
    "school": "Skola",
    "enrolment": "Skolgång",
    # matching
    "placement_request": "Förfrågan",
    "decision_record": "Matchningsunderlag",
    # placements and follow-ups
    "placement": "Placering",
    "followup_item": "Uppföljning",
    "calendar_feed": "Kalenderadress",
}

BY_ENUM: dict[type[enum.Enum], dict] = {
    BbicDomain: BBIC_DOMAIN,
    Role: ROLE,
    AuditAction: AUDIT_ACTION,
}
