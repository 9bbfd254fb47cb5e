"""Benchmark of matching at national scale: one request against 25 000 homes, the same ranking as a plain
Python loop, the API end to end over a seeded database, and the whole queue's optimal assignment.

Run from the repository root: ``.venv/bin/python bench/bench_matching.py`` (``make bench`` runs every
bench/bench_*.py). The API part always uses its own database, ``placera_bench_matching``, on the embedded
PostgreSQL in .placera-data/bench, dropped and recreated each run (never DATABASE_URL: a benchmark must
not drop a real database). The last line is ``RESULT key=value …`` with measured figures.

1. Engine: ``matching.engine.rank`` on a HomeTable of 25 000 generated homes (spread over Swedish
   municipality centres, most approved homes full, 1–3 places, competences, trainings, pets, languages,
   costs) for a ten-year-old with needs, an 8-person network (a grandmother in a kinship home, a father
   she is protected from) and a school; limit 20, timed after warm-up.
2. The same ranking as a straightforward loop over the homes (math haversine per home), checked to give
   the same top 20 and the same exclusion counts; ``rank_naive_ratio`` = loop time / engine time.
3. The API: 25 000 homes from ``foster_homes.demo.seed_scale``; a child, network, school and request made
   through the services by a real user (placement secretary and social worker); GET
   /api/placement-requests/{id}/matches?limit=20 through the ASGI app with a Bearer token. Then where the
   time goes, stage by stage, measured by wrapping the service's own functions.
4. The whole queue: 300 open requests (40 sibling groups of 2–3 that must stay together) over 5 000
   homes with scarce free places (about 1.2 × the places requested; few homes with extensive experience
   for the children with the largest needs); every request ranked by the engine, then
   ``assign_optimal`` (proven optimal by HiGHS) beside ``assign_greedy``, capacities checked.
5. The whole queue through the API: 300 open requests (40 sibling groups of 2–3 kept together, twelve with a
   grandmother in a kinship home with room) over the 25 000 seeded homes of part 3, each child, its needs,
   network, school and enrolment, the sibling links and the request made through the services; POST
   /api/matching/assign with their ids, timed after a warm-up (every request ranked each time). Checked:
   proven optimal; capacities kept on each request's start day (register copy); every proposed home feasible
   (each hard rule rechecked home by home by the plain loop of part 2); for a few requests, the feasible count
   GET …/matches reports equals the plain loop's. Then where one POST's time goes, stage by stage.

All data come from ``random.Random(seed)``; the in-memory parts use a fixed start date, the database
part dates from ``core.clock.today()`` as the seeders do.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
import itertools
import math
import os
import random
import statistics
import time
import uuid
from collections import Counter
from dataclasses import dataclass

import httpx
import numpy as np

# _setup first: it points the settings at the bench server before core is imported.
from _setup import (
    create_bench_user,
    explain_analyze,
    fresh_database,
    percentile,
    statement_counter,
    statements_sent,
    vacuum_analyze,
)
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from accounts import service as accounts
from accounts.schemas import TokenCreate
from core import clock, rules
from core.database import get_engine, unit_of_work
from core.errors import ConflictError
from core.geo import distance_km
from core.identity_numbers import luhn_check_digit
from core.permissions import Role
from foster_homes import prices, rate_cards
from foster_homes import service as foster_homes_service
from demo.homes import (
    AGE_RANGES,
    BACKGROUNDS,
    KIND_SHARES,
    NATIONAL_CENTRES,
    PETS,
    TAGS_BY_KIND,
    allocate,
    seed_scale,
)
from matching import home_snapshot
from matching import service as matching_service
from matching.assignment import Assignment, QueueItem, assign_greedy, assign_optimal
from matching.engine import (
    ALLERGY_PETS,
    DAYS_PER_MONTH,
    DOMAINS,
    PET_BITS,
    ChildProfile,
    HomeRow,
    HomeTable,
    RequestProfile,
    rank,
)
from matching.schemas import CRITERIA, MatchingSettings
from children import service as children_service
from placements import requests as placement_requests
from children.network import ChildNetwork, Person, contact_weight
from core.schemas import AddressIn
from children.schemas import (
    ChildIn,
    ContactFrequency,
    MemberLocationIn,
    NeedIn,
    NeedsIn,
    NetworkMemberIn,
    Relation,
    SiblingIn,
)
from placements.schemas import LegalBasis, PlacementRequestIn
from schooling import service as schooling
from schooling.continuity import SchoolPlace, assess, is_natural_transition
from schooling.schemas import ContinuitySettings, EnrolmentIn, SchoolIn
from web.app import create_app

DATABASE = "placera_bench_matching"
SEED = 2026
HOMES = 25_000
RANK_RUNS = 50
RANK_WARM_UP = 5
NAIVE_RUNS = 5
API_RUNS = 50
API_WARM_UP = 3
PROFILE_RUNS = 5
LIMIT = 20
QUEUE_HOMES = 5_000
QUEUE_SINGLES = 260
QUEUE_GROUPS = (2,) * 24 + (3,) * 16  # 40 sibling groups that must stay together
QUEUE_KINSHIP = 12  # requests with a kinship home (network first)
QUEUE_HIGH_NEED = 30  # children with the largest needs
SCARCITY = 1.2  # free places per place requested (DOMAIN.md §6: about 1.1–1.3)

TARGETS = {"rank_ms_p50": 25.0, "api_ms_p95": 150.0, "assign_s": 20.0, "assign_api_s": 20.0}
SETTINGS = MatchingSettings()
CARD = rate_cards.DEFAULT_RATE_CARDS[-1]
"""The newest default rate card: what the seeded homes' monthly costs are priced by."""
CONTINUITY = ContinuitySettings()
START = dt.date(2026, 3, 2)  # the in-memory requests' start (fixed, so those parts do not depend on today)

CENTRE_WEIGHTS = list(itertools.accumulate(centre.weight for centre in NATIONAL_CENTRES))
BACKGROUND_WEIGHTS = [background.weight for background in BACKGROUNDS]
# Extensive experience is rarer than in the demo register: few homes fit the children with the largest
# needs (DOMAIN.md §6). Weights of none, some, substantial, extensive per domain the home reports on.
EXPERIENCE_WEIGHTS = {
    "own": (25, 45, 25, 5),
    "consultant": (15, 40, 35, 10),
    "kinship": (45, 40, 13, 2),
    "emergency": (15, 40, 35, 10),
    "reinforced": (5, 20, 40, 35),
}
FREE_WEIGHTS = {0: 0.82, 1: 0.14, 2: 0.04}  # free places in an approved home today, as the demo register
HIGH_NEED_TAGS = ("trauma", "npf", "funktionsnedsattning", "medicinsk_omvardnad")


def ms(seconds: float) -> float:
    return seconds * 1000


# ---------------------------------------------------------------- generated homes and children

class PersonalNumbers:
    """Unique, Luhn-valid personal numbers (YYYYMMDD-NNNC) for people of a given age."""

    def __init__(self, rng: random.Random, today: dt.date):
        self.rng, self.today, self.taken = rng, today, set()

    def make(self, age_min: int, age_max: int) -> str:
        while True:
            born = self.today - dt.timedelta(days=self.rng.randint(age_min * 365 + 10, age_max * 365 + 300))
            serial = f"{self.rng.randint(0, 999):03d}"
            number = f"{born:%Y%m%d}-{serial}{luhn_check_digit(born.strftime('%y%m%d') + serial)}"
            if number not in self.taken:
                self.taken.add(number)
                return number


def near(rng: random.Random, lat: float, lon: float, spread_km: float) -> tuple[float, float]:
    """A point around (lat, lon), normally spread with ``spread_km`` standard deviation."""
    dlat = rng.gauss(0, spread_km / 111.0)
    dlon = rng.gauss(0, spread_km / 111.0 / math.cos(math.radians(lat)))
    return round(lat + dlat, 5), round(lon + dlon, 5)


def offset(lat: float, lon: float, km_north: float, km_east: float) -> tuple[float, float]:
    return round(lat + km_north / 111.0, 5), round(lon + km_east / 111.0 / math.cos(math.radians(lat)), 5)


def monthly_cost(kind: str, daily_price: float | None) -> float:
    """As matching.service.monthly_costs: the rate card's fee at the home's default level plus an expense
    allowance (the two age bands' mean), or the agency's daily price."""
    allowance = (float(prices.card_allowance(CARD, 6)) + float(prices.card_allowance(CARD, 15))) / 2
    if kind == "consultant":
        return daily_price * DAYS_PER_MONTH
    return float(prices.monthly_fees(np.array([kind]), CARD)[0]) + allowance


