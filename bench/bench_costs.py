"""Benchmark of the placement cost computation: a history of placements over ``--years`` years ending today,
the monthly costs of the whole period computed in PostgreSQL (costs.day_cost), checked placement-month by
placement-month against a straightforward day-by-day reference in Python, and the budget follow-up with its
forecast.

Run from the repository root: ``.venv/bin/python bench/bench_costs.py [--placements 50000] [--years 10]``
(``make bench`` runs every bench/bench_*.py with no arguments: the defaults are the full size). It always uses
its own database, ``placera_bench_costs``, on the embedded PostgreSQL in .placera-data/bench, dropped and
recreated each run (never DATABASE_URL). The last line is
``RESULT costs_ms=… costs_computed_ms=… costs_first_read_ms=… costs_after_change_ms=… costs_naive_ratio=…
forecast_ms=… backtest_s=… invoice_check_ms=… follow_up_ms=… placement_months=… mismatches=…``: costs_ms is the
steering group's read of the period's monthly costs, the past months kept (costs.closed_months) and the current
one computed; costs_computed_ms computes every month; the first read keeps them; a read after a change
recomputes what it forgot; the bench exits non-zero when any placement-month, or any month's total of
the category path, differs between the SQL and the reference. Also timed: the year-end forecast, a backtest of
last year's 12 month-ends, and the invoice check of the largest agency's last month (demo.invoices writes it,
with its deliberate errors).

What is seeded (bulk COPY, not service calls):

* the default rate cards (``rate_cards.ensure_defaults``) and three extra versions from 1 July (one with
  fixed monthly allowances, one with other allowance percentages, one with other social fee rates);
* own, reinforced, kinship and emergency homes, each with household adults whose personal numbers give birth
  years around 1955-1965 (so both the general and the senior social fee rate occur; the first adult by
  position decides; a few homes have none), and consultant homes of agencies whose framework contracts follow
  one another over the years, changing price on arbitrary days (sometimes with a gap between two contracts,
  sometimes without a price for a level: then the placement's booked daily price holds);
* HVB, SiS and supported-housing institutions with daily prices;
* children (birth dates so that many turn 13 during a placement, a few born on 29 February) with chains of
  placements: one child's placement ending on the day the next begins (moves), sometimes a gap, the last one
  often ongoing (with or without a planned end, some past it); a few begin before the period;
* terms given at booking (fee_given, allowance_given, price_given) on some placements, other fee levels than
  the default on some, and extra costs once and monthly (some beginning before the placement or running on
  after it, a few once on the moving day).
"""

from __future__ import annotations

import argparse
import bisect
import calendar
import datetime as dt
import math
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

# _setup first: it points the settings at the bench server before core is imported.
from _setup import copy_rows, create_bench_user, run_on_fresh_database, vacuum_analyze, weighted
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from children.models import Child
from core import clock
from core.database import get_engine, unit_of_work
from core.identity_numbers import luhn_check_digit
from core.permissions import Role
from core.references import REFERENCE_ALPHABET
from costs import budget, closed_months, day_cost, invoices
from costs import forecast as cost_forecast
from demo.invoices import write_demo_invoices
from foster_homes import prices, rate_cards
from foster_homes.models import (Agency, AgencyContract, AgencyContractPrice, FosterHome, HouseholdAdult,
                                 Institution, InstitutionPrice, RateCard)
from foster_homes.schemas import ContractLevel, FeeLevel, HomeKind, RateCardIn, default_fee_level
from demo.economy import _RECORDS_FROM_DATES as RECORDS_FROM_DATES
from placements.models import Placement, PlacementExtraCost, PlacementFeeLevel
from placements.schemas import EndReason, LegalBasis, PlacementSetting, RequestKind

DATABASE = "placera_bench_costs"
OUTCOME = {"mismatches": 0}
SEED = 2026
SQL_RUNS, SQL_WARM_UP = 3, 1
FORECAST_RUNS, FORECAST_WARM_UP = 3, 1

FAMILY, EMERGENCY, INSTITUTION = (PlacementSetting.FAMILY_HOME, PlacementSetting.EMERGENCY_HOME,
                                  PlacementSetting.INSTITUTION)
# Where a placement of each setting goes (a target kind) and for how many days (ended ones).
TARGETS = {
    EMERGENCY: (("emergency", 0.85), ("consultant", 0.15)),
    FAMILY: (("own", 0.40), ("kinship", 0.20), ("reinforced", 0.12), ("consultant", 0.28)),
    INSTITUTION: (("hvb", 0.70), ("sis", 0.12), ("supported_housing", 0.18)),
}
DURATION_DAYS = {EMERGENCY: (20, 240), FAMILY: (60, 1600), INSTITUTION: (30, 700)}
NEXT_SETTING = {
    None: ((EMERGENCY, 0.35), (FAMILY, 0.50), (INSTITUTION, 0.15)),
    EMERGENCY: ((FAMILY, 0.80), (INSTITUTION, 0.10), (EMERGENCY, 0.10)),
    FAMILY: ((FAMILY, 0.55), (INSTITUTION, 0.30), (EMERGENCY, 0.15)),
    INSTITUTION: ((FAMILY, 0.45), (INSTITUTION, 0.55)),
}
# Homes per placement, by kind (a home takes several children over the years).
HOMES_PER_PLACEMENT = {"own": 1 / 6, "kinship": 1 / 8, "reinforced": 1 / 20, "emergency": 1 / 60, "consultant": 1 / 10}
PLACEMENTS_PER_AGENCY = 600
PLACEMENTS_PER_INSTITUTION = 120
INSTITUTION_PRICES = {"hvb": (3500, 7000), "sis": (5500, 9000), "supported_housing": (1500, 2600)}
# The booked fee and allowance before the first rate card (2017 levels, indexed 2 % a year).
PRE_CARD_FEES = {FeeLevel.BASIC: 9800, FeeLevel.RAISED_1: 11500, FeeLevel.RAISED_2: 13200, FeeLevel.RAISED_3: 15100}
PRE_CARD_ALLOWANCE = (3900, 4450)  # younger than 13, older
FIRST_NAMES = ("Alice", "Maja", "Elsa", "Wilma", "Saga", "Nora", "Amira", "Leyla", "Noah", "Liam", "Hugo", "Elias",
               "Omar", "Adam", "Yusuf", "Oscar", "Emil", "Isak", "Alva", "Juni")
LAST_NAMES = ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Hassan", "Ahmed", "Yilmaz",
              "Nowak", "Lindberg", "Berg", "Holm", "Warsame", "Karimi", "Ek")


def money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February becomes 28 February in other years)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def first_of_next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


# ---------------------------------------------------------------- rate cards

