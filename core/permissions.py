"""Who may do what: roles, actions and the one permission matrix. Services check it; pages and API share it."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field

from core.errors import DomainError


class Role(enum.StrEnum):
    PLACEMENT_SECRETARY = "placement_secretary"  # placeringssekreterare
    SOCIAL_WORKER = "social_worker"  # barnets socialsekreterare
    FAMILY_CARE = "family_care"  # familjevårdsteam / familjehemssekreterare
    BUDGET_GROUP = "budget_group"  # styrgrupp: aggregates only, never personal data
    ADMIN_ASSISTANT = "administrative_assistant"  # administrativ assistent: checks agencies' invoices
    ADMIN = "admin"


class Action(enum.StrEnum):
    HOME_READ = "foster_home:read"
    HOME_WRITE = "foster_home:write"
    HOME_SUPPORT_LOG = "foster_home:support_log"  # read and write the family-care team's contact log
    HOME_EXPORT = "foster_home:export"
    AGENCY_READ = "agency:read"
    AGENCY_WRITE = "agency:write"
    INSTITUTION_READ = "institution:read"
    INSTITUTION_WRITE = "institution:write"
    PERSONAL_NUMBER_FULL = "personal_number:full"  # see foster-home adults' whole personal numbers, not masked
    PROTECTED_LOCATION_OVERRIDE = "protected_location:override"  # with a logged reason
    AUDIT_READ = "audit:read"
    USER_ADMIN = "user:admin"
    OWN_TOKENS = "token:own"
    CHILD_READ = "child:read"
    CHILD_WRITE = "child:write"  # also: sees the child's whole personal number
    SCHOOL_WRITE = "school:write"
    INDICATORS_READ = "indicators:read"  # aggregated, gender-split figures: no names
    RULES_WRITE = "rules:write"  # municipality-set rules (continuity limits, later matching weights, cadences)
    COSTS_READ = "costs:read"  # what placements cost, by pseudonymous placement reference: never a name
    RATES_WRITE = "rates:write"  # the dated rate cards (fees, allowances, social fees)
    BUDGET_WRITE = "budget:write"  # a year's budget per category and unit
    INVOICE_CHECK = "invoice:check"  # check an agency's invoice against the placement sheet (fakturakontroll)


_EVERYONE = {Action.OWN_TOKENS, Action.INDICATORS_READ}  # indicators are counts: every role follows them
# Staff who work with children's cases. The budget group and IT administrators never see a child.
_CHILD_CASEWORK = {Action.CHILD_READ, Action.CHILD_WRITE, Action.SCHOOL_WRITE}

# The permission matrix (role × action). Objects narrow it further: protected locations follow assignment.
PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.PLACEMENT_SECRETARY: frozenset(
        _EVERYONE
        | {
            Action.HOME_READ,
            Action.HOME_WRITE,
            Action.HOME_EXPORT,
            Action.AGENCY_READ,
            Action.AGENCY_WRITE,
            Action.INSTITUTION_READ,
            Action.INSTITUTION_WRITE,
            Action.PERSONAL_NUMBER_FULL,
            Action.COSTS_READ,
            Action.RATES_WRITE,
            Action.BUDGET_WRITE,
            Action.INVOICE_CHECK,
        }
        | _CHILD_CASEWORK
    ),
    Role.FAMILY_CARE: frozenset(
        _EVERYONE
        | {
            Action.HOME_READ,
            Action.HOME_WRITE,
            Action.HOME_SUPPORT_LOG,
            Action.HOME_EXPORT,
            Action.AGENCY_READ,
            Action.INSTITUTION_READ,
            Action.PERSONAL_NUMBER_FULL,
            Action.CHILD_READ,  # they follow up placed children
        }
    ),
    # The child's social worker looks homes up (where is my child?) but does not keep the register.
    Role.SOCIAL_WORKER: frozenset(
        _EVERYONE
        | {Action.HOME_READ, Action.AGENCY_READ, Action.INSTITUTION_READ}
        | _CHILD_CASEWORK
    ),
    # Agencies and institutions are businesses with prices: the budget group may see them; homes are people.
    Role.BUDGET_GROUP: frozenset(_EVERYONE | {Action.AGENCY_READ, Action.INSTITUTION_READ, Action.COSTS_READ}),
    # Invoices name agencies and placement references with amounts, never a child: no child record, no home.
    # Agencies and institutions are businesses every role may look up.
    Role.ADMIN_ASSISTANT: frozenset(
        _EVERYONE | {Action.AGENCY_READ, Action.INSTITUTION_READ, Action.COSTS_READ, Action.INVOICE_CHECK}
    ),
    Role.ADMIN: frozenset(
        _EVERYONE
        | {
            Action.HOME_READ,
            Action.AGENCY_READ,
            Action.INSTITUTION_READ,
            Action.PROTECTED_LOCATION_OVERRIDE,
            Action.AUDIT_READ,
            Action.USER_ADMIN,
            Action.RULES_WRITE,
            Action.SCHOOL_WRITE,
            Action.COSTS_READ,
            Action.RATES_WRITE,
            Action.BUDGET_WRITE,
            Action.INVOICE_CHECK,
        }
    ),
}


class PermissionDeniedError(DomainError):
    status = 403
    title = "Åtkomst nekad"


class AuthenticationRequiredError(DomainError):
    status = 401
    title = "Inloggning krävs"


@dataclass(frozen=True)
class Actor:
    """The acting user of one request (or the system, for seeding), as services receive it."""

    user_id: uuid.UUID | None
    name: str
    roles: frozenset[Role]
    request_id: str | None = None
    client_address: str | None = None
    via_token: bool = False
    permissions: frozenset[Action] = field(init=False)

    def __post_init__(self) -> None:
        granted = frozenset().union(*(PERMISSIONS[role] for role in self.roles)) if self.roles else frozenset()
        object.__setattr__(self, "permissions", granted)

    def can(self, action: Action) -> bool:
        return action in self.permissions


SYSTEM = Actor(user_id=None, name="system", roles=frozenset(Role))
"""Operators' command-line work (migrations, demo data), audited under this name."""