def make_homes(rng: random.Random, count: int, numbers: PersonalNumbers, *,
               full: bool = False) -> tuple[list[HomeRow], list[int]]:
    """``count`` homes the matching service would load (approved or paused), spread like the population,
    and each one's places (approved capacity).

    With ``full`` every home starts without a free place, for the queue to hand out a counted number.
    """
    rows, capacity = [], []
    for n, kind in enumerate(allocate(count, {str(k): v for k, v in KIND_SHARES.items()}, rng)):
        centre = rng.choices(NATIONAL_CENTRES, cum_weights=CENTRE_WEIGHTS)[0]
        background = rng.choices(BACKGROUNDS, BACKGROUND_WEIGHTS)[0]
        latitude, longitude = near(rng, centre.lat, centre.lon, centre.spread_km)
        approved = rng.random() < 0.94  # the rest paused (vilande)
        level = rng.choices(("standard", "reinforced", "emergency"), (70, 20, 10))[0] if kind == "consultant" else None
        kinds = ("long_term",)
        if kind == "emergency" or level == "emergency":
            places, ages = rng.choice((1, 1, 2)), rng.choice(AGE_RANGES["small"] + ((0, 17), (6, 17), (13, 17)))
            kinds = ("emergency", "respite") if rng.random() < 0.2 else ("emergency",)
        elif kind == "reinforced" or level == "reinforced":
            places, ages = rng.choice((1, 1, 2)), rng.choice(AGE_RANGES["school"] + AGE_RANGES["teen"])
        elif kind == "kinship":
            places, ages = rng.choices((1, 2, 3), (60, 30, 10))[0], (0, rng.choice((17, 17, 20)))
        else:
            places = rng.choices((1, 2, 3), (45, 40, 15))[0]
            ages = rng.choice(AGE_RANGES[rng.choices(("small", "school", "teen"), (20, 50, 30))[0]])
            extra = rng.random()
            kinds = ("long_term", "respite") if extra < 0.2 else ("long_term", "emergency") if extra < 0.28 else kinds
        siblings = places if kind == "kinship" else (1 if places == 1 else rng.randint(1, places))
        free = 0 if full else min(places, rng.choices(tuple(FREE_WEIGHTS), tuple(FREE_WEIGHTS.values()))[0])
        available_from = None
        if free and rng.random() < 0.25:
            available_from = START + dt.timedelta(days=rng.randint(7, 60))  # has said yes, but only later
        tags = set(rng.sample(TAGS_BY_KIND[kind], min(len(TAGS_BY_KIND[kind]), rng.choices((0, 1, 2, 3), (20, 35, 30, 15))[0])))
        if ages[1] <= 3:
            tags.add("spadbarn")
        if ages[0] >= 12:
            tags.add("tonaringar")
        pets = () if rng.random() < 0.45 else tuple(dict.fromkeys(
            str(p) for p in rng.choices(PETS, (40, 35, 3, 12, 6, 4), k=rng.choice((1, 1, 2)))))
        daily = None
        if kind == "consultant":
            daily = {"standard": rng.uniform(1300, 2100), "reinforced": rng.uniform(2300, 3300),
                     "emergency": rng.uniform(1800, 2600)}[level]
        languages = {background.language, "svenska"} | ({"engelska"} if rng.random() < 0.45 else set())
        occupied = places - free
        capacity.append(places)
        rows.append(HomeRow(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            name=f"Familjen {rng.choice(background.surnames)} ({centre.city} {n + 1})",
            kind=kind, approved=approved, free=free, placement_kinds=kinds, age_min=ages[0], age_max=ages[1],
            latitude=latitude, longitude=longitude, municipality=centre.municipality,
            monthly_cost=round(monthly_cost(kind, daily), 2), available_from=available_from,
            max_sibling_group=siblings, gender=rng.choices(("any", "girl", "boy"), (86, 8, 6))[0],
            tags=frozenset(tags), pets=pets,
            adult_numbers=tuple(numbers.make(30, 68) for _ in range(2 if rng.random() < 0.8 else 1)),
            experience={domain: rng.choices((0, 1, 2, 3), EXPERIENCE_WEIGHTS[kind])[0]
                        for domain in rng.sample(DOMAINS, rng.randint(2, 7))},
            trained=frozenset(rng.sample(DOMAINS, rng.choices((0, 1, 2, 3), (30, 35, 25, 10))[0])),
            languages=frozenset(languages),
            religion=rng.choice(background.religions) if rng.random() < 0.25 else None,
            unplanned_endings=rng.choices((0, 1, 2, 3), (75, 18, 5, 2))[0],
            young_or_new=sum(rng.random() < 0.3 for _ in range(occupied)),
        ))
    return rows, capacity


def grade_for(age: int) -> int:
    """The school year a child of ``age`` is usually in: -1 preschool, 0 förskoleklass, 1–9, 10–12."""
    return max(-1, min(12, age - 6))


def school_near(rng: random.Random, lat: float, lon: float, age: int, name: str) -> SchoolPlace:
    school_lat, school_lon = near(rng, lat, lon, 1.5)
    return SchoolPlace(name, school_lat, school_lon, grade_for(age))


@dataclass
class Story:
    """The main child's case, the same in memory and in the database."""

    child: ChildProfile
    request: RequestProfile
    kin_home: int


def main_child_network(rng: random.Random, numbers: PersonalNumbers, home: tuple[float, float],
                       kin: tuple[str, float, float, str]) -> list[Person]:
    """Eight people: mother, a grandmother in a kinship home, a brother, an aunt, a cousin, a family friend,
    a teacher, and a father she is protected from (Södertälje)."""
    lat, lon = home
    kin_number, kin_lat, kin_lon, kin_municipality = kin

    def person(name, relation, importance, frequency, at, municipality, **extra) -> Person:
        return Person(uuid.UUID(int=rng.getrandbits(128), version=4), name, relation, importance, frequency,
                      latitude=at[0], longitude=at[1], municipality=municipality, **extra)

    return [
        person("Rania Haddad", Relation.MOTHER, 3, ContactFrequency.WEEKLY, offset(lat, lon, 1.2, -0.8), "Stockholm",
               personal_number=numbers.make(30, 40)),
        person("Samira Haddad", Relation.GRANDPARENT, 3, ContactFrequency.FORTNIGHTLY, (kin_lat, kin_lon),
               kin_municipality, personal_number=kin_number, willing_kinship_home=True),
        person("Omar Haddad", Relation.SIBLING, 3, ContactFrequency.WEEKLY, offset(lat, lon, -3.0, 4.0), "Stockholm"),
        person("Lina Haddad", Relation.AUNT_UNCLE, 2, ContactFrequency.MONTHLY, (57.7089, 11.9746), "Göteborg",
               personal_number=numbers.make(30, 50)),
        person("Yousef Khalil", Relation.COUSIN, 1, ContactFrequency.QUARTERLY, (59.8586, 17.6389), "Uppsala"),
        person("Karin Holm", Relation.FAMILY_FRIEND, 1, ContactFrequency.MONTHLY, offset(lat, lon, 2.0, 2.5), "Stockholm"),
        person("Per Lindqvist", Relation.PROFESSIONAL, 1, ContactFrequency.MONTHLY, offset(lat, lon, 0.3, 0.2), "Stockholm"),
        person("Khaled Mansour", Relation.FATHER, 1, ContactFrequency.NONE, (59.1955, 17.6253), "Södertälje",
               personal_number=numbers.make(35, 50), protected_from=True, protected_reason="Våld mot barnet och mamman."),
    ]


MAIN_NEEDS = {"emotional_behavioural": 3, "education": 2, "family_social_relations": 2, "health": 1}
MAIN_HOME = (59.3925, 17.9010)  # Spånga, Stockholm


def kin_home_for(rows: list[HomeRow], age: int, avoid: str, start: dt.date) -> int:
    """The kinship home the grandmother lives in: approved, a place at ``start``, takes a girl of ``age``
    long term, no cat, more than 30 km from the child's home and not in the protected-from person's municipality."""
    for i, row in enumerate(rows):
        if (row.kind == "kinship" and row.approved and row.free >= 1
                and (row.available_from is None or row.available_from <= start)
                and "long_term" in row.placement_kinds and row.age_min <= age <= row.age_max
                and row.gender in ("any", "girl") and "cat" not in row.pets and row.municipality != avoid
                and distance_km(row.latitude, row.longitude, *MAIN_HOME) > 30):
            return i
    raise RuntimeError("no kinship home fits the benchmark child")


def main_story(rng: random.Random, rows: list[HomeRow], numbers: PersonalNumbers) -> Story:
    kin = kin_home_for(rows, 10, "Södertälje", START)
    kin_row = rows[kin]
    people = main_child_network(rng, numbers, MAIN_HOME,
                                (kin_row.adult_numbers[0], kin_row.latitude, kin_row.longitude, kin_row.municipality))
    child = ChildProfile(
        id=uuid.UUID(int=rng.getrandbits(128), version=4), name="Amira", age=10, gender="girl", needs=MAIN_NEEDS,
        languages=frozenset({"arabiska", "svenska"}), religion="Muslimsk", allergies=frozenset({"katt"}),
        network=ChildNetwork("Amira Haddad", people), school=school_near(rng, *MAIN_HOME, 10, "Tensta skola"),
        home_latitude=MAIN_HOME[0], home_longitude=MAIN_HOME[1],
    )
    # She lived well in one home before (a respite stay): the continuity criterion has something to find.
    earlier = next(i for i, row in enumerate(rows) if row.kind == "own" and row.approved and row.free
                   and row.municipality == "Stockholm" and "cat" not in row.pets and row.age_min <= 10 <= row.age_max)
    rows[earlier] = dataclasses.replace(rows[earlier], earlier_children=frozenset({child.id}))
    request = RequestProfile(uuid.UUID(int=rng.getrandbits(128), version=4), (child,), "long_term", START,
                             wish_tags=frozenset({"trauma"}), urgency=3)
    return Story(child, request, kin)


# ---------------------------------------------------------------- the same ranking as a plain loop

