"""Input and output of accounts and tokens, with the password policy."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Annotated

from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from core.permissions import Role
from core.schemas import InputModel, OptionalShortText, OutputModel, PlaceText, ShortText

PASSWORD_MIN_LENGTH = 12
PASSWORD_POLICY = (
    f"Lösenordet ska ha minst {PASSWORD_MIN_LENGTH} tecken, minst 5 olika tecken, "
    "och får inte innehålla ditt namn eller din e-postadress eller vara ett vanligt lösenord."
)
_COMMON_PASSWORDS = {
    "password1234", "lösenord1234", "losenord1234", "123456789012", "qwertyuiopå", "sommar2026!!",
    "vinter2026!!", "placera12345", "abcdefghijkl", "qwerty123456", "admin1234567",
}


def _email(value: str) -> str:
    value = value.strip().lower()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) or len(value) > 254:
        raise ValueError("Ogiltig e-postadress.")
    return value


Email = Annotated[str, AfterValidator(_email)]


def check_password(password: str, *, name: str | None = None, email: str | None = None) -> str:
    """Return the password or raise ValueError naming the broken rule (in Swedish)."""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise ValueError(f"Lösenordet måste ha minst {PASSWORD_MIN_LENGTH} tecken.")
    if len(password) > 200:
        raise ValueError("Lösenordet får ha högst 200 tecken.")
    if len(set(password)) < 5:
        raise ValueError("Lösenordet måste innehålla minst 5 olika tecken.")
    lowered = password.lower()
    if lowered in _COMMON_PASSWORDS:
        raise ValueError("Lösenordet är för vanligt; välj ett annat.")
    local_part = (email or "").split("@")[0]
    personal = [part for part in re.split(r"[\s.\-_]+", f"{name or ''} {local_part}".lower()) if len(part) >= 3]
    if any(part in lowered for part in personal):
        raise ValueError("Lösenordet får inte innehålla ditt namn eller din e-postadress.")
    return password


def _roles(values: list[Role]) -> list[Role]:
    return list(dict.fromkeys(values))


Roles = Annotated[list[Role], AfterValidator(_roles), Field(min_length=1)]


class UserCreate(InputModel):
    name: ShortText
    email: Email
    unit: OptionalShortText = None
    team: OptionalShortText = None
    roles: Roles
    password: str = Field(validate_default=True, repr=False)

    @field_validator("password")
    @classmethod
    def _policy(cls, password: str, info: ValidationInfo) -> str:
        return check_password(password, name=info.data.get("name"), email=info.data.get("email"))


class UserUpdate(InputModel):
    name: ShortText
    unit: OptionalShortText = None
    team: OptionalShortText = None
    roles: Roles
    active: bool = True
    version: int = Field(ge=1)


class PasswordReset(InputModel):
    password: str = Field(repr=False)
    version: int = Field(ge=1)


class SignIn(InputModel):
    email: Annotated[str, Field(min_length=1, max_length=254)]
    password: Annotated[str, Field(min_length=1, max_length=200, repr=False)]


class UserOut(OutputModel):
    id: uuid.UUID
    name: str
    email: str
    unit: str | None
    team: str | None
    roles: list[Role]
    active: bool
    locked_until: dt.datetime | None
    last_sign_in_at: dt.datetime | None
    version: int


class TokenCreate(InputModel):
    name: PlaceText
    expires_in_days: int | None = Field(default=365, ge=1, le=3650)


class TokenOut(OutputModel):
    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class CreatedToken(TokenOut):
    token: str
    """The token itself: shown this once, never stored."""