def extra_rate_cards() -> list[RateCardIn]:
    """Mid-year versions beside the defaults: each changes something the costs depend on."""
    return [
        RateCardIn(valid_from=dt.date(2023, 7, 1), price_base_amount=Decimal("52500"), fee_basic=Decimal("11350"),
                   fee_raised_1=Decimal("13260"), fee_raised_2=Decimal("15190"), fee_raised_3=Decimal("17430"),
                   allowance_younger_monthly=Decimal("4850.50"), allowance_older_monthly=Decimal("5480.25"),
                   senior_from_age=66, note="Bänk: fasta omkostnadsbelopp från 1 juli"),
        RateCardIn(valid_from=dt.date(2024, 7, 1), price_base_amount=Decimal("57300"), fee_basic=Decimal("11600"),
                   fee_raised_1=Decimal("13555"), fee_raised_2=Decimal("15525"), fee_raised_3=Decimal("17810"),
                   allowance_younger_percent=Decimal("112.5"), allowance_older_percent=Decimal("127.5"),
                   senior_from_age=66, note="Bänk: höjda procentsatser från 1 juli"),
        RateCardIn(valid_from=dt.date(2026, 7, 1), price_base_amount=Decimal("59200"), fee_basic=Decimal("11770"),
                   fee_raised_1=Decimal("13745"), fee_raised_2=Decimal("15740"), fee_raised_3=Decimal("18055"),
                   social_fee_percent=Decimal("31.40"), senior_social_fee_percent=Decimal("10.25"),
                   senior_from_age=67, note="Bänk: nya avgiftssatser från 1 juli"),
    ]


async def seed_rate_cards(session: AsyncSession) -> list[RateCard]:
    await rate_cards.ensure_defaults(session)
    for card in extra_rate_cards():
        session.add(RateCard(**card.model_dump(), created_by="Placera (bänk)"))
    await session.flush()
    return list(await session.scalars(select(RateCard).order_by(RateCard.valid_from)))


# ---------------------------------------------------------------- the world