def naive_rank(request: RequestProfile, rows: list[HomeRow], settings: MatchingSettings,
               continuity: ContinuitySettings, limit: int = LIMIT, *,
               score_all: bool = False) -> tuple[list[tuple[uuid.UUID, float]], list[int], list[str]]:
    """Every hard rule and criterion of the engine, home by home with math: the top ``limit`` homes with
    their totals, the homes excluded per rule (rule order, as the engine lists them), and the shown homes'
    network and school sentences (as the engine writes reasons only for the homes shown).

    A home that breaks a rule is skipped, as a plain loop would; ``score_all`` scores it anyway, as the
    vectorised engine does, to show the cost per home."""
    start = request.start.toordinal()
    ages = [child.age for child in request.children]
    needed = request.size if request.together else 1
    genders = {child.gender for child in request.children}
    allergic_to = {pet for child in request.children for allergy in child.allergies
                   for pet, bit in PET_BITS.items() if ALLERGY_PETS.get(allergy, 0) & bit}
    protected = [p for child in request.children for p in child.network.protected_from()]
    radius = settings.protected_distance_km
    weights = settings.weights.model_dump()
    weight_sum = sum(weights.values())
    floor, ceiling = float(settings.cost_floor_monthly), float(settings.cost_ceiling_monthly)
    children = []
    for child in request.children:
        people = [(p, contact_weight(p)) for p in child.network.people if not p.protected_from and p.located]
        kin_numbers = {p.personal_number for p in child.network.people if p.personal_number and not p.protected_from}
        kin_homes = {p.kinship_home_id for p in child.network.people if p.kinship_home_id and not p.protected_from}
        band = max((b for b in continuity.age_bands if b.from_age <= child.age), key=lambda b: b.from_age)
        change_cost = 1.0
        if child.school and is_natural_transition(child.school.grade, request.start, continuity.transition_window_months):
            change_cost = continuity.natural_transition_change_cost
        children.append((child, people, kin_numbers, kin_homes, band, change_cost,
                         [child.needs.get(domain, 0) for domain in DOMAINS], child.languages - {"svenska"}))
    rules = ("approved", "available", "free", "kind", "age", "gender", "siblings", "tags", "pets", "protection")
    excluded = Counter()
    scored = []
    for index, home in enumerate(rows):
        broken = None
        if not home.approved:
            broken = "approved"
        elif (home.available_from.toordinal() if home.available_from else 0) > start:
            broken = "available"
        elif home.free < needed:
            broken = "free"
        elif request.kind not in home.placement_kinds:
            broken = "kind"
        elif home.age_min > min(ages) or home.age_max < max(ages):
            broken = "age"
        elif home.gender != "any" and any(home.gender != gender for gender in genders):
            broken = "gender"
        elif request.together and request.size > 1 and home.max_sibling_group < request.size:
            broken = "siblings"
        elif not request.required_tags <= home.tags:
            broken = "tags"
        elif allergic_to.intersection(home.pets):
            broken = "pets"
        else:
            for person in protected:
                if ((person.personal_number and person.personal_number in home.adult_numbers)
                        or (person.located and distance_km(person.latitude, person.longitude,
                                                           home.latitude, home.longitude) <= radius)
                        or (person.municipality and home.municipality.lower() == person.municipality.lower())):
                    broken = "protection"
                    break
        if broken:
            excluded[broken] += 1
            if not score_all:
                continue
        network = school = needs = 0.0
        kin = False
        parts = []
        for child, people, kin_numbers, kin_homes, band, change_cost, levels, other_languages in children:
            if home.id in kin_homes or kin_numbers.intersection(home.adult_numbers):
                kin = True
                network += 1.0
            elif people:
                numerator = denominator = 0.0
                for person, weight in people:
                    km = distance_km(person.latitude, person.longitude, home.latitude, home.longitude)
                    numerator += weight / (1 + km / settings.proximity_scale_km)
                    denominator += weight
                network += numerator / denominator
            else:
                network += 0.5
            if child.school is None:
                school += 1.0
            else:
                km = distance_km(child.school.latitude, child.school.longitude, home.latitude, home.longitude)
                if km <= band.own_travel_km:
                    school += 1.0
                elif km <= band.with_transport_km:
                    school += 0.8 - 0.3 * (km - band.own_travel_km) / (band.with_transport_km - band.own_travel_km)
                else:
                    school += 0.5 * (1 - change_cost)
            if sum(levels):
                fit = 0.0
                for domain, level in zip(DOMAINS, levels):
                    capability = min(3.0, home.experience.get(domain, 0) + (0.5 if domain in home.trained else 0.0))
                    fit += min(1.0, capability / max(level, 1)) * level
                needs += fit / sum(levels)
            else:
                needs += 1.0
            if other_languages:
                parts.append(1.0 if other_languages & home.languages else 0.0)
            if child.religion:
                parts.append(1.0 if home.religion and child.religion.lower() in home.religion.lower() else 0.0)
        if request.wish_tags:
            parts.append(len(request.wish_tags & home.tags) / len(request.wish_tags))
        size = len(children)
        scores = {
            "network": network / size,
            "school": school / size,
            "needs": needs / size,
            "culture": sum(parts) / len(parts) if parts else 1.0,
            "cost": min(1.0, max(0.0, 1 - (home.monthly_cost - floor) / max(ceiling - floor, 1.0))),
            "stability": min(1.0, max(0.0, 1 - 0.25 * home.unplanned_endings - 0.2 * home.young_or_new)),
            "continuity": 1.0 if any(child.id in home.earlier_children for child in request.children) else 0.0,
        }
        total = sum(weights[c] * scores[c] for c in CRITERIA) / weight_sum
        if not broken:
            scored.append((not kin if settings.kinship_first else False, -total, index))
    scored.sort()
    shown = [rows[index] for _, _, index in scored[:limit]]
    sentences = []
    for home in shown:
        for child in request.children:
            sentences.append(child.network.proximity(home.latitude, home.longitude, settings.proximity_scale_km).explanation)
            sentences.append(assess(child.school, child.age, home.latitude, home.longitude, request.start, continuity).explanation)
    top = [(rows[index].id, -negative) for _, negative, index in scored[:limit]]
    return top, [excluded[rule] for rule in rules if excluded[rule]], sentences


def same_ranking(engine_top: list[tuple[uuid.UUID, float]], naive_top: list[tuple[uuid.UUID, float]]) -> bool:
    """Same homes in the same order; where the order differs only between equal totals (1e-9), still the same."""
    if len(engine_top) != len(naive_top):
        return False
    for (engine_id, engine_total), (naive_id, naive_total) in zip(engine_top, naive_top):
        if abs(engine_total - naive_total) > 1e-9:
            return False
        if engine_id != naive_id and not any(
                home == naive_id and abs(total - naive_total) <= 1e-9 for home, total in engine_top):
            return False
    return True


# ---------------------------------------------------------------- 1 and 2: the engine against 25 000 homes

@dataclass
class RankResult:
    rank_ms: list[float]
    naive_ms: list[float]
    naive_all_ms: float
    table_ms: float
    feasible: int
    considered: int
    same_top: bool
    same_exclusions: bool
    kin_first: bool
    full_reasons_ms: float
    sibling_ms: list[float]


def bench_rank() -> RankResult:
    rng = random.Random(f"placera-bench-matching:{SEED}:rank")
    numbers = PersonalNumbers(rng, START)
    started = time.perf_counter()
    rows, _ = make_homes(rng, HOMES, numbers)
    story = main_story(rng, rows, numbers)
    print(f"Generated {len(rows):,} homes in {time.perf_counter() - started:.1f} s: "
          f"{sum(r.approved for r in rows):,} approved, {sum(r.free for r in rows if r.approved):,} free places in "
          f"{sum(1 for r in rows if r.approved and r.free):,} homes "
          f"({sum(1 for r in rows if r.approved and not r.free) / sum(r.approved for r in rows):.0%} of approved homes full)")
    table_runs = []
    for _ in range(3):
        started = time.perf_counter()
        table = HomeTable.from_rows(rows)
        table_runs.append(ms(time.perf_counter() - started))
    table_ms = statistics.median(table_runs)

    for _ in range(RANK_WARM_UP):
        ranking = rank(story.request, table, SETTINGS, CONTINUITY, limit=LIMIT)
    rank_ms = []
    for _ in range(RANK_RUNS):
        started = time.perf_counter()
        ranking = rank(story.request, table, SETTINGS, CONTINUITY, limit=LIMIT)
        rank_ms.append(ms(time.perf_counter() - started))

    naive_top, naive_excluded, _ = naive_rank(story.request, rows, SETTINGS, CONTINUITY)  # warm-up
    naive_ms = []
    for _ in range(NAIVE_RUNS):
        started = time.perf_counter()
        naive_top, naive_excluded, _ = naive_rank(story.request, rows, SETTINGS, CONTINUITY)
        naive_ms.append(ms(time.perf_counter() - started))
    started = time.perf_counter()
    naive_rank(story.request, rows, SETTINGS, CONTINUITY, score_all=True)
    naive_all_ms = ms(time.perf_counter() - started)
    engine_top = [(c.home_id, float(ranking.total_scores[c.index])) for c in ranking.candidates]
    same_top = same_ranking(engine_top, naive_top)
    same_exclusions = [e.count for e in ranking.excluded] == naive_excluded
    print("Engine ranking: " + ", ".join(f"{e.reason} {e.count:,}" for e in ranking.excluded)
          + f"; {ranking.feasible:,} feasible of {ranking.considered:,}")
    print("Top 3: " + "; ".join(f"{c.home_name} {c.total:.3f}{' (nätverkshem)' if c.kinship else ''}"
                                 for c in ranking.candidates[:3]))
    if not same_top:
        print("MISMATCH engine vs loop:", engine_top[:5], naive_top[:5])

    # What matching.service.assign and save_decision_record ask for: reasons for every feasible home.
    started = time.perf_counter()
    rank(story.request, table, SETTINGS, CONTINUITY, limit=len(table))
    full_reasons_ms = ms(time.perf_counter() - started)

    # A sibling group of three (the per-child criteria run three times).
    siblings = tuple(
        dataclasses.replace(story.child, id=uuid.UUID(int=rng.getrandbits(128), version=4), name=name, age=age,
                            gender=gender, school=school_near(rng, *MAIN_HOME, age, "Tensta skola"))
        for name, age, gender in (("Amira", 10, "girl"), ("Omar", 12, "boy"), ("Nour", 7, "girl"))
    )
    group = dataclasses.replace(story.request, children=siblings)
    sibling_ms = []
    for run in range(RANK_WARM_UP + 20):
        started = time.perf_counter()
        rank(group, table, SETTINGS, CONTINUITY, limit=LIMIT)
        if run >= RANK_WARM_UP:
            sibling_ms.append(ms(time.perf_counter() - started))
    return RankResult(rank_ms, naive_ms, naive_all_ms, table_ms, ranking.feasible, ranking.considered, same_top, same_exclusions,
                      ranking.candidates[0].index == story.kin_home, full_reasons_ms, sibling_ms)


