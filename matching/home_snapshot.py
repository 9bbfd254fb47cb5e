"""The register's homes as engine columns, kept in memory per process and reloaded when the register changes.

Loading and encoding 25 000 homes takes seconds; ranking them takes milliseconds. So each process keeps one
copy tagged with the register's version (foster_homes.register_version, bumped at the commit of every write
matching reads) and compares the version, one tiny query, before each use. The version is read before the
data, so a copy is never older than its tag: at worst a write between the two reads costs one more reload.

What depends on the day (free places, the home's load, the agency price in force) is computed from the
copy for the request's start date; what depends on the reader (a protected home's location) is checked per
reader against their assignments.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from dataclasses import dataclass

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import authorize
from core.permissions import Action, Actor
from foster_homes import capacity, prices
from foster_homes.labels import home_label
from foster_homes import service as foster_homes
from foster_homes.schemas import ContractLevel, HomeFacts, HomeStatus
from placements import service as bookings
from matching.engine import HomeRow, HomeTable

OPEN_END = dt.date.max.toordinal()
LEVELS = list(ContractLevel)
EXPERIENCE_ORDER = {"none": 0, "some": 1, "substantial": 2, "extensive": 3}
RECENTLY_PLACED_DAYS = 183
YOUNG_CHILD_YEARS = 3


@dataclass(frozen=True)
class HomesOnDay:
    table: HomeTable  # ``free`` and ``young_or_new`` as on the day
    daily_price: np.ndarray  # the agency's daily price in force that day; nan for own homes or no contract


@dataclass(frozen=True)
class PlacedChildren:
    """Who is placed in the homes (one entry per placed child), and each home's history of placements."""

    version: uuid.UUID | None
    home: np.ndarray  # home index
    placed_from: np.ndarray  # ordinal
    placed_until: np.ndarray  # ordinal, the first day the place is free again (OPEN_END when open)
    birth_year: np.ndarray
    unplanned_endings: np.ndarray  # per home: placements that ended unplanned in the last five years
    earlier_children: list[frozenset[uuid.UUID]]  # per home: children who lived there and left as planned


@dataclass(frozen=True)
class RegisterSnapshot:
    version: uuid.UUID | None
    table: HomeTable  # ``free`` holds the home's places before any placed child is counted
    index: dict[uuid.UUID, int]
    protected: np.ndarray  # bool
    price_group: np.ndarray  # int per home: index into price_keys, -1 for no agency
    price_keys: list[tuple[uuid.UUID, str]]  # (agency, level)
    prices: list[tuple[int, dt.date, dt.date | None, float]]  # (price group, valid from, valid to, daily price)
    placed: PlacedChildren

    def on(self, day: dt.date) -> HomesOnDay:
        """Free places from ``day`` on, load and prices as on ``day`` (placed children occupy up to the day
        before they leave). A new place is open-ended, so a home is as full as its fullest day from ``day`` on
        (a child already booked to arrive later counts), as booking counts it."""
        n, d, placed = len(self.table), day.toordinal(), self.placed
        present = (placed.placed_from <= d) & (d < placed.placed_until)
        occupied = capacity.occupied_from_arrays(d, placed.home, placed.placed_from, placed.placed_until, n)
        young_or_new = present & (
            (placed.birth_year >= day.year - YOUNG_CHILD_YEARS) | (placed.placed_from > d - RECENTLY_PLACED_DAYS)
        )
        group_price = prices.prices_in_force(day, len(self.price_keys), self.prices)
        table = dataclasses.replace(
            self.table,
            unplanned_endings=placed.unplanned_endings,
            earlier_children=placed.earlier_children,
            free=np.maximum(self.table.free - occupied, 0),
            young_or_new=np.bincount(placed.home[young_or_new], minlength=n),
        )
        return HomesOnDay(table, group_price[self.price_group])

    def visible_to(self, located: set[uuid.UUID]) -> np.ndarray:
        """Whether the reader may see each home's location: unprotected, or a protected home they are assigned."""
        visible = ~self.protected
        for home_id in located:
            if home_id in self.index:
                visible[self.index[home_id]] = True
        return visible


_cached: RegisterSnapshot | None = None


