"""One demo user per role, so a newcomer can sign in to `make demo` in every role."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from accounts import service
from accounts.schemas import UserCreate
from core.permissions import SYSTEM, Role

# The family-care secretary of the demo's protected homes and some others (foster_homes.demo.seed_demo).
FAMILY_CARE_EMAIL = "familjevard@demo.placera.se"

# Demo only: printed by `make demo`. A real installation creates users with `placera users add`.
# (name, e-mail, role, unit, password); teams are in DEMO_TEAMS.
DEMO_USERS = [
    ("Pia Placering", "placering@demo.placera.se", Role.PLACEMENT_SECRETARY, "Barn och unga", "demo-Matchning-2026"),
    ("Sam Socialsekreterare", "barnsekreterare@demo.placera.se", Role.SOCIAL_WORKER, "Barn och unga", "demo-Umgangesplan-2026"),
    ("Fia Familjevård", FAMILY_CARE_EMAIL, Role.FAMILY_CARE, "Barn och unga", "demo-Handledning-2026"),
    ("Bo Budget", "styrgrupp@demo.placera.se", Role.BUDGET_GROUP, "Styrgruppen", "demo-Prognos-2026"),
    ("Asta Assistent", "assistent@demo.placera.se", Role.ADMIN_ASSISTANT, "Ekonomi och administration",
     "demo-Fakturor-2026"),
    ("Ada Admin", "admin@demo.placera.se", Role.ADMIN, "IT och system", "demo-Loggkontroll-2026"),
]

# The follow-up lists' "Mitt team" and "Min enhet": the children's social worker and the placement secretary
# share the children's cases in one team; the family-care secretary is in the same unit, another team.
DEMO_TEAMS = {
    "placering@demo.placera.se": "Barnteam Väst",
    "barnsekreterare@demo.placera.se": "Barnteam Väst",
    FAMILY_CARE_EMAIL: "Familjevårdsteamet",
}


async def seed_demo_users(session: AsyncSession) -> list[tuple[str, str, Role]]:
    """Create the demo users that are missing, and give those made before teams existed their unit and team;
    return (e-mail, password, role) of each."""
    for name, email, role, unit, password in DEMO_USERS:
        team = DEMO_TEAMS.get(email)
        user = await service.find_user_by_email(session, email)
        if user is None:
            data = UserCreate(name=name, email=email, unit=unit, team=team, roles=[role], password=password)
            await service.create_user(session, SYSTEM, data)
        elif user.team is None and team is not None:
            user.unit, user.team = unit, team
            await session.commit()
    return [(email, password, role) for _, email, role, _, password in DEMO_USERS]