# ---------------------------------------------------------------- 4: the whole queue

def make_queue(rng: random.Random) -> tuple[list[HomeRow], list[RequestProfile], list[int], set[uuid.UUID], set[uuid.UUID]]:
    """5 000 homes, all full at first, and 300 requests; then free places are handed out until they are
    SCARCITY times the places requested, the kinship requests' homes first (so network first is possible).
    Returns the homes, the requests, each request's waiting days, and the kinship and high-need requests."""
    numbers = PersonalNumbers(rng, START)
    rows, places = make_homes(rng, QUEUE_HOMES, numbers, full=True)
    sizes = [1] * QUEUE_SINGLES + list(QUEUE_GROUPS)
    rng.shuffle(sizes)
    high_need = set(rng.sample(range(len(sizes)), QUEUE_HIGH_NEED))
    kin_requests = set(rng.sample([r for r in range(len(sizes)) if r not in high_need], QUEUE_KINSHIP))
    kinship = [i for i, row in enumerate(rows) if row.kind == "kinship" and row.approved]
    free = [0] * len(rows)
    requests, kin_ids, high_ids = [], set(), set()
    for r, size in enumerate(sizes):
        kin = None
        if r in kin_requests:
            kin = rng.choice([i for i in kinship if not free[i] and places[i] >= size])
            free[kin] = size
            home_at, municipality = near(rng, rows[kin].latitude, rows[kin].longitude, 10), rows[kin].municipality
        else:
            centre = rng.choices(NATIONAL_CENTRES, cum_weights=CENTRE_WEIGHTS)[0]
            home_at, municipality = near(rng, centre.lat, centre.lon, centre.spread_km), centre.municipality
        people = queue_network(rng, numbers, home_at, municipality, rows[kin] if kin is not None else None)
        oldest = max(2 * (size - 1), rng.choices(range(18), (3, 3, 4, 4, 4, 4, 5, 5, 5, 6, 6, 7, 7, 8, 9, 9, 9, 8))[0])
        ages = [oldest] + [max(0, oldest - rng.randint(1, 3) * k) for k in range(1, size)]
        children = tuple(queue_child(rng, r * 10 + k, age, home_at, people, r in high_need) for k, age in enumerate(ages))
        kind = "long_term"
        if size == 1 and kin is None:
            kind = rng.choices(("long_term", "emergency", "respite"), (75, 20, 5))[0]
        required = frozenset({rng.choice(HIGH_NEED_TAGS)}) if r in high_need and rng.random() < 0.7 else frozenset()
        wishes = frozenset({rng.choice(("trauma", "tonaringar", "syskongrupper"))}) if rng.random() < 0.3 else frozenset()
        request = RequestProfile(uuid.UUID(int=rng.getrandbits(128), version=4), children, kind,
                                 START + dt.timedelta(days=rng.randint(0, 30)), together=True, required_tags=required,
                                 wish_tags=wishes, urgency=rng.choices((1, 2, 3), (30, 50, 20))[0])
        requests.append(request)
        if kin is not None:
            kin_ids.add(request.id)
        if r in high_need:
            high_ids.add(request.id)
    wanted = round(SCARCITY * sum(sizes))
    order = [i for i, row in enumerate(rows) if row.approved and not free[i]]
    rng.shuffle(order)
    for i in order:
        left = wanted - sum(free)
        if left <= 0:
            break
        free[i] = min(left, places[i], rng.choices((1, 2, 3), (72, 22, 6))[0])
    rows = [dataclasses.replace(row, free=free[i], young_or_new=min(row.young_or_new, places[i] - free[i]))
            for i, row in enumerate(rows)]
    waiting = [rng.randint(0, 240) for _ in requests]
    return rows, requests, waiting, kin_ids, high_ids


def queue_child(rng: random.Random, n: int, age: int, home: tuple[float, float], people: list[Person],
                high_need: bool) -> ChildProfile:
    """A child in the queue; the children with the largest needs have two or three critical domains."""
    levels = dict.fromkeys(rng.sample(DOMAINS, rng.randint(2, 3)), 3) if high_need else {}
    for domain in DOMAINS:
        level = rng.choices((0, 1, 2, 3), (45, 32, 18, 5))[0]
        if domain not in levels and level:
            levels[domain] = level
    background = rng.choices(BACKGROUNDS, BACKGROUND_WEIGHTS)[0]
    return ChildProfile(
        id=uuid.UUID(int=rng.getrandbits(128), version=4), name=f"Barn {n}", age=age,
        gender=rng.choices(("girl", "boy", "other"), (49, 49, 2))[0], needs=levels,
        languages=frozenset({background.language, "svenska"}),
        religion=rng.choice(background.religions) if rng.random() < 0.15 else None,
        allergies=frozenset({rng.choice(("katt", "hund", "pälsdjur"))}) if rng.random() < 0.1 else frozenset(),
        network=ChildNetwork(f"Barn {n}", people),
        school=school_near(rng, *home, age, f"Skola {n}") if age >= 1 else None,
        home_latitude=home[0], home_longitude=home[1],
    )


def queue_network(rng: random.Random, numbers: PersonalNumbers, home: tuple[float, float], municipality: str,
                  kin: HomeRow | None) -> list[Person]:
    """Three to seven people, most near the child; for a kinship request a grandmother living in the kinship
    home; otherwise, in three cases of ten, a person the child is protected from (half of them in the
    child's own municipality, the others in another town)."""
    def new_id() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    relations = (Relation.MOTHER, Relation.GRANDPARENT, Relation.SIBLING, Relation.AUNT_UNCLE, Relation.COUSIN,
                 Relation.FAMILY_FRIEND, Relation.PROFESSIONAL)
    people = []
    for relation in relations[: rng.randint(3, 7)]:
        at = near(rng, *home, 150 if rng.random() < 0.2 else 4)
        people.append(Person(new_id(), f"{relation.value} {len(people) + 1}", relation, rng.randint(1, 3),
                             rng.choice(list(ContactFrequency)), latitude=at[0], longitude=at[1],
                             municipality=municipality))
    if kin is not None:
        people.append(Person(new_id(), "Mormor", Relation.GRANDPARENT, 3, ContactFrequency.WEEKLY,
                             personal_number=kin.adult_numbers[0], latitude=kin.latitude, longitude=kin.longitude,
                             municipality=kin.municipality, willing_kinship_home=True))
    elif rng.random() < 0.3:
        if rng.random() < 0.5:
            at, where = near(rng, *home, 8), municipality
        else:
            centre = rng.choices(NATIONAL_CENTRES, cum_weights=CENTRE_WEIGHTS)[0]
            at, where = near(rng, centre.lat, centre.lon, centre.spread_km), centre.municipality
        people.append(Person(new_id(), "Pappa", Relation.FATHER, 1, ContactFrequency.NONE,
                             personal_number=numbers.make(25, 55), latitude=at[0], longitude=at[1], municipality=where,
                             protected_from=True, protected_reason="Våld."))
    return people


def capacity_check(assignment: Assignment, items: list[QueueItem], capacities: np.ndarray) -> tuple[bool, bool]:
    """No home gets more children than its free places; every request lands only in a home it may go to."""
    used = np.zeros(len(capacities), dtype=int)
    feasible_only = True
    for item in items:
        home = assignment.homes[item.request_id]
        if home is not None:
            used[home] += item.size
            feasible_only &= home in item.scores
    return bool((used <= capacities).all()), feasible_only


@dataclass
class QueueResult:
    rank_s: float
    optimal_s: float
    greedy_s: float
    optimal: Assignment
    greedy: Assignment
    items: list[QueueItem]
    free_places: int
    places_requested: int
    homes_with_room: int
    extensive_homes: int
    capacity_ok: tuple[bool, bool]
    feasible_only: tuple[bool, bool]
    kin_ids: set[uuid.UUID]
    high_ids: set[uuid.UUID]
    binaries: int


def bench_queue() -> QueueResult:
    rng = random.Random(f"placera-bench-matching:{SEED}:queue")
    rows, requests, waiting, kin_ids, high_ids = make_queue(rng)
    table = HomeTable.from_rows(rows)
    capacities = table.free.copy()
    started = time.perf_counter()
    items = []
    for request, days in zip(requests, waiting):
        ranking = rank(request, table, SETTINGS, CONTINUITY, limit=LIMIT)
        feasible = np.flatnonzero(np.isfinite(ranking.total_scores))
        # As matching.service.assign: a request's kinship homes are its priority (network first).
        kin = frozenset(int(i) for i in feasible if ranking.kinship[i]) if SETTINGS.kinship_first else frozenset()
        items.append(QueueItem(request.id, request.size if request.together else 1, request.urgency, days,
                               {int(i): float(ranking.total_scores[i]) for i in feasible}, kin))
    rank_s = time.perf_counter() - started
    binaries = sum(min(len(items), sum(capacities[h] >= item.size for h in item.scores)) for item in items)

    started = time.perf_counter()
    optimal = assign_optimal(items, capacities)
    optimal_s = time.perf_counter() - started
    started = time.perf_counter()
    greedy = assign_greedy(items, capacities)
    greedy_s = time.perf_counter() - started
    checks = [capacity_check(result, items, capacities) for result in (optimal, greedy)]
    extensive = sum(1 for row in rows if row.approved and row.free and sum(v == 3 for v in row.experience.values()) >= 2)
    return QueueResult(
        rank_s, optimal_s, greedy_s, optimal, greedy, items, int(capacities[table.approved].sum()),
        sum(item.size for item in items), int((table.approved & (table.free > 0)).sum()), extensive,
        (checks[0][0], checks[1][0]), (checks[0][1], checks[1][1]), kin_ids, high_ids, binaries,
    )


