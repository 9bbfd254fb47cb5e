"""Generated school register: the demo municipality's schools, and schools nationally at scale.

``seed_demo_schools`` loads about sixty schools around the Stockholm districts and the nearby
municipalities where the foster-home demo's homes are (förskolor, F–6, 7–9, F–9, gymnasier and a few
anpassade skolor); ``seed_scale_schools`` adds any number of schools over Swedish municipality centres
(5 000 is the national size). Both draw from ``random.Random(seed)``, so the same seed gives the same
schools and ids. Skolenhetskoder are eight digits, unique, and drawn from a stream of their own that
skips codes already in the database (so skipping never shifts the other draws).

Rows are plain dicts inserted in bulk with SQLAlchemy Core, like the foster-home demo.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from demo.homes import NATIONAL_CENTRES, STOCKHOLM_COUNTY, Area
from schooling.models import School
from schooling.schemas import SchoolKind

BATCH_SCHOOLS = 2_000

KIND_LABELS = {
    SchoolKind.PRESCHOOL: "förskolor",
    SchoolKind.PRIMARY_F6: "F–6-skolor",
    SchoolKind.PRIMARY_79: "7–9-skolor",
    SchoolKind.PRIMARY_F9: "F–9-skolor",
    SchoolKind.UPPER_SECONDARY: "gymnasier",
    SchoolKind.ADAPTED: "anpassade skolor",
}


def _district(city: str, street: str) -> Area:
    """The foster-home demo's area for a city district, found by one of its streets (robust to reordering)."""
    return next(area for area in STOCKHOLM_COUNTY if area.city == city and street in area.streets)


# The districts and nearby municipalities of the demo: the same areas the demo's homes are spread over.
DISTRICTS = {
    "Tensta": _district("Spånga", "Tensta allé"),
    "Rinkeby": _district("Spånga", "Rinkebysvängen"),
    "Kista": _district("Kista", "Trondheimsgatan"),
    "Hässelby": _district("Hässelby", "Maltesholmsvägen"),
    "Vällingby": _district("Vällingby", "Kirunagatan"),
    "Skärholmen": _district("Skärholmen", "Bredängsvägen"),
    "Farsta": _district("Farsta", "Farstavägen"),
    "Bandhagen": _district("Bandhagen", "Rågsvedsvägen"),
    "Bromma": _district("Bromma", "Ulvsundavägen"),
    "Huddinge": _district("Huddinge", "Sjödalsvägen"),
    "Tumba": _district("Tumba", "Tumbavägen"),
    "Norsborg": _district("Norsborg", "Hallundavägen"),
    "Jakobsberg": _district("Jakobsberg", "Vasavägen"),
    "Sollentuna": _district("Sollentuna", "Sollentunavägen"),
    "Sundbyberg": _district("Sundbyberg", "Landsvägen"),
    "Nacka": _district("Nacka", "Värmdövägen"),
    "Handen": _district("Handen", "Dalarövägen"),
    "Tyresö": _district("Tyresö", "Bollmoravägen"),
    "Södertälje": _district("Södertälje", "Storgatan"),
}

P, F6, S79, F9, GY, AN = (
    SchoolKind.PRESCHOOL,
    SchoolKind.PRIMARY_F6,
    SchoolKind.PRIMARY_79,
    SchoolKind.PRIMARY_F9,
    SchoolKind.UPPER_SECONDARY,
    SchoolKind.ADAPTED,
)

