"""Emergency homes' retainer agreements (uppdragsavtal): the places a home keeps ready for a monthly fee and a
standby allowance, whether or not a child is placed. What a month of one costs is prices.py's rule; like the
rate cards, an agreement starts and ends only in months still open, so a past month's cost never changes."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.audit import AuditAction, authorize, changed_fields, record
from core.database import flush_or_conflict, get_or_404
from core.errors import FieldError, InvalidInputError, NotFoundError
from foster_homes.models import FosterHome, RetainerAgreement
from foster_homes.rate_cards import check_open, first_open_day
from foster_homes.schemas import HomeKind, RetainerIn, RetainerOut
from core.permissions import Action, Actor

HOME_NOT_FOUND = "Familjehemmet finns inte."
RETAINER_NOT_FOUND = "Uppdragsavtalet finns inte."
OVERLAP = "Hemmet har redan ett uppdragsavtal som gäller under en del av perioden."


async def list_retainers(session: AsyncSession, actor: Actor, home_id: uuid.UUID) -> list[RetainerOut]:
    await authorize(session, actor, Action.HOME_READ, "retainer_agreement", home_id)
    await get_or_404(session, FosterHome, home_id, HOME_NOT_FOUND)
    agreements = await session.scalars(select(RetainerAgreement).where(RetainerAgreement.home_id == home_id)
                                       .order_by(RetainerAgreement.valid_from))
    return [RetainerOut.model_validate(agreement) for agreement in agreements]


async def create_retainer(session: AsyncSession, actor: Actor, home_id: uuid.UUID, data: RetainerIn) -> RetainerOut:
    """A retainer agreement for an emergency home, from a day in an open month; logged."""
    await authorize(session, actor, Action.RATES_WRITE, "retainer_agreement", home_id)
    home = await get_or_404(session, FosterHome, home_id, HOME_NOT_FOUND)
    if home.kind != HomeKind.EMERGENCY:
        raise InvalidInputError(FieldError("home_id", "Uppdragsavtal gäller jourhem."))
    check_open("valid_from", data.valid_from, "Ett nytt uppdragsavtal")
    agreement = RetainerAgreement(id=uuid.uuid4(), home_id=home_id, **data.model_dump(), recorded_on=clock.today(),
                                  created_by=actor.name)
    session.add(agreement)
    await flush_or_conflict(session, OVERLAP)
    record(session, actor, AuditAction.CREATE, "retainer_agreement", agreement.id,
           changes=changed_fields({}, data.model_dump(mode="json")), detail=f"jourhem {home_id}")
    return RetainerOut.model_validate(await session.get(RetainerAgreement, agreement.id, populate_existing=True))


async def end_retainer(session: AsyncSession, actor: Actor, home_id: uuid.UUID, agreement_id: uuid.UUID,
                       last_day: dt.date) -> RetainerOut:
    """End an agreement on its last day (inclusive): no earlier than the last day of last month."""
    await authorize(session, actor, Action.RATES_WRITE, "retainer_agreement", agreement_id)
    agreement = await get_or_404(session, RetainerAgreement, agreement_id, RETAINER_NOT_FOUND, for_update=True)
    if agreement.home_id != home_id:
        raise NotFoundError(RETAINER_NOT_FOUND)
    check_open("valid_to", last_day + dt.timedelta(days=1), "Ett avslut av uppdragsavtalet")
    if last_day < agreement.valid_from:
        raise InvalidInputError(FieldError("valid_to", "Avtalets sista dag kan inte ligga före dess första."))
    if agreement.valid_to is not None and agreement.valid_to < first_open_day():
        raise InvalidInputError(FieldError("valid_to", "Avtalet har redan upphört."))
    before = {"valid_to": agreement.valid_to.isoformat() if agreement.valid_to else None}
    agreement.valid_to = last_day
    await flush_or_conflict(session, OVERLAP)
    record(session, actor, AuditAction.UPDATE, "retainer_agreement", agreement.id,
           changes=changed_fields(before, {"valid_to": last_day.isoformat()}))
    return RetainerOut.model_validate(agreement)