def queue_lines(result: QueueResult) -> list[str]:
    items = {item.request_id: item for item in result.items}

    def placed(assignment: Assignment, ids=None) -> int:
        return sum(1 for rid, home in assignment.homes.items() if home is not None and (ids is None or rid in ids))

    def kin_placed(assignment: Assignment) -> int:
        return sum(1 for rid in result.kin_ids if assignment.homes[rid] in items[rid].priority)

    groups = {rid for rid, item in items.items() if item.size > 1}
    feasible = [len(item.scores) for item in result.items]
    high = [len(items[rid].scores) for rid in result.high_ids]
    kin_possible = sum(1 for rid in result.kin_ids if items[rid].priority)
    lines = [
        (f"Queue: {len(result.items)} requests ({len(groups)} sibling groups kept together), "
         f"{result.places_requested} places requested; {result.free_places} free places in "
         f"{result.homes_with_room} of {QUEUE_HOMES:,} homes ({result.free_places / result.places_requested:.2f} × requested); "
         f"{result.extensive_homes} homes with a free place have extensive experience in two or more domains"),
        (f"Feasible homes per request: median {statistics.median(feasible):.0f} (min {min(feasible)}, "
         f"{sum(1 for f in feasible if f == 0)} requests with none); the {len(high)} children with the largest needs: "
         f"median {statistics.median(high):.0f}, {sum(1 for f in high if f == 0)} with none; "
         f"{kin_possible} of {len(result.kin_ids)} kinship requests can use their kinship home"),
        f"Integer program: {result.binaries:,} binaries after keeping each request's best {len(result.items)} homes",
    ]
    for name, assignment, seconds, capacity_ok, feasible_only in (
        ("optimal", result.optimal, result.optimal_s, result.capacity_ok[0], result.feasible_only[0]),
        ("greedy", result.greedy, result.greedy_s, result.capacity_ok[1], result.feasible_only[1]),
    ):
        lines.append(
            f"{name:>8}: {assignment.method}, proven optimal {assignment.optimal}, {seconds:.2f} s, total "
            f"{assignment.total:.3f}; placed {placed(assignment)}/{len(result.items)} requests "
            f"({placed(assignment, groups)}/{len(groups)} sibling groups, {placed(assignment, result.high_ids)}/"
            f"{len(result.high_ids)} largest needs, {kin_placed(assignment)}/{len(result.kin_ids)} in their kinship home); "
            f"capacities kept: {'yes' if capacity_ok else 'NO'}; only feasible homes: {'yes' if feasible_only else 'NO'}"
        )
    return lines


# ---------------------------------------------------------------- 3: the API over a seeded database

class Stages:
    """Wraps the service's own functions to add up the time spent in each, then puts them back."""

    def __init__(self):
        self.seconds: Counter = Counter()
        self.calls: Counter = Counter()
        self._originals: list[tuple[object, str, object]] = []

    def wrap(self, owner, name: str, key: str) -> None:
        original = getattr(owner, name)
        self._originals.append((owner, name, vars(owner)[name]))
        if asyncio.iscoroutinefunction(original):
            @functools.wraps(original)
            async def timed(*args, **kwargs):
                started = time.perf_counter()
                try:
                    return await original(*args, **kwargs)
                finally:
                    self.seconds[key] += time.perf_counter() - started
                    self.calls[key] += 1
        else:
            @functools.wraps(original)
            def timed(*args, **kwargs):
                started = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    self.seconds[key] += time.perf_counter() - started
                    self.calls[key] += 1
        setattr(owner, name, timed)

    def restore(self) -> None:
        for owner, name, original in reversed(self._originals):
            setattr(owner, name, original)
        self._originals.clear()


@dataclass
class ApiResult:
    seed_s: float
    api_ms: list[float]
    considered: int
    feasible: int
    kin_first: bool
    response_bytes: int
    stages: list[tuple[str, float]]
    notes: list[str]
    explain: list[str]
    cold_ms: float
    """The first request after a change to a home: the copy is reloaded."""
    after_booking_ms: float
    """The first request after a booking: only the placed children are reloaded."""
    assign: AssignApiResult


LEVEL_NAMES = {1: "some", 2: "substantial", 3: "critical"}


async def bench_user():
    """A real user (placement secretary and social worker), the Actor the API builds for it, and a token."""
    roles = sorted({Role.PLACEMENT_SECRETARY, Role.SOCIAL_WORKER})
    async with unit_of_work() as session:
        created, actor = await create_bench_user(
            session, roles, name="Maja Matchning", email="maja.matchning@bench.placera.example",
            unit="Placeringsenheten", password="Rangordna-25000-familjehem")
        token = await accounts.create_token(session, actor, TokenCreate(name="Matchningsbänk"))
    print(f"Benchmark user {created.email} ({', '.join(roles)}) with a personal API token")
    return actor, token.token


async def make_case(actor) -> uuid.UUID:
    """Amira (10) in Spånga with needs, a school, eight people in her network (her grandmother in a
    kinship home from the register, her father she is protected from in Södertälje) and an open request."""
    rng = random.Random(f"placera-bench-matching:{SEED}:api")
    today = clock.today()
    start = today + dt.timedelta(days=14)
    numbers = PersonalNumbers(rng, today)
    async with unit_of_work() as session:
        school_at = near(rng, *MAIN_HOME, 1.5)
        school = await schooling.create_school(session, actor, SchoolIn(
            name="Tensta skola", kind="primary_f6", municipality="Stockholm", latitude=school_at[0], longitude=school_at[1]))
        child = await children_service.create_child(session, actor, ChildIn(
            first_name="Amira", last_name="Haddad", personal_number=numbers.make(10, 10), gender="girl",
            languages=["arabiska", "svenska"], religion_culture="Muslimsk", allergies=["katt"],
            responsible_worker_id=actor.user_id,
            address=AddressIn(street="Tensta allé 5", postal_code="163 64", city="Spånga", municipality="Stockholm",
                                   latitude=MAIN_HOME[0], longitude=MAIN_HOME[1])))
        await children_service.record_needs(session, actor, child.id, NeedsIn(needs=[
            NeedIn(domain=domain, level=LEVEL_NAMES[level]) for domain, level in MAIN_NEEDS.items()]))
        await schooling.add_enrolment(session, actor, child.id, EnrolmentIn(
            school_id=school.id, grade=4, started_on=today - dt.timedelta(days=200)))
        snapshot = await home_snapshot.current(session, actor)
        free = snapshot.on(start).table.free
        facts = await foster_homes_service.homes_for_matching(session)
        rows = [dataclasses.replace(home_snapshot.home_row(f), free=int(free[snapshot.index[f.id]])) for f in facts]
        kin = rows[kin_home_for(rows, 10, "Södertälje", start)]
        for person in main_child_network(rng, numbers, MAIN_HOME,
                                         (kin.adult_numbers[0], kin.latitude, kin.longitude, kin.municipality)):
            await children_service.add_member(session, actor, child.id, NetworkMemberIn(
                name=person.name, personal_number=person.personal_number, relation=person.relation,
                importance=person.importance, contact_frequency=person.contact_frequency,
                location=MemberLocationIn(municipality=person.municipality, latitude=person.latitude,
                                          longitude=person.longitude),
                willing_kinship_home=person.willing_kinship_home, protected_from=person.protected_from,
                protected_reason=person.protected_reason))
        request = await placement_requests.create_request(session, actor, PlacementRequestIn(
            child_ids=[child.id], kind="long_term", legal_basis="lvu_2", wanted_start=start, urgency=3,
            wish_tags=["trauma"], protection_needs=True))
    print(f"Request {request.reference}: Amira (10), 8 network members (grandmother in {kin.name}, "
          f"{kin.municipality}), Tensta skola, start {start}")
    return request.id


async def explain_homes_query(actor) -> list[str]:
    """EXPLAIN ANALYZE of the statement homes_for_matching sends: the server's share of the SQL stage."""
    async def load_homes() -> None:
        async with unit_of_work() as session:
            await foster_homes_service.homes_for_matching(session)

    captured = await statements_sent(load_homes, lambda statement: "array_agg" in statement)
    async with get_engine().connect() as connection:
        plan = await explain_analyze(connection, *captured[0])
    top = [line for line in plan if "Time:" in line]
    return [line if len(line) <= 160 else line[:160] + " …" for line in plan[:6]] + ["  …"] + top