# (name, kind, district). Most schools are in the Stockholm districts where the demo's children live.
DEMO_SCHOOLS: tuple[tuple[str, SchoolKind, str], ...] = (
    # Spånga-Tensta
    ("Förskolan Tensta gård", P, "Tensta"),
    ("Förskolan Hjulsta", P, "Tensta"),
    ("Förskolan Glömmingen", P, "Tensta"),
    ("Hjulsta grundskola", F9, "Tensta"),
    ("Elinsborgsskolan", F6, "Tensta"),
    ("Spånga grundskola", S79, "Tensta"),
    ("Spånga gymnasium", GY, "Tensta"),
    # Rinkeby-Kista
    ("Förskolan Kuddby", P, "Rinkeby"),
    ("Förskolan Askeby", P, "Rinkeby"),
    ("Kvarnbyskolan", F6, "Rinkeby"),
    ("Knutbyskolan", F6, "Rinkeby"),
    ("Rinkebyskolan", S79, "Rinkeby"),
    ("Rinkeby anpassade grundskola", AN, "Rinkeby"),
    ("Förskolan Sibelius", P, "Kista"),
    ("Förskolan Trondheim", P, "Kista"),
    ("Kista grundskola", F9, "Kista"),
    ("Husbygårdsskolan", F9, "Kista"),
    ("Eriksbergsskolan", F6, "Kista"),
    ("Kista gymnasium", GY, "Kista"),
    # Hässelby-Vällingby
    ("Förskolan Maltesholm", P, "Hässelby"),
    ("Hässelby Villastads skola", F9, "Hässelby"),
    ("Loviselundsskolan", F6, "Hässelby"),
    ("Hässelby gymnasium", GY, "Hässelby"),
    ("Förskolan Råcksta", P, "Vällingby"),
    ("Grimstaskolan", F6, "Vällingby"),
    ("Vällingbyskolan", S79, "Vällingby"),
    ("Vällingby anpassade gymnasieskola", AN, "Vällingby"),
    # Skärholmen, Farsta, Bandhagen, Bromma
    ("Förskolan Bredäng", P, "Skärholmen"),
    ("Förskolan Sätra", P, "Skärholmen"),
    ("Bredängsskolan", F9, "Skärholmen"),
    ("Sätraskolan", F6, "Skärholmen"),
    ("Skärholmens grundskola", S79, "Skärholmen"),
    ("Förskolan Larsboda", P, "Farsta"),
    ("Sandåkraskolan", F6, "Farsta"),
    ("Farsta grundskola", F9, "Farsta"),
    ("Farsta gymnasium", GY, "Farsta"),
    ("Förskolan Trollesund", P, "Bandhagen"),
    ("Rågsvedsskolan", F9, "Bandhagen"),
    ("Förskolan Nockeby", P, "Bromma"),
    ("Alviksskolan", F6, "Bromma"),
    ("Brommaplansskolan", S79, "Bromma"),
    # Nearby municipalities
    ("Förskolan Glömsta", P, "Huddinge"),
    ("Sjödalsskolan", F6, "Huddinge"),
    ("Kästa skola", F9, "Huddinge"),
    ("Huddinge gymnasium", GY, "Huddinge"),
    ("Huddinge anpassade grundskola", AN, "Huddinge"),
    ("Förskolan Kassmyra", P, "Tumba"),
    ("Storvretsskolan", F6, "Tumba"),
    ("Tumba gymnasium", GY, "Tumba"),
    ("Hallundaskolan", F9, "Norsborg"),
    ("Förskolan Ekbacken", P, "Jakobsberg"),
    ("Ekbackens skola", F6, "Jakobsberg"),
    ("Viksjöskolan", S79, "Jakobsberg"),
    ("Turebergsskolan", F9, "Sollentuna"),
    ("Hallonbergsskolan", F6, "Sundbyberg"),
    ("Ektorpsskolan", F6, "Nacka"),
    ("Vikingaskolan", S79, "Handen"),
    ("Haninge anpassade grundskola", AN, "Handen"),
    ("Bollmoraskolan", F9, "Tyresö"),
    ("Hovsjöskolan", F9, "Södertälje"),
    ("Södertälje gymnasium", GY, "Södertälje"),
)

# National mix of school units (Skolverket: many small preschools, fewer upper-secondary schools).
SCALE_KIND_SHARES = {P: 0.30, F6: 0.25, S79: 0.08, F9: 0.17, GY: 0.15, AN: 0.05}
# First parts of compound school names: Björkskolan, Lundagymnasiet, Slottsskolan …
NAME_WORDS = tuple(
    "Ek, Björk, Lind, Sol, Äng, Berg, Sjö, Hag, Vik, Ros, Tall, Gran, Strand, Back, Dal, Kvarn, Park, Torn, "
    "Lärk, Al, Rönn, Hassel, Käll, Bäck, Ås, Mosse, Lunda, Holm, Näs, Udde, Kulla, Högby, Furu, Lövsta, "
    "Vall, Hed, Tuna, Norr, Söder, Väster, Öster, Kyrk, Slotts, Bro, Fors, Myr, Sand, Sten, Ekbacke, Tallbacka".split(", ")
)
PRESCHOOL_WORDS = tuple(
    "Solrosen, Trollet, Myrstacken, Ekorren, Regnbågen, Lingonet, Humlan, Kotten, Skogsgläntan, Blåklockan, "
    "Nyckelpigan, Igelkotten, Snäckan, Stjärnan, Tittut, Pärlan, Fjärilen, Uggla, Smultronet, Vitsippan".split(", ")
)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=clock.SWEDISH_TIME)


