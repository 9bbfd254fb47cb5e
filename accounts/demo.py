"""One demo user per role, so a newcomer can sign in to `make demo` in every role."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from accounts import service
from accounts.schemas import UserCreate
from core.permissions import SYSTEM, Role

# The family-care secretary of the demo's protected homes and some others (foster_homes.demo.seed_demo).
FAMILY_CARE_EMAIL = "familjevard@demo.placera.se"

# Demo only: printed by `make demo`. A real installation creates users with `placera users add`.
DEMO_USERS = [
    ("Pia Placering", "placering@demo.placera.se", Role.PLACEMENT_SECRETARY, "Enhet placering", "demo-Matchning-2026"),
    ("Sam Socialsekreterare", "barnsekreterare@demo.placera.se", Role.SOCIAL_WORKER, "Barn och unga", "demo-Umgangesplan-2026"),
    ("Fia Familjevård", FAMILY_CARE_EMAIL, Role.FAMILY_CARE, "Familjevårdsteamet", "demo-Handledning-2026"),
    ("Bo Budget", "styrgrupp@demo.placera.se", Role.BUDGET_GROUP, "Styrgruppen", "demo-Prognos-2026"),
    ("Ada Admin", "admin@demo.placera.se", Role.ADMIN, "IT och system", "demo-Loggkontroll-2026"),
]


async def seed_demo_users(session: AsyncSession) -> list[tuple[str, str, Role]]:
    """Create the demo users that are missing; return (e-mail, password, role) of each."""
    for name, email, role, unit, password in DEMO_USERS:
        if await service.find_user_by_email(session, email) is None:
            data = UserCreate(name=name, email=email, unit=unit, roles=[role], password=password)
            await service.create_user(session, SYSTEM, data)
    return [(email, password, role) for _, email, role, _, password in DEMO_USERS]