async def bench_api() -> ApiResult:
    started = time.perf_counter()
    async with unit_of_work() as session:
        print(await seed_scale(session, HOMES, seed=SEED))
    seed_s = time.perf_counter() - started
    await vacuum_analyze()
    actor, token = await bench_user()
    request_id = await make_case(actor)

    url = f"/api/placement-requests/{request_id}/matches"
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app()), base_url="http://placera.bench") as client:
        async def get() -> httpx.Response:
            response = await client.get(url, params={"limit": LIMIT}, headers=headers)
            assert response.status_code == 200, response.text
            return response

        # The first request after a change to the register reloads this process's copy of it.
        home_snapshot.forget()
        started = time.perf_counter()
        await get()
        cold_ms = ms(time.perf_counter() - started)
        # After a booking only the placed children are reloaded (what the booking's trigger does to the version).
        async with get_engine().begin() as connection:
            await connection.execute(text(
                "UPDATE register_version SET version = gen_random_uuid() WHERE name = 'placed_children'"))
        started = time.perf_counter()
        await get()
        after_booking_ms = ms(time.perf_counter() - started)
        for _ in range(API_WARM_UP):
            await get()
        api_ms = []
        for _ in range(API_RUNS):
            started = time.perf_counter()
            response = await get()
            api_ms.append(ms(time.perf_counter() - started))
        body = response.json()

        stages = Stages()
        stages.wrap(matching_service, "matches", "service")
        stages.wrap(home_snapshot, "current", "snapshot")
        stages.wrap(home_snapshot.RegisterSnapshot, "on", "on_day")
        stages.wrap(foster_homes_service, "protected_homes_located_by", "visible")
        stages.wrap(matching_service, "monthly_costs", "monthly_costs")
        stages.wrap(matching_service, "_child_profiles", "profiles")
        stages.wrap(rules, "load", "settings")
        stages.wrap(matching_service, "rank", "rank")
        stages.wrap(matching_service, "_matches_out", "matches_out")
        # Overlapping the stages above, reported beside them.
        stages.wrap(matching_service, "authorize", "authorize")
        stages.wrap(placement_requests, "request_children", "request_children")
        stages.wrap(AsyncSession, "commit", "commit")
        request_s = 0.0
        try:
            with statement_counter() as statements:
                for _ in range(PROFILE_RUNS):
                    started = time.perf_counter()
                    await get()
                    request_s += time.perf_counter() - started
        finally:
            stages.restore()
    per = {key: ms(value) / PROFILE_RUNS for key, value in stages.seconds.items()}
    request_ms = ms(request_s) / PROFILE_RUNS
    inner = ("snapshot", "on_day", "visible", "monthly_costs", "profiles", "settings", "rank", "matches_out")
    breakdown = [
        ("register copy: version check (copy kept in memory)", per["snapshot"]),
        ("free places, load and prices on the start day (numpy)", per["on_day"]),
        ("protected homes the reader may locate", per["visible"]),
        ("monthly_costs", per["monthly_costs"]),
        ("child, needs, network, school (+ audit commit)", per["profiles"]),
        ("settings (2 rule loads)", per["settings"]),
        ("rank (engine)", per["rank"]),
        ("MatchesOut models", per["matches_out"]),
        ("rest of matches(): authorize, request rows, audit commit", per["service"] - sum(per[k] for k in inner)),
        ("outside the service: HTTP, token, validation, JSON", request_ms - per["service"]),
    ]
    per_request = {key: value / PROFILE_RUNS for key, value in stages.calls.items()}
    notes = [
        (f"{sum(statements.values()) / PROFILE_RUNS:.0f} SQL statements per request "
         f"({', '.join(f'{n / PROFILE_RUNS:.0f} {kind}' for kind, n in statements.most_common())}); "
         f"{per_request['commit']:.0f} commits taking {per['commit']:.1f} ms"),
        (f"placement_requests.request_children called {per_request['request_children']:.0f}× per request "
         f"({per['request_children']:.1f} ms); authorize {per['authorize']:.1f} ms"),
    ]
    explain = await explain_homes_query(actor)
    assign = await bench_assign_api(actor, token)
    await get_engine().dispose()
    return ApiResult(seed_s, api_ms, body["considered"], body["feasible"], body["candidates"][0]["kinship"],
                     len(response.content), breakdown + [("whole request (mean while profiled)", request_ms)],
                     notes, explain, cold_ms, after_booking_ms, assign)


# ---------------------------------------------------------------- 5: the whole queue through the API

ASSIGN_RUNS = 3
ASSIGN_WARM_UP = 1
SEED_SESSIONS = 4
CROSS_CHECKED = (3, 2)  # singles and sibling groups whose GET …/matches the plain loop must agree with
LEGAL_BASES = ("sol", "sol", "lvu_2", "lvu_3")


def school_kind(grade: int) -> str:
    return "primary_f6" if grade <= 6 else "primary_79" if grade <= 9 else "upper_secondary"


@dataclass
class QueueCase:
    """One request of the queue as the bench made it: seeded through the services, then the API's answer is
    checked against it."""

    number: int  # its place in the queue, from 1
    children: tuple[ChildProfile, ...]
    numbers: tuple[str, ...]  # the children's personal numbers
    people: list[Person]
    home: tuple[float, float]
    municipality: str
    kind: str
    legal_basis: str
    start: dt.date
    required: frozenset[str]
    wishes: frozenset[str]
    urgency: int
    kin: int | None  # the grandmother's kinship home (index in the register copy)
    high_need: bool
    request_id: uuid.UUID | None = None
    reference: str = ""

    @property
    def size(self) -> int:
        return len(self.children)

    def profile(self) -> RequestProfile:
        return RequestProfile(self.request_id, self.children, self.kind, self.start, together=True,
                              required_tags=self.required, wish_tags=self.wishes, urgency=self.urgency)


def plan_api_queue(rng: random.Random, rows: list[HomeRow], free_on, numbers: PersonalNumbers,
                   today: dt.date) -> list[QueueCase]:
    """As make_queue, over the seeded register: 300 requests (40 sibling groups of 2–3 kept together) starting
    within a month; twelve have a grandmother living in a kinship home with room for them on the start day."""
    sizes = [1] * QUEUE_SINGLES + list(QUEUE_GROUPS)
    rng.shuffle(sizes)
    high_need = set(rng.sample(range(len(sizes)), QUEUE_HIGH_NEED))
    kin_requests = set(rng.sample([r for r in range(len(sizes)) if r not in high_need], QUEUE_KINSHIP))
    kin_taken: set[int] = set()
    cases = []
    for r, size in enumerate(sizes):
        start = today + dt.timedelta(days=rng.randint(0, 30))
        oldest = max(2 * (size - 1), rng.choices(range(18), (3, 3, 4, 4, 4, 4, 5, 5, 5, 6, 6, 7, 7, 8, 9, 9, 9, 8))[0])
        ages = [oldest] + [max(0, oldest - rng.randint(1, 3) * k) for k in range(1, size)]
        kin = None
        if r in kin_requests:
            free = free_on(start)
            kin = rng.choice([
                i for i, row in enumerate(rows)
                if row.kind == "kinship" and row.approved and row.adult_numbers and free[i] >= size
                and i not in kin_taken and (row.available_from is None or row.available_from <= start)
                and "long_term" in row.placement_kinds and row.age_min <= min(ages) and max(ages) <= row.age_max
                and row.max_sibling_group >= size
            ])
            kin_taken.add(kin)
            home_at, municipality = near(rng, rows[kin].latitude, rows[kin].longitude, 10), rows[kin].municipality
        else:
            centre = rng.choices(NATIONAL_CENTRES, cum_weights=CENTRE_WEIGHTS)[0]
            home_at, municipality = near(rng, centre.lat, centre.lon, centre.spread_km), centre.municipality
        people = queue_network(rng, numbers, home_at, municipality, rows[kin] if kin is not None else None)
        children, child_numbers = [], []
        for k, age in enumerate(ages):
            number = numbers.make(age, age)
            child = queue_child(rng, r * 10 + k, age, home_at, people, r in high_need)
            # Only children of school age are enrolled (a school for each, near home).
            school = child.school if child.school and child.school.grade >= 0 else None
            children.append(dataclasses.replace(child, school=school))
            child_numbers.append(number)
        kind = "long_term"
        if size == 1 and kin is None:
            kind = rng.choices(("long_term", "emergency", "respite"), (75, 20, 5))[0]
        required = frozenset({rng.choice(HIGH_NEED_TAGS)}) if r in high_need and rng.random() < 0.7 else frozenset()
        wishes = (frozenset({rng.choice(("trauma", "tonaringar", "syskongrupper"))}) if rng.random() < 0.3
                  else frozenset())
        legal_basis = rng.choice(LEGAL_BASES)
        if any(placement_requests.legal_basis_refusal(LegalBasis(legal_basis), dt.date.fromisoformat(number[:8]), start)
               for number in child_numbers):
            legal_basis = "sol"  # too old for that LVU basis on the start day
        cases.append(QueueCase(r + 1, tuple(children), tuple(child_numbers), people, home_at, municipality, kind,
                               legal_basis, start, required, wishes,
                               rng.choices((1, 2, 3), (30, 50, 20))[0], kin, r in high_need))
    return cases


async def seed_api_queue(session: AsyncSession, actor, cases: list[QueueCase], numbers: PersonalNumbers) -> int:
    """Each case through the services, as a social worker registers it: the children (address, needs), their
    network, a school and enrolment for those of school age, the sibling links, then the request. Returns the
    number of service calls made."""
    today = clock.today()
    calls = 0
    for case in cases:
        created = []
        for k, (child, number) in enumerate(zip(case.children, case.numbers)):
            while True:
                try:
                    out = await children_service.create_child(session, actor, ChildIn(
                        first_name=child.name, last_name=f"Kö {case.number}", personal_number=number,
                        gender=child.gender, languages=sorted(child.languages), religion_culture=child.religion,
                        allergies=sorted(child.allergies), responsible_worker_id=actor.user_id,
                        address=AddressIn(street=f"Kögatan {case.number}", postal_code="123 45",
                                          city=case.municipality, municipality=case.municipality,
                                          latitude=case.home[0], longitude=case.home[1])))
                    calls += 1
                    break
                except ConflictError:  # the number is taken by a child of the seeded register: draw another
                    number = numbers.make(child.age, child.age)
            if child.needs:
                await children_service.record_needs(session, actor, out.id, NeedsIn(needs=[
                    NeedIn(domain=domain, level=LEVEL_NAMES[level]) for domain, level in child.needs.items()]))
                calls += 1
            for person in case.people:
                await children_service.add_member(session, actor, out.id, NetworkMemberIn(
                    name=person.name, personal_number=person.personal_number, relation=person.relation,
                    importance=person.importance, contact_frequency=person.contact_frequency,
                    location=MemberLocationIn(municipality=person.municipality, latitude=person.latitude,
                                              longitude=person.longitude),
                    willing_kinship_home=person.willing_kinship_home, protected_from=person.protected_from,
                    protected_reason=person.protected_reason))
                calls += 1
            if child.school is not None:
                school = await schooling.create_school(session, actor, SchoolIn(
                    name=child.school.name, kind=school_kind(child.school.grade), municipality=case.municipality,
                    latitude=child.school.latitude, longitude=child.school.longitude))
                await schooling.add_enrolment(session, actor, out.id, EnrolmentIn(
                    school_id=school.id, grade=child.school.grade, started_on=today - dt.timedelta(days=200)))
                calls += 2
            created.append(dataclasses.replace(child, id=out.id, age=clock.age_on(out.birth_date, case.start)))
        for first, second in itertools.combinations(created, 2):
            await children_service.link_sibling(session, actor, first.id, SiblingIn(child_id=second.id))
            calls += 1
        request = await placement_requests.create_request(session, actor, PlacementRequestIn(
            child_ids=[child.id for child in created], kind=case.kind, legal_basis=case.legal_basis,
            wanted_start=case.start, urgency=case.urgency, together=True, required_tags=sorted(case.required),
            wish_tags=sorted(case.wishes)))
        calls += 1
        case.children, case.request_id, case.reference = tuple(created), request.id, request.reference
    return calls