class SchoolMaker:
    """Makes school rows; the unit codes come from a stream of their own that skips taken codes."""

    def __init__(self, rng: random.Random, today: dt.date, taken_unit_codes=frozenset()):
        self.rng = rng
        self.today = today
        self._code_rng = random.Random(rng.getrandbits(64))
        self._taken = set(taken_unit_codes)
        self._names: set[tuple[str, str]] = set()

    def unit_code(self) -> str:
        while True:
            code = f"{self._code_rng.randrange(10**7, 10**8)}"
            if code not in self._taken:
                self._taken.add(code)
                return code

    def location(self, area: Area, spread_km: float | None = None) -> dict:
        rng = self.rng
        lat_sd = (spread_km or area.spread_km) / 111.0
        lon_sd = lat_sd / math.cos(math.radians(area.lat))
        return {
            "street": f"{rng.choice(area.streets)} {rng.randint(1, 60)}",
            "latitude": round(area.lat + max(-2.5, min(2.5, rng.gauss(0, 1))) * lat_sd, 5),
            "longitude": round(area.lon + max(-2.5, min(2.5, rng.gauss(0, 1))) * lon_sd, 5),
        }

    def school(self, name: str, kind: SchoolKind, area: Area) -> dict:
        rng = self.rng
        school_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        registered = self.today - dt.timedelta(days=rng.randint(30, 900))
        return {
            "id": school_id,
            "name": self.unique_name(name, area),
            "kind": kind,
            "municipality": area.municipality,
            **self.location(area),
            "unit_code": self.unit_code(),
            "active": True,
            "version": 1,
            "created_at": _at(registered, 8),
            "updated_at": _at(registered, 8),
        }

    def unique_name(self, base: str, area: Area) -> str:
        candidates = itertools.chain((base, f"{base}, {area.city}"), (f"{base} {n}" for n in itertools.count(2)))
        name = next(c for c in candidates if (area.municipality, c) not in self._names)
        self._names.add((area.municipality, name))
        return name

    def scale_name(self, kind: SchoolKind, area: Area) -> str:
        rng = self.rng
        word = rng.choice(NAME_WORDS)
        if kind == P:
            return f"Förskolan {rng.choice(PRESCHOOL_WORDS)}"
        if kind == GY:
            return rng.choice((f"{word}gymnasiet", f"{area.city} tekniska gymnasium", f"{area.city} praktiska gymnasium"))
        if kind == AN:
            return rng.choice((f"{area.city} anpassade grundskola", f"{word}skolan, anpassad grundskola",
                               f"{area.city} anpassade gymnasieskola"))
        return f"{word}skolan" if kind != S79 or rng.random() < 0.6 else f"{word}skolan 7–9"


def generate_demo_schools(seed: int = 2026, *, today: dt.date | None = None, taken_unit_codes=frozenset()) -> list[dict]:
    """The demo's schools as rows, without touching the database (same seed, same rows and ids)."""
    maker = SchoolMaker(random.Random(f"placera-schools:{seed}"), today or clock.today(), taken_unit_codes)
    return [maker.school(name, kind, DISTRICTS[district]) for name, kind, district in DEMO_SCHOOLS]


SCHOOL_FIELDS = ("id", "name", "kind", "municipality", "latitude", "longitude", "street", "unit_code")


async def _school_rows(session: AsyncSession, ids: Sequence[uuid.UUID] | None = None) -> list[dict]:
    columns = [getattr(School, name) for name in SCHOOL_FIELDS]
    statement = select(*columns).where(School.active)
    if ids is not None:
        statement = statement.where(School.id.in_(ids))
    rows = [dict(row._mapping) for row in await session.execute(statement.order_by(School.id))]
    if ids is not None:
        position = {school_id: index for index, school_id in enumerate(ids)}
        rows.sort(key=lambda row: position[row["id"]])
    return rows


