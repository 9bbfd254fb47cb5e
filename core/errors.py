"""Domain errors. The web layer maps them to problem+json responses; messages are Swedish for the users."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FieldError:
    field: str
    """Dotted path of the field, e.g. ``capacity.age_max`` or ``household_adults.0.personal_number``."""
    message: str


class DomainError(Exception):
    status = 400
    title = "Felaktig begäran"

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class NotFoundError(DomainError):
    status = 404
    title = "Hittades inte"


class ConflictError(DomainError):
    """A stale edit, a full home, a rule the current state forbids."""

    status = 409
    title = "Konflikt"


class InvalidInputError(DomainError):
    """Input that passed the schema but breaks a rule only the service can check (e.g. unknown agency)."""

    status = 422
    title = "Ogiltiga uppgifter"

    def __init__(self, errors: list[FieldError] | FieldError, detail: str = "En eller flera uppgifter är felaktiga."):
        super().__init__(detail)
        self.errors = errors if isinstance(errors, list) else [errors]