@dataclass
class AssignApiResult:
    requests: int
    groups: int
    children: int
    service_calls: int
    seed_s: float
    warm_up_s: float
    post_s: list[float]
    server_s: list[float]
    """The ``seconds`` the service reports (its own work, without HTTP and JSON)."""
    response_bytes: int
    method: str
    proven_optimal: bool
    total: float
    greedy_total: float
    placed: tuple[int, int]  # optimal, greedy
    groups_placed: tuple[int, int]
    high_placed: tuple[int, int]
    high_need: int
    kin_placed: tuple[int, int]
    kin_requests: int
    capacity_ok: tuple[bool, bool]
    feasible_only: tuple[bool, bool]
    same_every_run: bool
    cross_checked: list[tuple[str, int, int, int, int]]
    """Per request: reference, children, feasible homes the API reports, the plain loop's count, its considered."""
    stages: list[tuple[str, float, int]]  # title, ms in the whole POST, calls
    notes: list[str]

    @property
    def cross_checked_ok(self) -> bool:
        return all(api == loop for _, _, api, loop, _ in self.cross_checked)

    @property
    def checks_ok(self) -> bool:
        return (self.proven_optimal and all(self.capacity_ok) and all(self.feasible_only) and self.cross_checked_ok
                and self.placed[0] > 0)


def check_proposal(listed: list[dict], cases: dict[uuid.UUID, QueueCase], rows: list[HomeRow],
                   index: dict[uuid.UUID, int], free_on, settings: MatchingSettings,
                   continuity: ContinuitySettings) -> tuple[bool, bool]:
    """Capacities kept (the children a home gets ≤ its free places on each of their start days, from the
    register copy) and every home feasible for its request (each hard rule checked by the plain loop on the
    home's facts on the request's start day)."""
    used: Counter = Counter()
    limit: dict[int, int] = {}
    feasible_only = len(listed) == len(cases) and {uuid.UUID(a["request_id"]) for a in listed} == set(cases)
    for assigned in listed:
        if assigned["home_id"] is None:
            continue
        case, home = cases[uuid.UUID(assigned["request_id"])], index[uuid.UUID(assigned["home_id"])]
        free = int(free_on(case.start)[home])
        used[home] += case.size
        limit[home] = min(limit.get(home, free), free)
        on_day = dataclasses.replace(rows[home], free=free)
        top, _, _ = naive_rank(case.profile(), [on_day], settings, continuity, limit=1)
        feasible_only &= len(top) == 1
    return all(used[home] <= limit[home] for home in used), feasible_only


async def bench_assign_api(actor, token: str) -> AssignApiResult:
    today = clock.today()
    rng = random.Random(f"placera-bench-matching:{SEED}:assign-api")
    async with unit_of_work() as session:
        snapshot = await home_snapshot.current(session, actor)
        rows: list[HomeRow] = [None] * len(snapshot.index)  # in the copy's order
        for facts in await foster_homes_service.homes_for_matching(session):
            rows[snapshot.index[facts.id]] = home_snapshot.home_row(facts)
        settings = await matching_service.settings(session)
        continuity = await rules.load(session, ContinuitySettings)
        # The protected homes the benchmark user may not locate: the API sets them aside before any rule
        # (matching.engine.Withheld), so the plain loop's count leaves them out too.
        withheld = ~snapshot.visible_to(await foster_homes_service.protected_homes_located_by(session, actor))

    @functools.cache
    def free_on(day: dt.date) -> np.ndarray:
        return snapshot.on(day).table.free

    numbers = PersonalNumbers(rng, today)
    cases = plan_api_queue(rng, rows, free_on, numbers, today)
    started = time.perf_counter()

    async def seed_share(share: list[QueueCase]) -> int:
        async with unit_of_work() as session:
            return await seed_api_queue(session, actor, share, numbers)

    # A few sessions at once, as several social workers would: one waits on the server while another runs.
    calls = sum(await asyncio.gather(*(seed_share(cases[w::SEED_SESSIONS]) for w in range(SEED_SESSIONS))))
    seed_s = time.perf_counter() - started
    by_id = {case.request_id: case for case in cases}
    groups = sum(1 for case in cases if case.size > 1)
    children = sum(case.size for case in cases)
    print(f"Queue through the API: {len(cases)} requests ({groups} sibling groups, {children} children) seeded "
          f"through the services in {seed_s:.1f} s ({calls:,} service calls, {ms(seed_s) / calls:.1f} ms each)")

    headers = {"Authorization": f"Bearer {token}"}
    payload = {"request_ids": [str(case.request_id) for case in cases]}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app()), base_url="http://placera.bench",
                                 timeout=None) as client:
        async def post() -> httpx.Response:
            response = await client.post("/api/matching/assign", json=payload, headers=headers)
            assert response.status_code == 200, response.text
            return response

        started = time.perf_counter()
        for _ in range(ASSIGN_WARM_UP):
            await post()
        warm_up_s = (time.perf_counter() - started) / ASSIGN_WARM_UP
        post_s, server_s, proposals = [], [], []
        for _ in range(ASSIGN_RUNS):
            started = time.perf_counter()
            response = await post()
            post_s.append(time.perf_counter() - started)
            body = response.json()
            server_s.append(body["seconds"])
            proposals.append({a["request_id"]: a["home_id"] for a in body["proposal"]})

        # A few requests ranked alone (GET …/matches): their feasible homes as the plain loop counts them.
        singles = [case for case in cases if case.size == 1][: CROSS_CHECKED[0]]
        cross_checked = []
        for case in singles + [case for case in cases if case.size > 1][: CROSS_CHECKED[1]]:
            matches = await client.get(f"/api/placement-requests/{case.request_id}/matches", params={"limit": LIMIT},
                                       headers=headers)
            assert matches.status_code == 200, matches.text
            day_rows = [dataclasses.replace(row, free=int(free))
                        for row, free, hidden in zip(rows, free_on(case.start), withheld) if not hidden]
            _, excluded, _ = naive_rank(case.profile(), day_rows, settings, continuity)
            cross_checked.append((case.reference, case.size, matches.json()["feasible"], len(day_rows) - sum(excluded),
                                  matches.json()["considered"]))

        # Where the time goes: one more POST with the service's own functions timed.
        stages = Stages()
        stages.wrap(matching_service, "assign", "assign")
        stages.wrap(home_snapshot, "current", "snapshot")
        stages.wrap(matching_service, "_ranking", "ranking")
        stages.wrap(matching_service, "authorize", "authorize")
        stages.wrap(placement_requests, "request_children", "request_children")
        stages.wrap(home_snapshot.RegisterSnapshot, "on", "on_day")
        stages.wrap(foster_homes_service, "protected_homes_located_by", "visible")
        stages.wrap(rules, "load", "settings")
        stages.wrap(matching_service, "_child_profiles", "profiles")
        stages.wrap(children_service, "child_network", "network")
        stages.wrap(schooling, "current_school", "school")
        stages.wrap(matching_service, "monthly_costs", "monthly_costs")
        stages.wrap(matching_service, "rank", "rank")
        stages.wrap(matching_service, "assign_optimal", "optimal")
        stages.wrap(matching_service, "assign_greedy", "greedy")
        stages.wrap(AsyncSession, "commit", "commit")
        try:
            with statement_counter() as statements:
                started = time.perf_counter()
                await post()
                whole_ms = ms(time.perf_counter() - started)
        finally:
            stages.restore()

    s, n = Counter({key: ms(value) for key, value in stages.seconds.items()}), stages.calls
    # RegisterSnapshot.on runs once per request inside _ranking and once per distinct start day for the
    # capacities; every call does the same work, so the time is shared out by calls.
    on_in_ranking = s["on_day"] * n["ranking"] / n["on_day"]
    in_ranking = ("authorize", "request_children", "visible", "settings", "profiles", "monthly_costs", "rank")
    stage_rows = [
        ("authorize (each request, and the queue once)", s["authorize"], n["authorize"]),
        ("request and children rows (request_children)", s["request_children"], n["request_children"]),
        ("free places, load, prices on the start day (numpy)", on_in_ranking, n["ranking"]),
        ("protected homes the reader may locate", s["visible"], n["visible"]),
        ("settings (3 rule loads a request)", s["settings"], n["settings"]),
        ("child profiles: network graph, siblings (+ audit commit)", s["network"], n["network"]),
        ("child profiles: current school", s["school"], n["school"]),
        ("child profiles: the rest", s["profiles"] - s["network"] - s["school"], n["profiles"]),
        ("monthly_costs", s["monthly_costs"], n["monthly_costs"]),
        ("rank (engine, every home scored)", s["rank"], n["rank"]),
        ("rest of _ranking", s["ranking"] - sum(s[k] for k in in_ranking) - on_in_ranking, n["ranking"]),
        ("= loading and ranking every request (_ranking)", s["ranking"], n["ranking"]),
        ("register copy: version check", s["snapshot"], n["snapshot"]),
        ("capacities: free places on each start day", s["on_day"] - on_in_ranking, n["on_day"] - n["ranking"]),
        ("assign_optimal (HiGHS)", s["optimal"], n["optimal"]),
        ("assign_greedy", s["greedy"], n["greedy"]),
        ("rest of assign(): items, AssignedOut, audit commit",
         s["assign"] - s["ranking"] - s["snapshot"] - s["optimal"] - s["greedy"] - (s["on_day"] - on_in_ranking), 1),
        ("outside the service: HTTP, token, validation, JSON", whole_ms - s["assign"], 1),
        ("whole POST (profiled run)", whole_ms, 1),
    ]
    notes = [
        (f"{sum(statements.values()):,} SQL statements ({sum(statements.values()) / len(cases):.1f} a request: "
         f"{', '.join(f'{v:,} {k}' for k, v in statements.most_common())}); {n['commit']:,} commits taking "
         f"{s['commit']:.0f} ms"),
    ]

    listed = {"optimal": body["proposal"], "greedy": body["greedy"]}
    checked = {name: check_proposal(value, by_id, rows, snapshot.index, free_on, settings, continuity)
               for name, value in listed.items()}

    def homes(name: str) -> dict[uuid.UUID, int | None]:
        return {uuid.UUID(a["request_id"]): snapshot.index[uuid.UUID(a["home_id"])] if a["home_id"] else None
                for a in listed[name]}

    def tally(name: str, keep) -> int:
        return sum(1 for rid, home in homes(name).items() if home is not None and keep(by_id[rid], home))

    def pair(keep) -> tuple[int, int]:
        return tally("optimal", keep), tally("greedy", keep)

    return AssignApiResult(
        len(cases), groups, children, calls, seed_s, warm_up_s, post_s, server_s, len(response.content),
        body["method"], body["proven_optimal"], body["total"], body["greedy_total"],
        pair(lambda case, home: True), pair(lambda case, home: case.size > 1),
        pair(lambda case, home: case.high_need), sum(case.high_need for case in cases),
        pair(lambda case, home: home == case.kin), sum(case.kin is not None for case in cases),
        (checked["optimal"][0], checked["greedy"][0]), (checked["optimal"][1], checked["greedy"][1]),
        all(p == proposals[0] for p in proposals), cross_checked, stage_rows, notes,
    )


