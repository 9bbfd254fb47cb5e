"""The dated rate cards: listing them, adding a new version, and the version in force on a day. What a card
pays (a fee by level, an allowance by age, the social fees) is prices.py's rule. A version is never changed,
and a new one never starts before the current month, so a past month's cost stays what it was."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.audit import AuditAction, authorize, changed_fields, record
from core.database import flush_or_conflict
from core.errors import FieldError, InvalidInputError
from core.permissions import Action, Actor
from foster_homes import prices
from foster_homes.models import RateCard
from foster_homes.schemas import RateCardIn, RateCardOut

NO_RATE_CARD = "Det finns ingen arvodestabell som gäller då. Lägg in den under Ekonomi, Arvoden."

_SKR_2023 = ("11237", "13132", "15040", "17255")  # SKR's recommended fees 2023: basic and three raised levels
_INDEXED_2024 = ("11417", "13342", "15281", "17531")  # the same +1.6 % (2024), to the krona
_DEFAULT_NOTE = "Standardvärden (SKR:s nivåer, DOMAIN.md §4). Lägg in kommunens egna som en ny version."
DEFAULT_RATE_CARDS: tuple[RateCardIn, ...] = tuple(
    RateCardIn(valid_from=valid_from, price_base_amount=Decimal(price_base), senior_from_age=senior,
               note=_DEFAULT_NOTE, **dict(zip(("fee_basic", "fee_raised_1", "fee_raised_2", "fee_raised_3"),
                                              map(Decimal, fees))))
    for valid_from, price_base, senior, fees in ((dt.date(2023, 1, 1), "52500", 66, _SKR_2023),
                                                 (dt.date(2024, 1, 1), "57300", 66, _INDEXED_2024),
                                                 (dt.date(2025, 1, 1), "58800", 66, _INDEXED_2024),
                                                 (dt.date(2026, 1, 1), "59200", 67, _INDEXED_2024))
)
"""A new municipality starts from these: SKR's 2023 fees, indexed by 1.6 % for 2024; the expense allowance
as 110 % and 125 % of the year's prisbasbelopp (2023 52 500, 2024 57 300, 2025 58 800, 2026 59 200); social
fees 31.42 % and 10.21 % for a foster parent who had turned 66 (67 from 2026) before the year. The 2025 and
2026 fees repeat 2024's until the municipality enters its own (no public index for them is known here): a
new version, never an edit."""
DEFAULTS_BY = "Placera (standardvärden)"


async def ensure_defaults(session: AsyncSession) -> None:
    """Write the default versions if there are none (the first reader does; a second skips what it wrote)."""
    if await session.scalar(select(RateCard.id).limit(1)) is not None:
        return
    rows = [{"id": uuid.uuid4(), "created_by": DEFAULTS_BY, **card.model_dump()} for card in DEFAULT_RATE_CARDS]
    await session.execute(insert(RateCard).values(rows).on_conflict_do_nothing(index_elements=["valid_from"]))


def rate_card_out(card: RateCard, valid_to: dt.date | None) -> RateCardOut:
    return RateCardOut(
        **{column: getattr(card, column) for column in RateCardOut.model_fields
           if column not in ("valid_to", "allowance_younger", "allowance_older")},
        valid_to=valid_to,
        allowance_younger=prices.card_allowance(card, 0),
        allowance_older=prices.card_allowance(card, card.allowance_older_from_age),
    )


async def list_rate_cards(session: AsyncSession, actor: Actor) -> list[RateCardOut]:
    """Every version, oldest first, each with the day it ends (the day before the next begins)."""
    await authorize(session, actor, Action.COSTS_READ, "rate_card")
    await ensure_defaults(session)
    cards = list(await session.scalars(select(RateCard).order_by(RateCard.valid_from)))
    ends = [following.valid_from - dt.timedelta(days=1) for following in cards[1:]] + [None]
    return [rate_card_out(card, valid_to) for card, valid_to in zip(cards, ends)]


def first_open_day() -> dt.date:
    """The first day whose cost may still change: this month's first. A past month's cost never changes."""
    return clock.today().replace(day=1)


def check_open(field: str, day: dt.date, what: str) -> None:
    """A dated price (a rate card, a retainer agreement) may start or end only where months are still open."""
    if day < first_open_day():
        raise InvalidInputError(FieldError(
            field, f"{what} kan gälla tidigast från {first_open_day().isoformat()}: passerade månader ändras inte."))


async def create_rate_card(session: AsyncSession, actor: Actor, data: RateCardIn) -> RateCardOut:
    """A new version from a date in this month or later: a past month's cost never changes."""
    await authorize(session, actor, Action.RATES_WRITE, "rate_card")
    await ensure_defaults(session)
    check_open("valid_from", data.valid_from, "En ny arvodestabell")
    card = RateCard(**data.model_dump(), created_by=actor.name)
    session.add(card)
    await flush_or_conflict(session, f"Det finns redan en arvodestabell som gäller från {data.valid_from.isoformat()}.")
    record(session, actor, AuditAction.CREATE, "rate_card", card.id,
           changes=changed_fields({}, data.model_dump(mode="json")))
    saved = await session.get(RateCard, card.id, populate_existing=True)  # the amounts as stored, to the öre
    return rate_card_out(saved, await _next_start(session, card.valid_from))


async def _next_start(session: AsyncSession, valid_from: dt.date) -> dt.date | None:
    following = await session.scalar(select(RateCard.valid_from).where(RateCard.valid_from > valid_from)
                                     .order_by(RateCard.valid_from).limit(1))
    return following - dt.timedelta(days=1) if following else None


async def rate_card_on(session: AsyncSession, day: dt.date, *, estimate: bool = False) -> RateCard:
    """The version in force on ``day`` (the latest that has begun by then). For an ``estimate`` (matching's
    expected cost) a day before every version takes the earliest; a booking then is refused."""
    await ensure_defaults(session)
    card = await session.scalar(select(RateCard).where(RateCard.valid_from <= day)
                                .order_by(RateCard.valid_from.desc()).limit(1))
    if card is None and estimate:
        card = await session.scalar(select(RateCard).order_by(RateCard.valid_from).limit(1))
    if card is None:
        raise InvalidInputError(FieldError("starts_on", NO_RATE_CARD))
    return card