async def current(session: AsyncSession, actor: Actor) -> RegisterSnapshot:
    """This process's copy of the register, reloaded first if the register has changed since it was made:
    wholly when a home changed, only the placed children when just they did (a booking)."""
    global _cached
    await authorize(session, actor, Action.HOME_READ, "foster_home")
    homes_version, placed_version = await foster_homes.register_versions(session)
    snapshot = _cached
    if snapshot is None or homes_version is None or snapshot.version != homes_version:
        snapshot = await load(session, homes_version, placed_version)
    elif placed_version is None or snapshot.placed.version != placed_version:
        snapshot = dataclasses.replace(snapshot, placed=await _load_placed(session, snapshot.index, placed_version))
    if homes_version is not None and placed_version is not None:  # an unknown version is never cached
        _cached = snapshot
    return snapshot


def forget() -> None:
    """Drop the copy (tests that change the register behind the version's back)."""
    global _cached
    _cached = None


async def load(session: AsyncSession, version: uuid.UUID | None, placed_version: uuid.UUID | None) -> RegisterSnapshot:
    facts = await foster_homes.homes_for_matching(session)
    table = HomeTable.from_rows([home_row(f) for f in facts])
    index = {f.id: i for i, f in enumerate(facts)}
    price_keys = sorted({(f.agency_id, f.contract_level.value) for f in facts if f.agency_id and f.contract_level},
                        key=lambda key: (str(key[0]), key[1]))
    group_of = {key: i for i, key in enumerate(price_keys)}
    price_group = np.array(
        [group_of.get((f.agency_id, f.contract_level.value if f.contract_level else None), -1) for f in facts],
        dtype=np.int64,
    )
    contract_prices = [
        (group_of[(p.agency_id, p.level.value)], p.valid_from, p.valid_to, float(p.daily_price))
        for p in await foster_homes.contract_prices_for_matching(session)
        if (p.agency_id, p.level.value) in group_of
    ]
    return RegisterSnapshot(
        version=version, table=table, index=index,
        protected=np.array([bool(f.protected_identity) for f in facts], dtype=bool),
        price_group=price_group, price_keys=price_keys, prices=contract_prices,
        placed=await _load_placed(session, index, placed_version),
    )


async def _load_placed(session: AsyncSession, index: dict[uuid.UUID, int], version: uuid.UUID | None) -> PlacedChildren:
    placed = [p for p in await foster_homes.placed_children_for_matching(session) if p.home_id in index]
    unplanned, earlier = np.zeros(len(index), dtype=np.int64), [frozenset()] * len(index)
    for home_id, (endings, children) in (await bookings.home_histories(session)).items():
        if home_id in index:
            unplanned[index[home_id]], earlier[index[home_id]] = endings, children
    return PlacedChildren(
        version=version,
        home=np.array([index[p.home_id] for p in placed], dtype=np.int64),
        placed_from=np.array([p.placed_from.toordinal() for p in placed], dtype=np.int64),
        placed_until=np.array([p.placed_until.toordinal() if p.placed_until else OPEN_END for p in placed],
                              dtype=np.int64),
        birth_year=np.array([p.birth_year for p in placed], dtype=np.int64),
        unplanned_endings=unplanned, earlier_children=earlier,
    )


def home_row(f: HomeFacts) -> HomeRow:
    return HomeRow(
        id=f.id, name=home_label(f.name, f.reference, f.city, f.protected_identity), kind=f.kind.value, approved=f.status == HomeStatus.APPROVED, free=f.places,
        placement_kinds=tuple(f.placement_kinds), age_min=f.age_min, age_max=f.age_max, latitude=f.latitude,
        longitude=f.longitude, municipality=f.municipality, monthly_cost=0.0, available_from=f.available_from,
        max_sibling_group=f.max_sibling_group, gender=f.gender_preference.value, tags=frozenset(f.tags),
        pets=tuple(f.pets), adult_numbers=tuple(f.adult_numbers or ()),
        experience={domain: EXPERIENCE_ORDER[level]
                    for domain, level in (value.split(":", 1) for value in f.experience or ())},
        trained=frozenset(str(d) for d in f.trained or () if d is not None),  # array_agg gives plain text
        languages=frozenset(lang for joined in f.languages or () for lang in joined.split(",") if lang),
        religion=f.religion_culture,
    )