async def active_schools(session: AsyncSession) -> list[dict]:
    """Every active school as a dict of the fields the children's generator needs (id, kind, place)."""
    return await _school_rows(session)


async def _taken_unit_codes(session: AsyncSession) -> set[str]:
    return set(await session.scalars(select(School.unit_code).where(School.unit_code.is_not(None))))


async def seed_demo_schools(session: AsyncSession, *, seed: int = 2026) -> list[dict]:
    """Load the demo's schools (about 60) and commit; return them as dicts (id, name, kind, municipality,
    latitude, longitude, street, unit_code), in the demo's order. A second run adds nothing and returns
    the schools already there."""
    today = clock.today()
    rows = generate_demo_schools(seed, today=today)
    ids = [row["id"] for row in rows]
    existing = await _school_rows(session, ids)
    if existing:
        return existing
    rows = generate_demo_schools(seed, today=today, taken_unit_codes=await _taken_unit_codes(session))
    await session.execute(insert(School.__table__), rows)
    await session.commit()
    return [{field: row[field] for field in SCHOOL_FIELDS} for row in rows]


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def school_summary(schools: Sequence[dict]) -> str:
    kinds = Counter(school["kind"] for school in schools)
    mix = ", ".join(f"{kinds[kind]} {label}" for kind, label in KIND_LABELS.items() if kinds[kind])
    return f"{len(schools)} skolor ({mix})"


def _cum_weights(areas: Sequence[Area]) -> list[float]:
    return list(itertools.accumulate(area.weight for area in areas))


def allocate(count: int, shares: dict, rng: random.Random) -> list:
    """``count`` items split by ``shares`` (largest remainder), shuffled."""
    exact = {key: count * share / sum(shares.values()) for key, share in shares.items()}
    counts = {key: int(value) for key, value in exact.items()}
    for key in sorted(shares, key=lambda k: exact[k] - counts[k], reverse=True)[: count - sum(counts.values())]:
        counts[key] += 1
    items = [key for key in shares for _ in range(counts[key])]
    rng.shuffle(items)
    return items


async def seed_scale_schools(
    session: AsyncSession,
    count: int,
    *,
    seed: int = 2026,
    progress: Callable[[int], None] | None = None,
) -> str:
    """Add ``count`` schools over Swedish municipality centres (weighted by population) and commit.

    Every centre gets at least one school of each kind when ``count`` allows, so every child generated
    around a centre finds a school for its age. The random stream depends on how many schools exist, so
    a second call adds new schools instead of colliding with the first call's ids.
    """
    started = time.perf_counter()
    existing = await session.scalar(select(func.count()).select_from(School)) or 0
    rng = random.Random(f"placera-scale-schools:{seed}:{existing}")
    maker = SchoolMaker(rng, clock.today(), await _taken_unit_codes(session))
    centres = NATIONAL_CENTRES
    plan: list[tuple[SchoolKind, Area]] = []
    if count >= len(centres) * len(SCALE_KIND_SHARES):
        plan = [(kind, centre) for centre in centres for kind in SCALE_KIND_SHARES]
    weights = _cum_weights(centres)
    for kind in allocate(count - len(plan), SCALE_KIND_SHARES, rng):
        plan.append((kind, rng.choices(centres, cum_weights=weights)[0]))
    made: Counter = Counter()
    for start in range(0, count, BATCH_SCHOOLS):
        rows = []
        for kind, centre in plan[start : start + BATCH_SCHOOLS]:
            rows.append(maker.school(maker.scale_name(kind, centre), kind, centre))
        made.update(row["kind"] for row in rows)
        await session.execute(insert(School.__table__), rows)
        if progress:
            progress(min(start + BATCH_SCHOOLS, count))
    await session.commit()
    mix = ", ".join(f"{_number(made[kind])} {label}" for kind, label in KIND_LABELS.items() if made[kind])
    return f"Skapade {_number(count)} skolor ({mix}) på {time.perf_counter() - started:.1f} s."