def assign_api_lines(result: AssignApiResult) -> list[str]:
    def yes(ok: bool) -> str:
        return "yes" if ok else "NO"

    lines = [
        (f"Queue via the API: POST /api/matching/assign with {result.requests} request ids ({result.groups} sibling "
         f"groups, {result.children} children) over {HOMES:,} homes: {statistics.median(result.post_s):.2f} s "
         f"(p50 of {ASSIGN_RUNS}; runs {', '.join(f'{v:.2f}' for v in result.post_s)} s; warm-up "
         f"{result.warm_up_s:.2f} s; the service's own seconds {statistics.median(result.server_s):.2f}); "
         f"{result.response_bytes:,} bytes; same proposal every run: {yes(result.same_every_run)}; seeded through "
         f"the services in {result.seed_s:.1f} s"),
    ]
    for name, i, total in (("optimal", 0, result.total), ("greedy", 1, result.greedy_total)):
        method = f"{result.method}, proven optimal {result.proven_optimal}, " if i == 0 else ""
        lines.append(
            f"{name:>8}: {method}total {total:.3f}; placed {result.placed[i]}/{result.requests} requests "
            f"({result.groups_placed[i]}/{result.groups} sibling groups, {result.high_placed[i]}/{result.high_need} "
            f"largest needs, {result.kin_placed[i]}/{result.kin_requests} in their kinship home); capacities kept "
            f"(register copy, each start day): {yes(result.capacity_ok[i])}; only feasible homes (every hard rule "
            f"rechecked by the plain loop): {yes(result.feasible_only[i])}")
    lines.append("GET …/matches of " + ", ".join(
        f"{reference} ({size} {'child' if size == 1 else 'children'}): {api:,} feasible of {considered:,}"
        + ("" if api == loop else f" (plain loop: {loop:,})")
        for reference, size, api, loop, considered in result.cross_checked)
        + f"; the plain loop counts the same: {yes(result.cross_checked_ok)}")
    return lines


# ---------------------------------------------------------------- report

def load_average() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg()) + f" on {os.cpu_count()} cores"


def main() -> None:
    print(f"Load average before: {load_average()} (other work on the machine slows every figure)")
    ranked = bench_rank()
    queue = bench_queue()
    fresh_database(DATABASE)
    api = asyncio.run(bench_api())

    rank_p50, rank_p95 = percentile(ranked.rank_ms, 50), percentile(ranked.rank_ms, 95)
    naive_p50 = percentile(ranked.naive_ms, 50)
    ratio = naive_p50 / rank_p50
    api_p50, api_p95 = percentile(api.api_ms, 50), percentile(api.api_ms, 95)
    vs_greedy = queue.optimal.total / queue.greedy.total
    assign_api_p50 = statistics.median(api.assign.post_s)

    def status(value: float, key: str) -> str:
        return ("ok" if value <= TARGETS[key] else "OVER") + f" (≤ {TARGETS[key]:g})"

    print()
    print(f"Engine, {ranked.considered:,} homes in memory: {ranked.feasible:,} feasible; HomeTable.from_rows "
          f"{ranked.table_ms:.0f} ms; same top {LIMIT} as the loop: {'yes' if ranked.same_top else 'NO'}; "
          f"same exclusion counts: {'yes' if ranked.same_exclusions else 'NO'}; kinship home first: "
          f"{'yes' if ranked.kin_first else 'NO'}")
    print(f"API: {api.considered:,} homes considered, {api.feasible:,} feasible, kinship home first: "
          f"{'yes' if api.kin_first else 'NO'}, {api.response_bytes:,} bytes; seed of {HOMES:,} homes {api.seed_s:.1f} s")
    print("\n".join(queue_lines(queue)))
    print("\n".join(assign_api_lines(api.assign)))
    print()
    print(f"{'measure':<58} {'p50':>9} {'p95':>9}  target")
    rows = [
        (f"engine rank, 1 child, {HOMES:,} homes (ms)", rank_p50, rank_p95, status(rank_p50, "rank_ms_p50")),
        ("engine rank, sibling group of 3 (ms)", percentile(ranked.sibling_ms, 50), percentile(ranked.sibling_ms, 95), ""),
        ("engine rank with reasons for every feasible home (ms, 1 run)", ranked.full_reasons_ms, None, ""),
        (f"plain Python loop, same ranking (ms, {NAIVE_RUNS} runs)", naive_p50, percentile(ranked.naive_ms, 95), ""),
        ("plain loop scoring every home, as the engine does (ms, 1 run)", ranked.naive_all_ms, None, ""),
        ("rank_naive_ratio (loop / engine, p50)", ratio, None, ""),
        (f"API GET …/matches?limit={LIMIT} (ms, {API_RUNS} runs)", api_p50, api_p95, status(api_p95, "api_ms_p95")),
        (f"queue: rank {len(queue.items)} requests over {QUEUE_HOMES:,} homes (s)", queue.rank_s, None, ""),
        ("queue: assign_optimal (s)", queue.optimal_s, None, status(queue.optimal_s, "assign_s")),
        ("queue: assign_greedy (s)", queue.greedy_s, None, ""),
        ("queue: optimal total / greedy total", vs_greedy, None, ""),
        (f"queue via API: POST /api/matching/assign (s, {ASSIGN_RUNS} runs)", assign_api_p50, max(api.assign.post_s),
         status(assign_api_p50, "assign_api_s")),
        ("queue via API: seed of the queue through the services (s)", api.assign.seed_s, None, ""),
    ]
    for title, p50, p95, target in rows:
        print(f"{title:<58} {p50:9.2f} {'' if p95 is None else f'{p95:9.2f}':>9}  {target}")
    print()
    print(f"Where an API request's time goes (mean of {PROFILE_RUNS} requests, ms):")
    whole = api.stages[-1][1]
    for title, value in api.stages:
        print(f"  {title:<58} {value:8.1f}  {value / whole:6.1%}")
    for note in api.notes:
        print(f"  {note}")
    print(f"  the first request after a change to a home (reloads the whole copy): {api.cold_ms:.0f} ms; "
          f"after a booking (reloads the placed children only): {api.after_booking_ms:.0f} ms")
    print(f"Where the API assign's time goes ({api.assign.requests} requests, one profiled POST; ms in the POST, "
          f"calls, ms a call):")
    for title, value, calls in api.assign.stages:
        print(f"  {title:<58} {value:8.0f}  {value / api.assign.stages[-1][1]:6.1%}  {calls:5d}  "
              f"{value / max(calls, 1):8.2f}")
    for note in api.assign.notes:
        print(f"  {note}")
    print("Plan of the homes_for_matching statement (run only when the register has changed):")
    print("\n".join("  " + line for line in api.explain))
    print(f"Load average after: {load_average()}")
    checks_ok = (ranked.same_top and ranked.same_exclusions and queue.optimal.optimal and all(queue.capacity_ok)
                 and all(queue.feasible_only) and api.assign.checks_ok)
    if not checks_ok:
        print("CHECK FAILED: see the lines above")
    print(
        f"RESULT rank_ms_p50={rank_p50:.1f} api_ms_p95={api_p95:.1f} rank_naive_ratio={ratio:.1f} "
        f"assign_s={queue.optimal_s:.2f} assign_vs_greedy={vs_greedy:.3f} assign_api_s={assign_api_p50:.2f}"
    )


if __name__ == "__main__":
    # Alembic runs its own event loop, so the database is prepared (in main) before ours starts.
    main()