class World:
    def __init__(self, rng: random.Random, today: dt.date, period_start: dt.date, placements: int,
                 cards: list[RateCard]):
        self.rng, self.today, self.period_start, self.target = rng, today, period_start, placements
        self.cards = cards
        self.card_froms = [card.valid_from for card in cards]
        self.numbers: set[str] = set()
        self.serial = 0
        self.agencies: list[dict] = []
        self.contracts: list[dict] = []
        self.contract_prices: list[dict] = []
        self.contracts_of: dict[uuid.UUID, list[tuple[dt.date, dt.date | None, dict[str, Decimal]]]] = defaultdict(list)
        self.institutions: dict[str, list[dict]] = defaultdict(list)
        self.institution_prices: list[dict] = []
        self.versions_of: dict[uuid.UUID, list[tuple[dt.date, Decimal]]] = {}
        self.homes: list[dict] = []
        self.homes_of: dict[str, list[dict]] = defaultdict(list)
        self.adults: list[dict] = []
        self.children: list[dict] = []
        self.placements: list[dict] = []
        self.extras: list[dict] = []
        self.fee_levels: list[dict] = []

    def reference(self, prefix: str) -> str:
        """Unique, in the reference alphabet (a counter written in base 32)."""
        self.serial += 1
        n, digits = self.serial, []
        for _ in range(6):
            n, digit = divmod(n, len(REFERENCE_ALPHABET))
            digits.append(REFERENCE_ALPHABET[digit])
        return prefix + "".join(reversed(digits))

    def personal_number(self, born: dt.date, woman: bool) -> str:
        while True:
            serial = f"{self.rng.randint(0, 99):02d}{self.rng.choice('02468' if woman else '13579')}"
            number = f"{born:%Y%m%d}-{serial}{luhn_check_digit(born.strftime('%y%m%d') + serial)}"
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    def card_on(self, day: dt.date) -> RateCard | None:
        index = bisect.bisect_right(self.card_froms, day) - 1
        return self.cards[index] if index >= 0 else None

    # ------------------------------------------------------------ providers and homes

    def agency(self) -> dict:
        rng = self.rng
        agency = {"id": uuid.uuid4(), "name": f"Konsulentstöd {len(self.agencies) + 1} AB",
                  "organisation_number": f"559{len(self.agencies):03d}-{rng.randint(1000, 9999)}", "active": True,
                  "version": 1}
        self.agencies.append(agency)
        # Framework contracts one after another from well before the period, each with its own prices (indexed
        # up), changing on arbitrary days; sometimes a gap, sometimes a level without a price; the last open.
        day = self.period_start - dt.timedelta(days=rng.randint(30, 700))
        standard = rng.randrange(1100, 1450, 10)
        number = 0
        while True:
            number += 1
            length = rng.randint(240, 1100)
            valid_to = day + dt.timedelta(days=length - 1)
            last = valid_to > self.today + dt.timedelta(days=120)
            if last and rng.random() < 0.6:
                valid_to = None
            level_prices = {ContractLevel.STANDARD.value: Decimal(standard),
                            ContractLevel.REINFORCED.value: Decimal(standard + rng.randrange(250, 450, 10)),
                            ContractLevel.EMERGENCY.value: Decimal(standard + rng.randrange(150, 300, 10))}
            if rng.random() < 0.10:
                del level_prices[ContractLevel.EMERGENCY.value]
            contract_id = uuid.uuid4()
            self.contracts.append({"id": contract_id, "agency_id": agency["id"],
                                   "reference": f"Ramavtal {number}, {agency['name']}", "valid_from": day,
                                   "valid_to": valid_to})
            for level, price in level_prices.items():
                self.contract_prices.append({"id": uuid.uuid4(), "contract_id": contract_id, "level": level,
                                             "daily_price": price})
            self.contracts_of[agency["id"]].append((day, valid_to, level_prices))
            if last:
                return agency
            day = valid_to + dt.timedelta(days=1 if rng.random() < 0.85 else rng.randint(15, 90))
            standard = int(round(standard * (1 + rng.uniform(0.01, 0.05)), -1))

    def institution(self, kind: str) -> dict:
        rng = self.rng
        low, high = INSTITUTION_PRICES[kind]
        row = {"id": uuid.uuid4(), "name": f"{kind.upper()} {len(self.institutions[kind]) + 1}", "kind": kind,
               "operator": "Bänk Omsorg AB", "municipality": "Stockholm", "latitude": 59.33, "longitude": 18.06,
               "places": rng.randint(4, 30), "age_min": 12 if kind != "supported_housing" else 16, "age_max": 20,
               "gender_preference": "any", "daily_price": Decimal(rng.randrange(low, high + 1, 10)),
               "target_groups": [], "active": True, "version": 1}
        self.institutions[kind].append(row)
        # A new price version about once a year, on no particular day, indexed up (now and then unchanged);
        # most from before the period, some only from within it (before the first: the booked price holds).
        if rng.random() < 0.85:
            day = self.period_start - dt.timedelta(days=rng.randint(0, 400))
        else:
            day = self.period_start + dt.timedelta(days=rng.randint(30, 3 * 365))
        price, versions = row["daily_price"], []
        while day <= self.today + dt.timedelta(days=200):
            versions.append((day, price))
            self.institution_prices.append({"id": uuid.uuid4(), "institution_id": row["id"], "valid_from": day,
                                            "daily_price": price, "created_by": "Placera (bänk)"})
            day += dt.timedelta(days=365 + rng.randint(-40, 40))
            price = Decimal(int(round(float(price) * (1 + rng.uniform(0, 0.05)), -1)))
        self.versions_of[row["id"]] = versions
        return row

    def institution_price(self, institution: dict, day: dt.date) -> Decimal:
        """The version in force on ``day``, else the institution's own price."""
        in_force = [price for valid_from, price in self.versions_of[institution["id"]] if valid_from <= day]
        return in_force[-1] if in_force else institution["daily_price"]

    def home(self, kind: str, agencies: list[dict], level: str | None = None) -> dict:
        rng = self.rng
        consultant = kind == HomeKind.CONSULTANT
        if consultant and level is None and rng.random() > 0.03:  # a few without a level: the booked price holds
            level = weighted(rng, ((ContractLevel.STANDARD.value, 0.70), (ContractLevel.REINFORCED.value, 0.20),
                                   (ContractLevel.EMERGENCY.value, 0.10)))
        row = {"id": uuid.uuid4(), "name": f"Familjen {rng.choice(LAST_NAMES)} {len(self.homes) + 1}", "kind": kind,
               "status": "approved", "agency_id": rng.choice(agencies)["id"] if consultant else None,
               "contract_level": level, "street": "Bänkgatan 1", "postal_code": "11122", "city": "Stockholm",
               "municipality": "Stockholm", "latitude": 59.33 + rng.uniform(-1, 1),
               "longitude": 18.06 + rng.uniform(-1, 1), "places": rng.randint(1, 4), "age_min": 0, "age_max": 20,
               "max_sibling_group": 2, "gender_preference": "any", "placement_kinds": ["long_term", "emergency"],
               "tags": [], "pets": [], "smoking": False, "version": 1}
        self.homes.append(row)
        self.homes_of[(f"consultant-{level or 'none'}") if consultant else kind].append(row)
        # Household adults: foster parents born around 1955-1965 (both social fee rates occur). Positions do
        # not always start at 0, and the older one is not always first: the lowest position decides.
        if rng.random() < 0.03:
            return row  # no adult registered: the general rate
        first = rng.randint(0, 1)
        for position in range(first, first + (2 if rng.random() < 0.8 else 1)):
            year = rng.randint(1953, 1968)
            born = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            woman = rng.random() < 0.55
            self.adults.append({"id": uuid.uuid4(), "home_id": row["id"], "position": position,
                                "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                                "personal_number": self.personal_number(born, woman), "languages": ["svenska"]})
        return row

    def providers(self) -> None:
        count = self.target
        agencies = [self.agency() for _ in range(max(4, round(count / PLACEMENTS_PER_AGENCY)))]
        for kind, share in (("hvb", 0.70), ("sis", 0.12), ("supported_housing", 0.18)):
            for _ in range(max(2, round(count / PLACEMENTS_PER_INSTITUTION * share))):
                self.institution(kind)
        for kind, per_placement in HOMES_PER_PLACEMENT.items():
            for _ in range(max(3, round(count * per_placement))):
                self.home(kind, agencies)
        for level in ContractLevel:  # every level has consultant homes, even at a small scale
            if not self.homes_of["consultant-" + level.value]:
                self.home(HomeKind.CONSULTANT, agencies, level.value)

    # ------------------------------------------------------------ children and placements

    def child(self, born: dt.date) -> dict:
        rng = self.rng
        girl = rng.random() < 0.47
        row = {"id": uuid.uuid4(), "reference": self.reference("B-"), "first_name": rng.choice(FIRST_NAMES),
               "last_name": rng.choice(LAST_NAMES), "personal_number": self.personal_number(born, girl),
               "birth_date": born, "gender": "girl" if girl else "boy", "languages": ["svenska"], "allergies": [],
               "protected_identity": False, "version": 1}
        self.children.append(row)
        return row

    def birth_date(self, chain_start: dt.date) -> dt.date:
        rng = self.rng
        # Most children placed between 6 and 15: many turn 13 in care (the allowance's older band).
        age = weighted(rng, [(a, 1 + (6 <= a <= 15) * 3 + (10 <= a <= 13) * 2) for a in range(0, 17)])
        born = chain_start - dt.timedelta(days=int(365.25 * age) + rng.randint(0, 364))
        if rng.random() < 0.01:  # born on 29 February: the birthday is 1 March in other years
            leap = born.year - born.year % 4
            born = dt.date(leap, 2, 29)
        return min(born, chain_start - dt.timedelta(days=30))

    def target_of(self, setting: PlacementSetting) -> tuple[str, dict | None, dict | None]:
        """(target kind, home, institution)."""
        rng = self.rng
        kind = weighted(rng, TARGETS[setting])
        if kind in INSTITUTION_PRICES:
            return kind, None, rng.choice(self.institutions[kind])
        if kind == "consultant":
            if setting == EMERGENCY:
                pool = self.homes_of["consultant-emergency"]
            else:
                pool = weighted(rng, ((self.homes_of["consultant-standard"], 0.72),
                                      (self.homes_of["consultant-reinforced"], 0.23),
                                      (self.homes_of["consultant-none"] or self.homes_of["consultant-standard"], 0.05)))
            return kind, rng.choice(pool), None
        return kind, rng.choice(self.homes_of[kind]), None

    def contract_price(self, home: dict, day: dt.date) -> Decimal | None:
        for valid_from, valid_to, level_prices in self.contracts_of[home["agency_id"]]:
            if prices.in_force(valid_from, valid_to, day):
                return level_prices.get(home["contract_level"])
        return None

    def terms(self, row: dict, target_kind: str, home: dict | None, institution: dict | None,
              born: dt.date) -> None:
        """The amounts booked at the start (what holds before the first rate card), and given terms."""
        rng, start = self.rng, row["starts_on"]
        if institution is not None:
            row["daily_price"] = self.institution_price(institution, start)
            chance = rng.random()
            if chance < 0.10:  # a price given at booking: it holds whatever the institution's versions say
                row["price_given"] = True
                row["daily_price"] += Decimal(rng.randrange(-300, 400, 10))
            elif chance < 0.15:  # booked at another price, not given: the versions in force hold
                row["daily_price"] += Decimal(rng.randrange(-300, 400, 10))
            return
        if target_kind == "consultant":
            booked = self.contract_price(home, start)
            row["daily_price"] = booked if booked is not None else Decimal(rng.randrange(1300, 1900, 10))
            if rng.random() < 0.10:
                row["price_given"] = True
                row["daily_price"] = money(rng.uniform(1400, 2400))
            return
        level = default_fee_level(target_kind)
        if rng.random() < 0.15:
            level = rng.choice(list(FeeLevel))
        row["fee_level"] = level.value
        card = self.card_on(start)
        age = clock.age_on(born, start)
        if card is not None:
            fee, allowance = prices.card_fee(card, level), prices.card_allowance(card, age)
        else:
            index = 1.02 ** (start.year - 2017)
            fee = Decimal(round(PRE_CARD_FEES[level] * index))
            allowance = Decimal(round(PRE_CARD_ALLOWANCE[age >= 13] * index))
        row["fee_monthly"], row["expense_allowance_monthly"] = fee, allowance
        if rng.random() < 0.05:
            row["fee_given"] = True
            row["fee_monthly"] = money(rng.uniform(9000, 22000))
        if rng.random() < 0.03:
            row["allowance_given"] = True
            row["expense_allowance_monthly"] = money(rng.uniform(3500, 7000))

    def placement(self, child: dict, previous: dict | None, setting: PlacementSetting, start: dt.date,
                  end: dt.date | None, reason: EndReason | None, planned_end: dt.date | None) -> dict:
        rng = self.rng
        target_kind, home, institution = self.target_of(setting)
        kind = RequestKind.EMERGENCY if setting == EMERGENCY else (
            RequestKind.RESPITE if rng.random() < 0.04 else RequestKind.LONG_TERM)
        row = {"id": uuid.uuid4(), "reference": self.reference("P-"), "child_id": child["id"],
               "previous_placement_id": previous["id"] if previous else None,
               "foster_home_id": home["id"] if home else None, "institution_id": institution["id"] if institution else None,
               "setting": setting.value, "target_kind": target_kind, "kind": kind.value,
               "legal_basis": weighted(rng, ((LegalBasis.SOL.value, 0.5), (LegalBasis.LVU_2.value, 0.35),
                                             (LegalBasis.LVU_3.value, 0.15))),
               "decided_on": start - dt.timedelta(days=rng.randint(0, 10)), "decided_by": "Socialnämndens utskott",
               "starts_on": start, "planned_end": planned_end, "ended_on": end,
               "end_reason": reason.value if reason else None, "fee_monthly": None, "expense_allowance_monthly": None,
               "daily_price": None, "network_examined": True, "fee_level": FeeLevel.BASIC.value, "fee_given": False,
               "allowance_given": False, "price_given": False, "created_by": "Bänk Handläggare", "version": 1}
        self.terms(row, target_kind, home, institution, child["birth_date"])
        self.placements.append(row)
        self.extra_costs(row)
        return row

    def extra_costs(self, row: dict) -> None:
        rng = self.rng
        start, end = row["starts_on"], row["ended_on"]
        last = (end or self.today) - dt.timedelta(days=1)
        span = max(0, (last - start).days)
        if rng.random() < 0.12:
            for _ in range(rng.randint(1, 3)):
                self.extras.append({"id": uuid.uuid4(), "placement_id": row["id"], "description": "Cykel", "kind": "cost",
                                    "amount": money(rng.uniform(150, 9000)), "recurrence": "once",
                                    "starts_on": start + dt.timedelta(days=rng.randint(0, span)), "ends_on": None})
        if end is not None and rng.random() < 0.01:  # once, on the moving day (a month without care days, maybe)
            self.extras.append({"id": uuid.uuid4(), "placement_id": row["id"], "description": "Flyttkostnad", "kind": "cost",
                                "amount": money(rng.uniform(500, 4000)), "recurrence": "once", "starts_on": end,
                                "ends_on": None})
        if rng.random() < 0.06:
            begins = start + dt.timedelta(days=rng.randint(-40, 0) if rng.random() < 0.1 else rng.randint(0, span))
            ends = None
            if rng.random() < 0.6:
                ends = begins + dt.timedelta(days=rng.randint(10, 500))  # sometimes after the placement ended
            self.extras.append({"id": uuid.uuid4(), "placement_id": row["id"], "description": "Fritidsaktivitet", "kind": "cost",
                                "amount": money(rng.uniform(200, 4000)), "recurrence": "monthly", "starts_on": begins,
                                "ends_on": ends})
        # A fee level changed from a day or two during the placement (a raised level decided, or back to basic).
        if row.get("fee_monthly") is not None and span > 2 and rng.random() < 0.04:
            for day in sorted({start + dt.timedelta(days=rng.randint(1, span - 1)) for _ in range(rng.randint(1, 2))}):
                self.fee_levels.append({"id": uuid.uuid4(), "placement_id": row["id"], "valid_from": day,
                                        "level": rng.choice(list(FeeLevel)).value, "recorded_on": day,
                                        "created_by": "Placera (bänk)"})
        # Revenues, counted negative: a parents' contribution or child allowance monthly (sometimes from before
        # the placement or after its end), a reclaimed cost once (now and then in a month without care days).
        if rng.random() < 0.012:
            begins = start + dt.timedelta(days=rng.randint(-20, span))
            ends = begins + dt.timedelta(days=rng.randint(20, 700)) if rng.random() < 0.5 else None
            self.extras.append({"id": uuid.uuid4(), "placement_id": row["id"], "description": "Föräldraavgift",
                                "kind": rng.choice(("parental_contribution", "child_allowance")),
                                "amount": money(rng.uniform(300, 1800)), "recurrence": "monthly",
                                "starts_on": begins, "ends_on": ends})
        if rng.random() < 0.006:
            day = end if end is not None and rng.random() < 0.3 else start + dt.timedelta(days=rng.randint(0, span))
            self.extras.append({"id": uuid.uuid4(), "placement_id": row["id"], "description": "Återsökt",
                                "kind": rng.choice(("reclaimed", "other_revenue")),
                                "amount": money(rng.uniform(500, 30000)), "recurrence": "once", "starts_on": day,
                                "ends_on": None})

    def duration(self, setting: PlacementSetting) -> int:
        low, high = DURATION_DAYS[setting]
        return int(low + (high - low) * self.rng.random() ** 1.5)

    def chains(self) -> None:
        """Children one after another, each with one to four placements (moves, sometimes a gap), until the
        count is reached; a chain may begin up to a year before the period."""
        rng, today = self.rng, self.today
        earliest = self.period_start - dt.timedelta(days=365)
        span = (today - earliest).days - 10
        while len(self.placements) < self.target:
            day = earliest + dt.timedelta(days=rng.randint(0, span))
            born = self.birth_date(day)
            child = self.child(born)
            of_age = add_years(born, 18)
            previous, setting = None, None
            for _ in range(min(self.target - len(self.placements), weighted(
                    rng, ((1, 0.45), (2, 0.30), (3, 0.17), (4, 0.08))))):
                if day >= of_age - dt.timedelta(days=30):
                    break
                setting = weighted(rng, NEXT_SETTING[setting])
                end = day + dt.timedelta(days=self.duration(setting))
                reason = None
                if end >= of_age:  # care ends on the eighteenth birthday
                    end, reason = of_age, EndReason.AGE
                ongoing = end >= today or (today - day).days < 3 * 365 and of_age > today and rng.random() < 0.2
                if ongoing:
                    planned = weighted(rng, (
                        (None, 0.40), (min(of_age, today + dt.timedelta(days=rng.randint(1, 700))), 0.35),
                        (today - dt.timedelta(days=rng.randint(1, 200)), 0.15), (of_age, 0.10)))
                    if planned is not None and planned <= day:
                        planned = None
                    self.placement(child, previous, setting, day, None, None, planned)
                    break
                more = len(self.placements) + 1 < self.target and rng.random() < 0.55 and reason is None
                if reason is None:
                    reason = (EndReason.UNPLANNED_MOVE if rng.random() < 0.4 else EndReason.PLANNED_MOVE) if more else \
                        weighted(rng, ((EndReason.PLANNED_RETURN_HOME, 0.7), (EndReason.CUSTODY_TRANSFER, 0.1),
                                       (EndReason.OTHER, 0.2)))
                previous = self.placement(child, previous, setting, day, end, reason, None)
                if reason not in (EndReason.PLANNED_MOVE, EndReason.UNPLANNED_MOVE):
                    break
                # A move: the next placement begins on the day this one ends; now and then after a gap.
                day = end if rng.random() < 0.85 else end + dt.timedelta(days=rng.randint(5, 200))
                if day >= today - dt.timedelta(days=1):
                    break


async def seed(placements: int, period_start: dt.date) -> dict:
    rng = random.Random(f"placera-bench-costs:{SEED}:{placements}")
    today = clock.today()
    started = time.perf_counter()
    async with unit_of_work() as session:
        cards = await seed_rate_cards(session)
        await session.commit()
    world = World(rng, today, period_start, placements, cards)
    world.providers()
    world.chains()
    generated_s = time.perf_counter() - started

    started = time.perf_counter()
    async with unit_of_work() as session:
        await copy_rows(session, Agency, world.agencies)
        await copy_rows(session, AgencyContract, world.contracts)
        await copy_rows(session, AgencyContractPrice, world.contract_prices)
        await copy_rows(session, Institution, [row for rows in world.institutions.values() for row in rows])
        await copy_rows(session, InstitutionPrice, world.institution_prices)
        await copy_rows(session, FosterHome, world.homes)
        await copy_rows(session, HouseholdAdult, world.adults)
        await copy_rows(session, Child, world.children)
        await copy_rows(session, Placement, world.placements)
        await copy_rows(session, PlacementExtraCost, world.extras)
        await copy_rows(session, PlacementFeeLevel, world.fee_levels)
        # What was known when: reconstructed from the placements' dates, as the demo does.
        await session.execute(text(RECORDS_FROM_DATES), {"today": today})
        await session.commit()
    copy_s = time.perf_counter() - started
    vacuum_s = await vacuum_analyze()

    ps = world.placements
    settings = Counter(p["target_kind"] for p in ps)
    ongoing = sum(p["ended_on"] is None for p in ps)
    moves = sum(1 for p in ps if p["previous_placement_id"] is not None)
    ids = {p["id"]: p for p in ps}
    same_day = sum(1 for p in ps if p["previous_placement_id"] and ids[p["previous_placement_id"]]["ended_on"] == p["starts_on"])
    born = {c["id"]: c["birth_date"] for c in world.children}
    turn_13 = sum(1 for p in ps if p["starts_on"] < add_years(born[p["child_id"]], 13) < (p["ended_on"] or today))
    seniors = Counter(int(a["personal_number"][:4]) <= 1958 for a in world.adults)
    print(f"Seed: generating {generated_s:.1f} s, COPY {copy_s:.1f} s, VACUUM ANALYZE {vacuum_s:.1f} s; "
          f"seed seconds {generated_s + copy_s + vacuum_s:.1f}")
    print(f"Placements: {len(ps)} ({ongoing} ongoing, {moves} follow an earlier one, {same_day} of them on its end "
          f"day); " + ", ".join(f"{k} {n}" for k, n in settings.most_common()))
    print(f"  {turn_13} turn 13 in care; {sum(p['fee_given'] for p in ps)} with a given fee, "
          f"{sum(p['allowance_given'] for p in ps)} a given allowance, {sum(p['price_given'] for p in ps)} a given price, "
          f"{sum(p['fee_level'] != FeeLevel.BASIC.value and p['fee_monthly'] is not None for p in ps)} above basic level; "
          f"{sum(p['starts_on'] < period_start for p in ps)} begin before the period")
    print(f"Children {len(world.children)} ({sum(c['birth_date'].month == 2 and c['birth_date'].day == 29 for c in world.children)} "
          f"born 29 Feb); homes {len(world.homes)} with {len(world.adults)} adults ({seniors[True]} born 1958 or "
          f"before); agencies {len(world.agencies)} with {len(world.contracts)} contracts; institutions "
          f"{sum(len(v) for v in world.institutions.values())}; rate cards {len(cards)} "
          f"({', '.join(str(c.valid_from) for c in cards)})")
    print(f"Extra lines: {len(world.extras)} ({sum(x['recurrence'] == 'once' for x in world.extras)} once, "
          f"{sum(x['recurrence'] == 'monthly' for x in world.extras)} monthly; "
          f"{sum(x['kind'] != 'cost' for x in world.extras)} revenues); institution price versions "
          f"{len(world.institution_prices)}; fee level changes {len(world.fee_levels)}")
    return {"placements": len(ps), "seed_s": generated_s + copy_s + vacuum_s}


# ---------------------------------------------------------------- the SQL

async def run_sql(sql: str, values: dict) -> list:
    async with unit_of_work() as session:
        return (await session.execute(text(sql), values)).all()


async def count_rows(sql: str, values: dict) -> int:
    """Fetch every row (what is timed), keep only their number (at full size the rows are many)."""
    return len(await run_sql(sql, values))


async def sql_placement_months(values: dict) -> dict[tuple[uuid.UUID, dt.date], tuple[int, int]]:
    """Every placement-month of month_costs_sql as (total in öre, care days), streamed."""
    months = {}
    async with unit_of_work() as session:
        result = await session.stream(text(day_cost.month_costs_sql()), {**values, "limit": 10**9, "offset": 0})
        async for row in result:
            months[(row.id, row.month)] = (int(row.total.scaleb(2)), row.care_days)
    return months


async def timed(call, runs: int, warm_up: int) -> tuple[list[float], object]:
    result = None
    for _ in range(warm_up):
        result = await call()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        result = await call()
        timings.append((time.perf_counter() - started) * 1000)
    return timings, result


# ---------------------------------------------------------------- the naive reference

async def load_reference_data(start: dt.date, stop: dt.date) -> dict:
    """Everything the reference needs, read into Python as plain rows."""
    async with unit_of_work() as session:
        placements = (await session.execute(text("""
            SELECT pl.id, pl.reference, pl.setting::text AS setting, pl.target_kind, pl.fee_level::text AS fee_level,
                pl.fee_given, pl.allowance_given, pl.price_given, pl.fee_monthly, pl.expense_allowance_monthly,
                pl.daily_price, pl.starts_on, pl.ended_on, pl.foster_home_id, pl.institution_id, c.birth_date
            FROM placements pl JOIN children c ON c.id = pl.child_id"""))).all()
        homes = {row.id: row for row in (await session.execute(text(
            "SELECT id, agency_id, contract_level::text AS contract_level FROM foster_homes"))).all()}
        adults = (await session.execute(text("SELECT home_id, position, personal_number FROM household_adults"))).all()
        cards = list(await session.scalars(select(RateCard).order_by(RateCard.valid_from)))
        contracts = (await session.execute(text("""
            SELECT ac.id, ac.agency_id, ac.valid_from, ac.valid_to, acp.level::text AS level, acp.daily_price
            FROM agency_contracts ac LEFT JOIN agency_contract_prices acp ON acp.contract_id = ac.id"""))).all()
        extras = (await session.execute(text(
            "SELECT placement_id, amount, kind::text AS kind, recurrence::text AS recurrence, starts_on, ends_on "
            "FROM placement_extra_costs"))).all()
        versions = (await session.execute(text(
            "SELECT institution_id, valid_from, daily_price FROM institution_prices ORDER BY valid_from"))).all()
        levels = (await session.execute(text(
            "SELECT placement_id, valid_from, level::text AS level FROM placement_fee_levels ORDER BY valid_from"))).all()
    first_adult: dict[uuid.UUID, tuple[int, int]] = {}
    for adult in adults:  # the household's first adult (lowest position) decides the social fee rate
        if adult.home_id not in first_adult or adult.position < first_adult[adult.home_id][0]:
            first_adult[adult.home_id] = (adult.position, int(adult.personal_number[:4]))
    by_contract: dict[uuid.UUID, dict] = {}
    for row in contracts:
        contract = by_contract.setdefault(row.id, {"agency_id": row.agency_id, "valid_from": row.valid_from,
                                                  "valid_to": row.valid_to, "prices": {}})
        if row.level is not None:
            contract["prices"][row.level] = row.daily_price
    contracts_of: dict[uuid.UUID, list[dict]] = defaultdict(list)
    for contract in by_contract.values():
        contracts_of[contract["agency_id"]].append(contract)
    extras_of: dict[uuid.UUID, list] = defaultdict(list)
    for extra in extras:
        extras_of[extra.placement_id].append(extra)
    versions_of: dict[uuid.UUID, list] = defaultdict(list)
    for version in versions:
        versions_of[version.institution_id].append(version)
    levels_of: dict[uuid.UUID, list] = defaultdict(list)
    for change in levels:
        levels_of[change.placement_id].append((change.valid_from, change.level))
    return {"placements": placements, "homes": homes, "parent_year": {k: v[1] for k, v in first_adult.items()},
            "cards": cards, "contracts_of": contracts_of, "extras_of": extras_of, "versions_of": versions_of,
            "levels_of": levels_of}


def round_ore(amount: Fraction) -> int:
    """In öre, rounded half away from zero (a month of revenues only is negative)."""
    return math.floor(amount * 100 + Fraction(1, 2)) if amount >= 0 else -math.floor(-amount * 100 + Fraction(1, 2))


def is_half_ore(amount: Fraction) -> bool:
    """Exactly x.xx5: where a hair too little rounds down instead of up."""
    thousandths = amount * 1000
    return thousandths.denominator == 1 and thousandths.numerator % 10 == 5


def naive_costs(data: dict, start: dt.date, stop: dt.date, *, detail: bool = False) -> dict:
    """Every placement-month in [start, stop), day by day, as day_cost.py's docstring says: a day's rates
    decided on that day (the rate card in force, the child's age, the first adult's birth year, the agency's
    contract in force), the days of each set of rates counted per month and priced exactly (monthly amounts
    × days ÷ days in the month, daily prices × days), each placement-month rounded once. Each placement-month
    is (total in öre, care days, exactly half an öre?), or with ``detail`` its exact parts."""
    cards = data["cards"]
    froms = [card.valid_from for card in cards]
    one_day = dt.timedelta(days=1)
    result: dict[tuple[uuid.UUID, dt.date], dict] = {}
    for p in data["placements"]:
        if not (p.starts_on < stop and (p.ended_on is None or p.ended_on > start)):
            continue
        s = max(p.starts_on, start)
        e = min(p.ended_on or stop, stop)
        home = data["homes"].get(p.foster_home_id)
        parent_year = data["parent_year"].get(p.foster_home_id)
        contracts = data["contracts_of"].get(home.agency_id, []) if home is not None and home.agency_id else []
        versions = data["versions_of"].get(p.institution_id, [])
        institution = p.setting == "institution"
        consultant = p.target_kind == "consultant"
        monthly = not institution and not consultant
        days: dict[dt.date, Counter] = defaultdict(Counter)  # month -> (fee, allowance, social %, daily) -> days
        day = s
        while day < e:
            month = day.replace(day=1)
            if monthly:
                index = bisect.bisect_right(froms, day) - 1
                if index < 0:  # before the first rate card: the booked amounts, no card to give social fees
                    rates = (p.fee_monthly, p.expense_allowance_monthly, None, None)
                else:
                    card = cards[index]
                    changed = [level for valid_from, level in data["levels_of"].get(p.id, ()) if valid_from <= day]
                    if changed:  # a level changed from a day is a new decision: the card's fee at it
                        fee = prices.card_fee(card, FeeLevel(changed[-1]))
                    else:
                        fee = p.fee_monthly if p.fee_given else prices.card_fee(card, p.fee_level)
                    allowance = (p.expense_allowance_monthly if p.allowance_given
                                 else prices.card_allowance(card, clock.age_on(p.birth_date, day)))
                    rates = (fee, allowance, prices.social_fee_percent(card, parent_year, day), None)
            elif p.price_given:
                rates = (None, None, None, p.daily_price)
            elif institution:  # the latest version from this day or before, else the booked price
                price = p.daily_price
                for version in versions:
                    if version.valid_from <= day:
                        price = version.daily_price
                rates = (None, None, None, price)
            else:
                price = None
                for contract in contracts:
                    if prices.in_force(contract["valid_from"], contract["valid_to"], day):
                        price = contract["prices"].get(home.contract_level)
                        break
                rates = (None, None, None, price if price is not None else p.daily_price)
            days[month][rates] += 1
            day += one_day

        parts: dict[dt.date, dict] = {}
        for month, counted in days.items():
            month_days = calendar.monthrange(month.year, month.month)[1]
            fee = allowance = social = daily = Fraction(0)
            care_days = 0
            for (fee_rate, allowance_rate, percent, daily_rate), n in counted.items():
                care_days += n
                if fee_rate is not None:
                    share = Fraction(fee_rate) * n / month_days
                    fee += share
                    if percent is not None:
                        social += share * Fraction(percent) / 100
                if allowance_rate is not None:
                    allowance += Fraction(allowance_rate) * n / month_days
                if daily_rate is not None:
                    daily += Fraction(daily_rate) * n
            parts[month] = {"care_days": care_days, "fee": fee, "allowance": allowance, "social": social,
                            "daily": daily, "extra": Fraction(0)}

        for x in data["extras_of"].get(p.id, ()):
            amount = Fraction(x.amount) if x.kind == "cost" else -Fraction(x.amount)  # a revenue: negative
            if x.recurrence == "once":
                if start <= x.starts_on < stop:
                    month = x.starts_on.replace(day=1)
                    parts.setdefault(month, _empty())["extra"] += amount
                continue
            x_start = max(x.starts_on, s)
            x_end = min(x.ends_on + one_day if x.ends_on else e, e)
            counted = Counter()
            day = x_start
            while day < x_end:
                counted[day.replace(day=1)] += 1
                day += one_day
            for month, n in counted.items():
                month_days = calendar.monthrange(month.year, month.month)[1]
                parts.setdefault(month, _empty())["extra"] += amount * n / month_days

        for month, part in parts.items():
            exact = part["fee"] + part["allowance"] + part["social"] + part["daily"] + part["extra"]
            if detail:
                result[(p.id, month)] = {**part, "exact": exact, "total": Decimal(round_ore(exact)).scaleb(-2)}
            else:
                result[(p.id, month)] = (round_ore(exact), part["care_days"], is_half_ore(exact))
    return result


def _empty() -> dict:
    return {"care_days": 0, "fee": Fraction(0), "allowance": Fraction(0), "social": Fraction(0),
            "daily": Fraction(0), "extra": Fraction(0)}


def compare(sql: dict, naive: dict) -> tuple[list[tuple[uuid.UUID, dt.date]], int]:
    """Every placement-month of either side: the same total to the öre and the same care days. Returns the
    placement-months that differ and how many of them are an exact half öre the SQL rounded down (it divides
    the parts one by one at numeric's finite scale, so a sum that is exactly x.xx5 can come out a hair short)."""
    mismatches, half_ore_down = [], 0
    for key in sorted(set(sql) | set(naive), key=lambda k: (k[1], str(k[0]))):
        s, n = sql.get(key), naive.get(key)
        if s is not None and n is not None and s == n[:2]:
            continue
        mismatches.append(key)
        if s is not None and n is not None and s[1] == n[1] and n[2] and s[0] == n[0] - 1:
            half_ore_down += 1
    return mismatches, half_ore_down


async def describe(key: tuple[uuid.UUID, dt.date], data: dict, values: dict) -> str:
    """One mismatch in full: the placement's facts, both totals and both sets of parts."""
    placement_id, month = key
    p = next(p for p in data["placements"] if p.id == placement_id)
    home = data["homes"].get(p.foster_home_id)
    rows = await run_sql(day_cost.month_costs_sql("AND pl.id = :placement_id"),
                         {**values, "placement_id": placement_id, "limit": 10**6, "offset": 0})
    s = next((row for row in rows if row.month == month), None)
    n = naive_costs({**data, "placements": [p]}, values["start"], values["stop"], detail=True).get(key)
    exact = (f"{n['exact'].numerator}/{n['exact'].denominator} = "
             f"{Decimal(n['exact'].numerator) / Decimal(n['exact'].denominator)}") if n else "-"
    lines = [f"{p.reference} {month:%Y-%m}: SQL total {s.total if s else 'missing'} "
             f"(care days {s.care_days if s else '-'}), reference {n['total'] if n else 'missing'} "
             f"(care days {n['care_days'] if n else '-'}, exactly {exact})",
             f"    placement: setting {p.setting}, target {p.target_kind}, fee_level {p.fee_level}, given "
             f"fee/allowance/price {p.fee_given}/{p.allowance_given}/{p.price_given}, stored fee "
             f"{p.fee_monthly} allowance {p.expense_allowance_monthly} daily {p.daily_price}, "
             f"{p.starts_on} – {p.ended_on}, child born {p.birth_date}, first adult born "
             f"{data['parent_year'].get(p.foster_home_id)}, agency {home.agency_id if home else None} level "
             f"{home.contract_level if home else None}"]
    if s is not None:
        lines.append(f"    SQL parts: fee {s.fee} allowance {s.allowance} social {s.social} daily {s.daily} "
                     f"extra {s.extra} revenue {s.revenue}")
    if n is not None:
        lines.append("    reference parts: " + " ".join(
            f"{part} {float(n[part]):.6f}" for part in ("fee", "allowance", "social", "daily", "extra")))
    return "\n".join(lines)


# ---------------------------------------------------------------- the bench

async def main(args: argparse.Namespace) -> None:
    today = clock.today()
    start = dt.date(today.year - args.years + 1, 1, 1)
    stop = first_of_next_month(today)
    print(f"Period [{start}, {stop}), today {today}; {args.placements} placements over {args.years} years")
    counts = await seed(args.placements, start)

    values = {"start": start, "stop": stop}
    category_timings, category_rows = await timed(
        lambda: run_sql(day_cost.category_months_sql(), values), SQL_RUNS, SQL_WARM_UP)
    month_timings, month_count = await timed(
        lambda: count_rows(day_cost.month_costs_sql(), {**values, "limit": 10**9, "offset": 0}), SQL_RUNS, SQL_WARM_UP)
    computed_ms = statistics.median(category_timings)
    month_ms = statistics.median(month_timings)
    print(f"category_months_sql (every month computed): median {computed_ms:.1f} ms of {SQL_RUNS} "
          f"({', '.join(f'{t:.0f}' for t in category_timings)}), {len(category_rows)} category-months, "
          f"total {sum(r.total for r in category_rows)}")
    print(f"month_costs_sql (all lines): median {month_ms:.1f} ms of {SQL_RUNS} "
          f"({', '.join(f'{t:.0f}' for t in month_timings)}), {month_count} placement-months")
    sql_months = await sql_placement_months(values)

    started = time.perf_counter()
    data = await load_reference_data(start, stop)
    load_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    naive = naive_costs(data, start, stop)
    naive_ms = (time.perf_counter() - started) * 1000
    print(f"Naive reference: loading {load_ms:.0f} ms, day-by-day loop {naive_ms:.0f} ms, "
          f"{len(naive)} placement-months, total {Decimal(sum(n[0] for n in naive.values())).scaleb(-2)} "
          f"(SQL {Decimal(sum(s[0] for s in sql_months.values())).scaleb(-2)})")

    # The category path rounds the same placement-months its own way (one pass where a month is one row): its
    # month totals over every category must be the reference's too.
    naive_by_month: dict[dt.date, int] = defaultdict(int)
    for (_, month), value in naive.items():
        naive_by_month[month] += value[0]
    category_by_month = {row.month: int(row.total.scaleb(2)) for row in category_rows
                         if row.category is None and row.month is not None}
    month_mismatches = [m for m in set(naive_by_month) | set(category_by_month)
                        if naive_by_month.get(m, 0) != category_by_month.get(m, 0)]
    print(f"category_months_sql month totals against the reference: {len(month_mismatches)} of "
          f"{len(category_by_month)} months differ")
    # And placement_totals_sql, which adds a run's whole months as a range: each placement's sum and care days.
    naive_by_placement: dict[uuid.UUID, list[int]] = defaultdict(lambda: [0, 0])
    for (placement_id, _), value in naive.items():
        naive_by_placement[placement_id][0] += value[0]
        naive_by_placement[placement_id][1] += value[1]
    started = time.perf_counter()
    totals = {row.id: [int(row.total.scaleb(2)), row.care_days]
              for row in await run_sql(day_cost.placement_totals_sql(), values)}
    totals_ms = (time.perf_counter() - started) * 1000
    total_mismatches = [key for key in set(naive_by_placement) | set(totals)
                        if naive_by_placement.get(key, [0, 0]) != totals.get(key, [0, 0])]
    print(f"placement_totals_sql ({totals_ms:.0f} ms) against the reference: {len(total_mismatches)} of "
          f"{len(totals)} placements differ")
    month_mismatches += total_mismatches
    mismatches, half_ore_down = compare(sql_months, naive)
    compared = len(set(sql_months) | set(naive))
    print(f"Compared {compared} placement-months (SQL {len(sql_months)}, reference {len(naive)}): "
          f"{len(mismatches)} mismatches, {half_ore_down} of them an exact half öre the SQL rounded down")
    for key in mismatches[:5]:
        print(await describe(key, data, values))
    del naive, sql_months
    # Last of the cost checks: it changes a placement.
    costs_ms, fill_ms, changed_ms, kept_mismatches = await kept_months(start, stop, category_rows)

    async with unit_of_work() as session:
        _, actor = await create_bench_user(
            session, [Role.BUDGET_GROUP], name="Greta Budgetsson", email="greta.budgetsson@bench.placera.example",
            password="Bänkprov-kostnader-och-prognos")

    async def forecast():
        async with unit_of_work() as session:
            return await budget.follow_up(session, actor, today.year)

    follow_up_timings, figures = await timed(forecast, FORECAST_RUNS, FORECAST_WARM_UP)
    follow_up_ms = statistics.median(follow_up_timings)
    print(f"follow_up({today.year}) as the budget group: median {follow_up_ms:.1f} ms of {FORECAST_RUNS} "
          f"({', '.join(f'{t:.0f}' for t in follow_up_timings)}); actual {figures.actual}, forecast {figures.forecast}")

    async def year_forecast():
        async with unit_of_work() as session:
            return await cost_forecast.year_forecast(session, actor, today.year)

    forecast_timings, year = await timed(year_forecast, FORECAST_RUNS, FORECAST_WARM_UP)
    forecast_ms = statistics.median(forecast_timings)
    print(f"year_forecast({today.year}): median {forecast_ms:.1f} ms of {FORECAST_RUNS} "
          f"({', '.join(f'{t:.0f}' for t in forecast_timings)}); expected {year.expected}, P10-P90 {year.p10}-{year.p90}")

    started = time.perf_counter()
    async with unit_of_work() as session:
        accuracy = await cost_forecast.accuracy(session, actor, today.year - 1, years=1)
    backtest_s = time.perf_counter() - started
    print(f"Backtest of {today.year - 1} (12 month-ends, each rebuilt from what was recorded by then): {backtest_s:.1f} s, "
          f"{len(accuracy.rows)} rows")

    async with unit_of_work() as session:
        _, assistant = await create_bench_user(
            session, [Role.ADMIN_ASSISTANT], name="Asta Fakturasson", email="asta.fakturasson@bench.placera.example",
            password="Bänkprov-fakturor-och-kontroll")
    with tempfile.TemporaryDirectory() as directory:
        async with unit_of_work() as session:
            print(await write_demo_invoices(session, Path(directory)))
        invoice = max(Path(directory).glob("faktura-*.csv"), key=lambda path: path.stat().st_size).read_bytes()

    async def invoice_check():
        async with unit_of_work() as session:
            return await invoices.check_invoice(session, assistant, invoice)

    invoice_timings, checked = await timed(invoice_check, FORECAST_RUNS, FORECAST_WARM_UP)
    invoice_check_ms = statistics.median(invoice_timings)
    print(f"Invoice check of the largest agency's last month ({len(checked.lines)} lines, "
          f"{sum(line.status != 'ok' for line in checked.lines)} wrong, {len(checked.missing)} missing): median "
          f"{invoice_check_ms:.1f} ms of {FORECAST_RUNS}")

    await get_engine().dispose()
    ratio = naive_ms / computed_ms if computed_ms else float("nan")
    print(f"(seed {counts['seed_s']:.1f} s; month_costs_sql {month_ms:.1f} ms; costs_naive_ratio is the Python "
          f"loop against computing every month in SQL, {computed_ms:.0f} ms)")
    wrong = len(mismatches) + len(month_mismatches) + kept_mismatches
    print(f"RESULT costs_ms={costs_ms:.1f} costs_computed_ms={computed_ms:.1f} costs_first_read_ms={fill_ms:.1f} "
          f"costs_after_change_ms={changed_ms:.1f} costs_naive_ratio={ratio:.1f} forecast_ms={forecast_ms:.1f} "
          f"backtest_s={backtest_s:.1f} invoice_check_ms={invoice_check_ms:.1f} follow_up_ms={follow_up_ms:.1f} "
          f"placement_months={compared} mismatches={wrong}")
    OUTCOME["mismatches"] = wrong


async def kept_months(start: dt.date, stop: dt.date, computed_rows: list) -> tuple[float, float, float, int]:
    """The steering group's read of the period (closed_months.category_months: the past months kept, the current
    one computed): the first read, which computes and keeps the past months; the median of reads after it; and
    a read after a typical change (one placement's end moved back three months, which forgets the months since).
    Each answer is compared, row by row, with computing every month (category_months_sql)."""
    computed = {(row.category, row.month): (row.total, row.care_days, row.children) for row in computed_rows
                if row.total is not None}

    async def read() -> dict:
        async with unit_of_work() as session:
            rows = await closed_months.category_months(session, start, stop)
        return {(row.category, row.month): (row.total, row.care_days, row.children) for row in rows}

    def differing(answer: dict, expected: dict) -> int:
        return sum(answer.get(key) != expected.get(key) for key in set(answer) | set(expected))

    started = time.perf_counter()
    first = await read()
    fill_ms = (time.perf_counter() - started) * 1000
    timings, warm = await timed(read, SQL_RUNS, SQL_WARM_UP)
    costs_ms = statistics.median(timings)
    wrong = differing(first, computed) + differing(warm, computed)
    async with unit_of_work() as session:
        moved = (await session.execute(text(
            "UPDATE placements SET ended_on = CAST(:day AS date), end_reason = 'planned_return_home' "
            "WHERE id = (SELECT id FROM placements WHERE ended_on IS NULL AND starts_on < CAST(:day AS date) "
            "ORDER BY reference LIMIT 1) RETURNING id"),
            {"day": first_of_next_month(clock.today() - dt.timedelta(days=100))})).scalar_one()
    started = time.perf_counter()
    after = await read()
    changed_ms = (time.perf_counter() - started) * 1000
    recomputed = {(row.category, row.month): (row.total, row.care_days, row.children)
                  for row in await run_sql(day_cost.category_months_sql(), {"start": start, "stop": stop})
                  if row.total is not None}
    wrong += differing(after, recomputed)
    print(f"closed_months.category_months: first read (computes and keeps {len(first)} rows) {fill_ms:.0f} ms, "
          f"then median {costs_ms:.1f} ms of {SQL_RUNS} ({', '.join(f'{t:.0f}' for t in timings)}); after placement "
          f"{moved}'s end was moved back {changed_ms:.0f} ms; {wrong} rows differ from computing every month")
    return costs_ms, fill_ms, changed_ms, wrong


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--placements", type=int, default=50_000, help="placements to seed (default 50 000)")
    parser.add_argument("--years", type=int, default=10, help="years of history ending today (default 10)")
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse_args()
    run_on_fresh_database(DATABASE, lambda: main(arguments))
    sys.exit(1 if OUTCOME["mismatches"] else 0)
