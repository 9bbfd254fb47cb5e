"""Benchmark of statutory follow-ups at national scale: 50 000 placements over six years with their history,
then the due and overdue lists of one unit and the indicator table for a year.

Goal (issue): for 50 000 placements with their history, due and overdue items for a unit in at most 300 ms,
the indicator table for a year in at most 1 s.

Run from the repository root: ``.venv/bin/python bench/bench_followups.py`` (``make bench`` runs every
bench/bench_*.py). It always uses its own database, ``placera_bench_followups``, on the embedded PostgreSQL
in .placera-data/bench, dropped and recreated each run (never DATABASE_URL). The last line is
``RESULT followups_ms=… indicators_ms=…`` (p95 of the slower unit list, p95 of the year's indicators).

What is seeded (bulk COPY, not service calls; the follow-up items come from the real rules):

* 25 000 homes from ``foster_homes.demo.seed_scale`` (most of them full: their placed household children are
  the places our ongoing placements occupy);
* 40 units × 4 teams × 8 staff (6 social workers and 2 family-care secretaries per team);
* 50 000 placements over the last six years, about 60 % ended: chains of one child's placements linked by
  ``previous_placement_id`` (emergency home → family home, breakdowns), end reasons with about 15 % unplanned
  moves; each placement in a home has its household row (placed_from/placed_until), booked only where the home
  had a free place over the whole period, otherwise the child went to an institution;
* the children (50 000: those placed and some not placed);
* follow-up items as the DEFAULT_RULES would have produced them over each placement's life
  (``followup_rules.applies``/``first_due``/``next_due``): mostly done around the due date, some late, a few
  never done (overdue), the next one open; cancelled when a placement ended before it fell due; the homes'
  support follow-ups for as long as a child of ours lived there. Outcomes as the rules ask for them.

Then, as a real signed-in social worker of one unit: ``placements.followups.list_followups`` with
``scope=unit`` (the unit's due list up to the end of the month) and with ``overdue=True``, the same over HTTP
(``GET /api/followups`` with a Bearer token through the ASGI app), and ``indicators.service.indicators`` for
this year. Where the time goes: the statements one list call sends, each EXPLAIN ANALYZEd.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import random
import re
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal

import httpx

# _setup first: it points the settings at the bench server before core is imported.
from _setup import (Case, copy_rows, create_bench_user, explain_analyze, is_select, measure, percentile, print_timings,
                    run_on_fresh_database, statements_sent, vacuum_analyze, weighted)
from sqlalchemy import func, select

from accounts import service as accounts
from accounts.models import User
from accounts.schemas import TokenCreate
from core import clock
from core.database import get_engine, unit_of_work
from core.identity_numbers import luhn_check_digit
from core.permissions import Actor, Role
from demo.homes import seed_scale
from foster_homes.models import FosterHome, HouseholdChild, Institution
from foster_homes.schemas import HomeKind, HomeStatus, HouseholdChildRelation
from placements import followup_rules, followups
from placements.followup_rules import PlacementFacts, add_months
from children.models import Child
from placements.models import FollowupItem, Placement
from placements.schemas import (
    EndReason,
    FollowupFilter,
    FollowupOutcome,
    FollowupSchedule,
    FollowupStatus,
    FollowupSubject,
    LegalBasis,
    PlacementSetting,
    RequestKind,
)
from core.references import REFERENCE_ALPHABET
from web.app import create_app

DATABASE = "placera_bench_followups"
SEED = 2026
HOMES = 25_000
CHILDREN = 50_000
PLACEMENTS = 50_000
ENDED_SHARE = 0.60
YEARS = 6
UNITS, TEAMS, SOCIAL_WORKERS, FAMILY_CARE = 40, 4, 6, 2  # per team: 8 staff
LIST_RUNS, LIST_WARM_UP = 30, 3
INDICATOR_RUNS, INDICATOR_WARM_UP = 10, 2
TARGET_LIST_MS, TARGET_INDICATORS_MS = 300.0, 1000.0
BENCH_UNIT = 7

FAMILY, EMERGENCY, INSTITUTION = (PlacementSetting.FAMILY_HOME, PlacementSetting.EMERGENCY_HOME,
                                  PlacementSetting.INSTITUTION)
FAMILY_KINDS = (HomeKind.OWN, HomeKind.KINSHIP, HomeKind.REINFORCED, HomeKind.CONSULTANT)
# How long a placement lasts, in days, by setting (ended ones; ongoing ones run from their start to today).
DURATION_DAYS = {EMERGENCY: (30, 240), FAMILY: (90, 1460), INSTITUTION: (60, 540)}
NEXT_SETTING = {  # where a child moves next
    None: ((EMERGENCY, 0.30), (FAMILY, 0.58), (INSTITUTION, 0.12)),
    EMERGENCY: ((FAMILY, 0.80), (INSTITUTION, 0.10), (EMERGENCY, 0.10)),
    FAMILY: ((FAMILY, 0.60), (INSTITUTION, 0.30), (EMERGENCY, 0.10)),
    INSTITUTION: ((FAMILY, 0.50), (INSTITUTION, 0.50)),
}
PREVIOUS_SETTING = {  # where a child in an ongoing placement came from
    FAMILY: ((EMERGENCY, 0.60), (FAMILY, 0.30), (INSTITUTION, 0.10)),
    EMERGENCY: ((FAMILY, 0.60), (INSTITUTION, 0.40)),
    INSTITUTION: ((FAMILY, 0.60), (EMERGENCY, 0.30), (INSTITUTION, 0.10)),
}
FINAL_END = ((EndReason.PLANNED_RETURN_HOME, 0.58), (EndReason.AGE, 0.20), (EndReason.CUSTODY_TRANSFER, 0.08),
             (EndReason.ADOPTION, 0.01), (EndReason.OTHER, 0.13))
LEGAL_BASES = ((LegalBasis.SOL, 0.45), (LegalBasis.LVU_2, 0.35), (LegalBasis.LVU_3, 0.12), (LegalBasis.LVU_6, 0.08))
FIRST_NAMES = ("Alice", "Maja", "Elsa", "Wilma", "Saga", "Selma", "Nora", "Agnes", "Amira", "Hana", "Leyla", "Sara",
               "Noah", "Liam", "Hugo", "Elias", "Omar", "Adam", "Ali", "Yusuf", "Lucas", "Oscar", "Vincent", "Ibrahim",
               "Mohammed", "Emil", "Isak", "Alva", "Juni", "Meja")
LAST_NAMES = ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
              "Gustafsson", "Ali", "Hassan", "Mohammed", "Ahmed", "Yilmaz", "Nowak", "Lindberg", "Berg", "Holm",
              "Warsame", "Karimi", "Ek", "Nyström", "Lind")


# ---------------------------------------------------------------- staff

@dataclass
class Team:
    unit: str
    name: str
    social_workers: list[uuid.UUID]
    family_care: list[uuid.UUID]


async def seed_staff(rng: random.Random) -> tuple[Actor, str, list[Team], dict[uuid.UUID, str]]:
    """The benchmark user (a real account with a token: a social worker in team 2 of unit 7) and everyone else
    as plain rows (they never sign in here)."""
    teams, rows, names = [], [], {}
    async with unit_of_work() as session:
        created, actor = await create_bench_user(
            session, [Role.SOCIAL_WORKER], name="Bodil Bänkman", email="bodil.bankman@bench.placera.example",
            unit=f"Enhet {BENCH_UNIT:02d}", team=f"Enhet {BENCH_UNIT:02d} team 2",
            password="Bänkprov-med-50000-placeringar")
        names[created.id] = created.name
        n = 0
        for unit in range(1, UNITS + 1):
            for team_number in range(1, TEAMS + 1):
                team = Team(f"Enhet {unit:02d}", f"Enhet {unit:02d} team {team_number}", [], [])
                for position in range(SOCIAL_WORKERS + FAMILY_CARE):
                    social = position < SOCIAL_WORKERS
                    if unit == BENCH_UNIT and team_number == 2 and position == 0:
                        team.social_workers.append(created.id)
                        continue
                    n += 1
                    user_id = uuid.UUID(int=rng.getrandbits(128), version=4)
                    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {n:04d}"
                    names[user_id] = name
                    (team.social_workers if social else team.family_care).append(user_id)
                    rows.append({"id": user_id, "name": name, "email": f"personal{n:04d}@bench.placera.example",
                                 "unit": team.unit, "team": team.name, "password_hash": "!", "active": True,
                                 "roles": [(Role.SOCIAL_WORKER if social else Role.FAMILY_CARE).value], "version": 1,
                                 "failed_sign_ins": 0})
                teams.append(team)
        await copy_rows(session, User, rows)
        await session.commit()
        token = await accounts.create_token(session, actor, TokenCreate(name="Uppföljningsbänk"))
    print(f"Staff: {len(rows) + 1} in {UNITS} units × {TEAMS} teams × {SOCIAL_WORKERS + FAMILY_CARE} "
          f"({SOCIAL_WORKERS} social workers, {FAMILY_CARE} family-care secretaries); benchmark user {created.email} "
          f"(social worker, {created.unit}, {created.team})")
    return actor, token.token, teams, names


# ---------------------------------------------------------------- placements with their history

@dataclass
class Slot:
    """A placement before it gets its rows: where, when, and how it ended."""
    setting: PlacementSetting
    starts_on: dt.date
    ended_on: dt.date | None
    end_reason: EndReason | None = None
    planned_end: dt.date | None = None
    home: dict | None = None
    institution: dict | None = None
    household_id: uuid.UUID | None = None
    id: uuid.UUID = field(default_factory=uuid.uuid4)


class World:
    """Homes with their occupancy, institutions, and the rows being generated."""

    def __init__(self, rng: random.Random, today: dt.date, homes: list[dict], placed: list[dict],
                 institutions: list[dict], teams: list[Team], names: dict[uuid.UUID, str]):
        self.rng, self.today, self.teams, self.names = rng, today, teams, names
        self.window_start = add_months(today, -12 * YEARS)
        self.homes = {home["id"]: home for home in homes}
        self.by_setting = {
            FAMILY: [h for h in homes if h["status"] == HomeStatus.APPROVED and h["kind"] in FAMILY_KINDS],
            EMERGENCY: [h for h in homes if h["status"] == HomeStatus.APPROVED and h["kind"] == HomeKind.EMERGENCY],
        }
        self.occupancy: dict[uuid.UUID, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
        for row in placed:
            self.occupancy[row["home_id"]].append((row["placed_from"], row["placed_until"]))
        self.positions = Counter(row["home_id"] for row in placed)
        self.institutions = institutions
        self.references: set[str] = set()
        self.numbers: set[str] = set()
        self.children: list[dict] = []
        self.placements: list[dict] = []
        self.household_rows: list[dict] = []
        self.fallback_to_institution = 0

    def reference(self, prefix: str) -> str:
        while True:
            value = prefix + "".join(self.rng.choice(REFERENCE_ALPHABET) for _ in range(6))
            if value not in self.references:
                self.references.add(value)
                return value

    def child(self, born: dt.date, worker: uuid.UUID) -> dict:
        rng = self.rng
        girl = rng.random() < 0.47
        while True:
            serial = f"{rng.randint(0, 99):02d}{rng.choice('02468' if girl else '13579')}"
            nine = born.strftime("%y%m%d") + serial
            number = f"{born:%Y%m%d}-{serial}{luhn_check_digit(nine)}"
            if number not in self.numbers:
                self.numbers.add(number)
                break
        row = {"id": uuid.uuid4(), "reference": self.reference("B-"), "first_name": rng.choice(FIRST_NAMES),
               "last_name": rng.choice(LAST_NAMES), "personal_number": number, "birth_date": born,
               "gender": "girl" if girl else "boy", "languages": ["svenska"], "allergies": [],
               "responsible_worker_id": worker, "protected_identity": rng.random() < 0.012, "version": 1}
        self.children.append(row)
        return row

    def fits(self, home: dict, start: dt.date, end: dt.date | None) -> bool:
        """The home has a free place on every day of [start, end) (the fullest day decides)."""
        periods = self.occupancy[home["id"]]
        days = {start} | {f for f, _ in periods if f > start and (end is None or f < end)}
        return all(sum(1 for f, u in periods if f <= day and (u is None or day < u)) < home["places"] for day in days)

    def book(self, slot: Slot, birth_year: int, attempts: int = 25) -> None:
        """A home with a free place over the whole period, or else an institution (as when no home is found)."""
        if slot.setting != INSTITUTION:
            candidates = self.by_setting[slot.setting]
            for _ in range(attempts):
                home = self.rng.choice(candidates)
                if (home["available_from"] is None or home["available_from"] <= slot.starts_on) and self.fits(
                        home, slot.starts_on, slot.ended_on):
                    self.occupy(slot, home, birth_year)
                    return
            self.fallback_to_institution += 1
            slot.setting = INSTITUTION
        slot.institution = self.rng.choice(self.institutions)

    def occupy(self, slot: Slot, home: dict, birth_year: int, household_id: uuid.UUID | None = None) -> None:
        slot.home = home
        slot.household_id = household_id or uuid.uuid4()
        if household_id is None:
            self.occupancy[home["id"]].append((slot.starts_on, slot.ended_on))
            self.positions[home["id"]] += 1
            self.household_rows.append({
                "id": slot.household_id, "home_id": home["id"], "position": 100 + self.positions[home["id"]],
                "birth_year": birth_year, "relation": HouseholdChildRelation.PLACED.value,
                "placed_from": slot.starts_on, "placed_until": slot.ended_on, "placing_municipality": None,
                "note": "Placering (bänkdata)", "booked": True})

    def duration(self, setting: PlacementSetting) -> int:
        low, high = DURATION_DAYS[setting]
        return int(low + (high - low) * self.rng.random() ** 1.6)  # most placements in the shorter part

    def move_reason(self, setting: PlacementSetting) -> EndReason:
        unplanned = 0.10 if setting == EMERGENCY else 0.55
        return EndReason.UNPLANNED_MOVE if self.rng.random() < unplanned else EndReason.PLANNED_MOVE

    def team(self) -> Team:
        return self.rng.choice(self.teams)

    def rows_for_chain(self, child: dict, chain: list[Slot], team: Team) -> None:
        rng = self.rng
        worker = child["responsible_worker_id"]
        secretary = rng.choice(team.family_care)
        kind_of_chain = RequestKind.LONG_TERM
        previous = None
        for slot in chain:
            basis = weighted(rng, LEGAL_BASES)
            if slot.setting == EMERGENCY:
                kind = RequestKind.EMERGENCY
            else:
                kind = RequestKind.RESPITE if rng.random() < 0.04 and slot.setting == FAMILY else kind_of_chain
                if basis == LegalBasis.LVU_6:
                    basis = LegalBasis.LVU_2
            age = slot.starts_on.year - child["birth_date"].year
            fee = allowance = price = None
            if slot.home is not None:
                home_kind = slot.home["kind"]
                target_kind = home_kind.value
                if home_kind == HomeKind.CONSULTANT:
                    price = Decimal(rng.randrange(1_250, 1_950, 50))
                else:
                    fee = Decimal("17255.00") if home_kind == HomeKind.REINFORCED else Decimal("11237.00")
                    allowance = Decimal("4363.00") if age <= 12 else Decimal("4958.00")
            else:
                target_kind = slot.institution["kind"].value
                price = slot.institution["daily_price"]
            self.placements.append({
                "id": slot.id, "reference": self.reference("P-"), "child_id": child["id"],
                "previous_placement_id": previous.id if previous else None,
                "foster_home_id": slot.home["id"] if slot.home else None,
                "institution_id": slot.institution["id"] if slot.institution else None,
                "household_child_id": slot.household_id, "setting": slot.setting.value, "target_kind": target_kind,
                "kind": kind.value, "legal_basis": basis.value,
                "decided_on": slot.starts_on - dt.timedelta(days=rng.randint(0, 10)), "decided_by": "Socialnämndens utskott",
                "starts_on": slot.starts_on, "planned_end": slot.planned_end, "ended_on": slot.ended_on,
                "end_reason": slot.end_reason.value if slot.end_reason else None,
                "end_note": "Flytt till ny placering." if slot.end_reason in (EndReason.PLANNED_MOVE, EndReason.UNPLANNED_MOVE) else None,
                "responsible_worker_id": worker,
                "family_care_secretary_id": secretary if slot.home is not None else None,
                "fee_monthly": fee, "expense_allowance_monthly": allowance, "daily_price": price,
                "network_examined": True,
                "not_kinship_reason": None if target_kind == "kinship" else "Nätverket utrett; ingen kunde ta emot barnet.",
                "created_by": self.names[worker], "version": 1,
            })
            previous = slot


def birth_for_age(rng: random.Random, on: dt.date, age: int) -> dt.date:
    return on - dt.timedelta(days=int(365.25 * age) + rng.randint(0, 364))


def ongoing_chains(world: World, current: list[dict], count: int) -> None:
    """Children placed now: a seeded home's placed child (its household row becomes the placement's place),
    or a young person in an institution; before that, sometimes one or two earlier placements ending in a move."""
    rng, today = world.rng, world.today
    rng.shuffle(current)
    in_homes = current[: round(count * 0.92)]
    for index in range(count):
        team = world.team()
        worker = rng.choice(team.social_workers)
        if index < len(in_homes):
            row = in_homes[index]
            home = world.homes[row["home_id"]]
            setting = EMERGENCY if home["kind"] == HomeKind.EMERGENCY else FAMILY
            start = max(row["placed_from"], world.window_start + dt.timedelta(days=rng.randint(30, 400)))
            # Kept within the six years; a planned move-out becomes the placement's planned end (the household
            # row is rewritten below: a place stays taken until the placement really ends).
            planned_end = row["placed_until"]
            row["placed_from"], row["placed_until"] = start, None
            born = min(dt.date(row["birth_year"], rng.randint(1, 12), rng.randint(1, 28)), start)
            last = Slot(setting, start, None, planned_end=planned_end)
            world.occupy(last, home, row["birth_year"], household_id=row["id"])
            # The seeded row's period as it is now: the occupancy already holds it.
            world.household_rows.append({**row, "note": "Placering (bänkdata)", "placing_municipality": None,
                                         "booked": True})
        else:
            start = today - dt.timedelta(days=world.duration(INSTITUTION))
            born = birth_for_age(rng, start, rng.randint(13, 17))
            last = Slot(INSTITUTION, start, None)
            world.book(last, born.year)
        chain = [last]
        for _ in range(weighted(rng, ((0, 0.66), (1, 0.26), (2, 0.08)))):
            setting = weighted(rng, PREVIOUS_SETTING[chain[0].setting])
            end = chain[0].starts_on
            begin = end - dt.timedelta(days=world.duration(setting))
            if begin < world.window_start or begin <= born:
                break
            earlier = Slot(setting, begin, end, world.move_reason(setting))
            world.book(earlier, born.year)
            chain.insert(0, earlier)
        world.rows_for_chain(world.child(born, worker), chain, team)


def ended_chains(world: World, count: int) -> None:
    """Children whose care has ended: one to three placements (moves between them), the last ending with a
    return home, the child coming of age, a custody transfer, an adoption or otherwise."""
    rng, today = world.rng, world.today
    made = 0
    while made < count:
        length = min(count - made, weighted(rng, ((1, 0.70), (2, 0.22), (3, 0.08))))
        settings, setting = [], None
        for _ in range(length):
            setting = weighted(rng, NEXT_SETTING[setting])
            settings.append(setting)
        days = [world.duration(s) for s in settings]
        span = (today - world.window_start).days - sum(days) - 2
        if span <= 0:
            continue
        start = world.window_start + dt.timedelta(days=rng.randint(1, span))
        reason = weighted(rng, FINAL_END)
        if reason == EndReason.CUSTODY_TRANSFER and (settings[-1] != FAMILY or days[-1] < 3 * 365):
            reason = EndReason.PLANNED_RETURN_HOME
        end_of_care = start + dt.timedelta(days=sum(days))
        if reason == EndReason.AGE:  # the eighteenth birthday, or a few weeks after it
            born = add_months(end_of_care, -12 * 18) - dt.timedelta(days=rng.randint(0, 20))
        elif reason == EndReason.ADOPTION:
            born = birth_for_age(rng, start, rng.randint(0, 3))
        else:
            born = birth_for_age(rng, start, weighted(rng, ((a, 1 + (a >= 10) + (a >= 13)) for a in range(17))))
        if born >= start:
            born = start - dt.timedelta(days=30)
        chain = []
        day = start
        for index, (setting, length_days) in enumerate(zip(settings, days)):
            end = day + dt.timedelta(days=length_days)
            last = index == len(settings) - 1
            slot = Slot(setting, day, end, reason if last else world.move_reason(setting))
            world.book(slot, born.year)
            chain.append(slot)
            day = end
        team = world.team()
        world.rows_for_chain(world.child(born, rng.choice(team.social_workers)), chain, team)
        made += len(chain)


# ---------------------------------------------------------------- follow-up items from the rules

class ItemMaker:
    """Walks each rule over a placement's (or a home's) life as the service would have: first_due, then
    next_due after each completion; completion dates drawn around the due date."""

    def __init__(self, rng: random.Random, today: dt.date, rules: list, names: dict[uuid.UUID, str]):
        self.rng, self.today, self.names = rng, today, names
        self.placement_rules = [r for r in rules if r.subject == FollowupSubject.PLACEMENT and r.active]
        self.home_rules = [r for r in rules if r.subject == FollowupSubject.HOME and r.active]
        self.rows: list[dict] = []

    def delay(self, ended: bool) -> int | None:
        """Days after the due date the item was done; None: never done."""
        r = self.rng.random()
        if r < 0.78:
            return self.rng.randint(-14, 10)
        if r < 0.94:
            return self.rng.randint(11, 60)
        if r < 0.985:
            return self.rng.randint(61, 200)
        return None if not ended or r > 0.997 else self.rng.randint(11, 60)

    def outcome(self, rule, born: dt.date | None, on: dt.date) -> dict:
        outcomes = set(rule.outcomes)
        if FollowupOutcome.CHILD_MET_ALONE in outcomes:
            return {"child_met_alone": self.rng.random() < 0.86}
        if FollowupOutcome.SKOLFAM_OFFERED in outcomes:
            return {"skolfam_offered": self.rng.random() < 0.72}
        if FollowupOutcome.ABSENCE_PERCENT in outcomes and born is not None and 6 <= (on - born).days // 365 <= 19:
            absence = min(80.0, self.rng.lognormvariate(1.6, 0.8))
            return {"absence_percent": f"{absence:.1f}"}
        return {}

    def walk(self, rule, start: dt.date, end: dt.date | None, responsible: uuid.UUID | None, *, born=None,
             placement_id=None, home_id=None, sequence: int = 0, first: dt.date | None = None) -> int:
        """Items of one rule from ``start`` until ``end`` (or today); returns the last sequence number."""
        today, rng = self.today, self.rng
        due = first or followup_rules.first_due(rule, start)
        while True:
            sequence += 1
            row = {"id": uuid.uuid4(), "rule_id": rule.id, "placement_id": placement_id, "home_id": home_id,
                   "sequence": sequence, "due_on": due, "original_due_on": due, "status": "open",
                   "responsible_user_id": responsible, "completed_on": None, "completed_by": None,
                   "completed_by_id": None, "note": None, "outcome": "{}", "rescheduled_reason": None, "version": 1}
            self.rows.append(row)
            if end is not None and due >= end:  # the placement ended first: cancelled at the end
                row["status"], row["note"] = "cancelled", f"Placeringen avslutades {end.isoformat()}."
                return sequence
            delay = self.delay(end is not None)
            if delay is None and due < today - dt.timedelta(days=365):
                delay = rng.randint(61, 200)  # long forgotten items were caught up with in the end
            if delay is None:
                return sequence  # never done: open (and overdue) for good
            done = due + dt.timedelta(days=delay)
            if end is not None:
                done = min(done, end - dt.timedelta(days=1))
            done = max(done, start - dt.timedelta(days=30))
            if done > today:
                if due > today and rng.random() < 0.03:
                    row["due_on"] = due + dt.timedelta(days=rng.randint(7, 30))
                    row["rescheduled_reason"] = "Familjen bortrest; nytt datum överenskommet."
                return sequence  # the open item
            row.update(status="done", completed_on=done, completed_by=self.names.get(responsible, "Handläggare"),
                       completed_by_id=responsible, outcome=json.dumps(self.outcome(rule, born, done)))
            following = followup_rules.next_due(rule, start, sequence, due, done)
            if following is None:
                return sequence
            if end is not None and following >= end:
                return sequence  # the service does not plan an item past a known end
            due = following

    def placement(self, placement: dict, born: dt.date) -> None:
        facts = PlacementFacts(placement["setting"], placement["kind"], placement["legal_basis"],
                               placement["starts_on"], placement["ended_on"])
        for rule in self.placement_rules:
            if followup_rules.applies(rule, facts):
                responsible = (placement["family_care_secretary_id"] if rule.responsible.value == "family_care"
                               else placement["responsible_worker_id"])
                self.walk(rule, placement["starts_on"], placement["ended_on"], responsible, born=born,
                          placement_id=placement["id"])

    def home(self, home_id: uuid.UUID, periods: list[tuple[dt.date, dt.date | None, str, uuid.UUID]]) -> None:
        """The home's own follow-ups while children of ours lived there (periods merged), numbered on."""
        merged: list[list] = []
        for start, end, setting, secretary in sorted(periods, key=lambda p: p[0]):
            if merged and (merged[-1][1] is None or start <= merged[-1][1]):
                merged[-1][1] = None if end is None or merged[-1][1] is None else max(merged[-1][1], end)
                continue
            merged.append([start, end, setting, secretary])
        sequences: Counter = Counter()
        for start, end, setting, secretary in merged:
            facts = PlacementFacts(setting, "long_term", "sol", start, end)
            for rule in self.home_rules:
                if not followup_rules.applies(rule, facts):
                    continue
                if rule.schedule == FollowupSchedule.ONCE and sequences[rule.id]:
                    continue
                sequences[rule.id] = self.walk(rule, start, end, secretary, home_id=home_id, sequence=sequences[rule.id])


# ---------------------------------------------------------------- seeding

async def seed(teams: list[Team], names: dict[uuid.UUID, str]) -> dict[str, int]:
    rng = random.Random(f"placera-bench-followups:{SEED}")
    today = clock.today()
    started = time.perf_counter()
    async with unit_of_work() as session:
        print(await seed_scale(session, HOMES, seed=SEED))
    homes_s = time.perf_counter() - started

    started = time.perf_counter()
    async with unit_of_work() as session:
        homes = [dict(row._mapping) for row in await session.execute(select(
            FosterHome.id, FosterHome.kind, FosterHome.status, FosterHome.places, FosterHome.available_from))]
        placed = [dict(row._mapping) for row in await session.execute(
            select(HouseholdChild.__table__).where(HouseholdChild.relation == HouseholdChildRelation.PLACED))]
        institutions = [dict(row._mapping) for row in await session.execute(
            select(Institution.id, Institution.kind, Institution.daily_price).where(Institution.active.is_(True)))]
        rules = await followups.rules_in_force(session)
        await session.commit()
    world = World(rng, today, homes, placed, institutions, teams, names)
    approved = {h["id"] for h in homes if h["status"] == HomeStatus.APPROVED}
    current = [row for row in placed if row["home_id"] in approved and row["placed_from"] <= today
               and (row["placed_until"] is None or row["placed_until"] > today)]
    ongoing = round(PLACEMENTS * (1 - ENDED_SHARE))
    print(f"The seeded homes hold {len(current)} placed children now; {min(len(current), round(ongoing * 0.92))} "
          f"of them become ongoing placements of ours")
    ongoing_chains(world, current, ongoing)
    ended_chains(world, PLACEMENTS - len(world.placements))
    # Children not placed now or before (in investigation, care at home): the rest of the 50 000.
    while len(world.children) < CHILDREN:
        team = world.team()
        world.child(birth_for_age(rng, today, rng.randint(0, 17)), rng.choice(team.social_workers))

    maker = ItemMaker(rng, today, rules, names)
    born = {child["id"]: child["birth_date"] for child in world.children}
    periods: dict[uuid.UUID, list] = defaultdict(list)
    for placement in world.placements:
        maker.placement(placement, born[placement["child_id"]])
        if placement["foster_home_id"] is not None:
            periods[placement["foster_home_id"]].append((placement["starts_on"], placement["ended_on"],
                                                          placement["setting"], placement["family_care_secretary_id"]))
    placement_items = len(maker.rows)
    for home_id, home_periods in periods.items():
        maker.home(home_id, home_periods)
    generated_s = time.perf_counter() - started

    started = time.perf_counter()
    async with unit_of_work() as session:
        seeded = {row["id"] for row in placed}
        rewritten = [row["id"] for row in world.household_rows if row["id"] in seeded]
        await session.execute(HouseholdChild.__table__.delete().where(HouseholdChild.id.in_(rewritten)))
        await copy_rows(session, HouseholdChild, world.household_rows)
        await copy_rows(session, Child, world.children)
        await copy_rows(session, Placement, world.placements)
        for batch in range(0, len(maker.rows), 200_000):
            await copy_rows(session, FollowupItem, maker.rows[batch: batch + 200_000])
        await session.commit()
    insert_s = time.perf_counter() - started

    vacuum_s = await vacuum_analyze()

    ended = [p for p in world.placements if p["ended_on"] is not None]
    reasons = Counter(p["end_reason"] for p in ended)
    statuses = Counter(row["status"] for row in maker.rows)
    overdue = sum(1 for row in maker.rows if row["status"] == "open" and row["due_on"] < today)
    settings = Counter(p["setting"] for p in world.placements)
    print(f"Seed: homes {homes_s:.1f} s, generating {generated_s:.1f} s, COPY {insert_s:.1f} s, "
          f"VACUUM ANALYZE {vacuum_s:.1f} s")
    print(f"Placements: {len(world.placements)} ({len(ended)} ended = {len(ended) / len(world.placements):.0%}; "
          + ", ".join(f"{s} {n}" for s, n in settings.most_common()) + f"); {world.fallback_to_institution} went to "
          f"an institution because no home had a place; {sum(1 for p in world.placements if p['previous_placement_id'])} "
          f"follow a move")
    print("End reasons: " + ", ".join(f"{r} {n} ({n / len(ended):.0%})" for r, n in reasons.most_common()))
    print(f"Children: {len(world.children)} ({len({p['child_id'] for p in world.placements})} with placements); "
          f"household rows written: {len(world.household_rows)}")
    print(f"Follow-up items: {len(maker.rows)} ({placement_items} of placements, {len(maker.rows) - placement_items} "
          f"of homes); " + ", ".join(f"{s} {n}" for s, n in statuses.most_common()) + f"; open and overdue {overdue}")
    return {"placements": len(world.placements), "items": len(maker.rows), "children": len(world.children)}


# ---------------------------------------------------------------- measuring

async def explain(run: Callable[[int], Awaitable[int]], min_ms: float = 0.0, plan_if=lambda s: True) -> list[str]:
    """EXPLAIN ANALYZE each SELECT one call sends; the plan of those at least ``min_ms`` that ``plan_if`` picks."""
    captured = await statements_sent(lambda: run(0), is_select)
    lines: list[str] = []
    total = 0.0
    async with get_engine().connect() as connection:
        for statement, parameters in captured:
            plan = await explain_analyze(connection, statement, parameters)
            executed = next((float(line.split()[2]) for line in plan if line.startswith("Execution Time")), 0.0)
            total += executed
            lines.append(f"  ({executed:7.2f} ms) " + " ".join(statement.split())[:150] + " …")
            if executed >= min_ms and plan_if(statement):
                lines += ["      " + (line if len(line) <= 180 else line[:180] + " …") for line in plan]
    lines.append(f"  {len(captured)} SELECTs, {total:.1f} ms executing in PostgreSQL; the rest of the call is fetching "
                 "and turning rows into objects in Python, the audit row and the commit")
    return lines


async def unit_facts(actor: Actor) -> str:
    today = clock.today()
    async with unit_of_work() as session:
        _, unit = await accounts.team_and_unit(session, actor.user_id)
        users = await accounts.users_in(session, unit=unit)
        open_items = FollowupItem.status == FollowupStatus.OPEN
        mine = FollowupItem.responsible_user_id.in_(users)
        counts = (await session.execute(select(
            func.count().filter(open_items),
            func.count().filter(open_items, FollowupItem.due_on < today),
            func.count().filter(open_items, FollowupItem.due_on <= followups.month_end(today)),
            func.count(),
        ).where(mine))).one()
        placements = await session.scalar(select(func.count()).select_from(Placement).where(
            Placement.responsible_worker_id.in_(users), Placement.ended_on.is_(None)))
    return (f"{unit}: {len(users)} staff, {placements} ongoing placements, {counts[3]} follow-up items "
            f"({counts[0]} open, {counts[2]} due by the month's end, {counts[1]} overdue)")


def list_cases(actor: Actor, client: httpx.AsyncClient, token: str) -> list[Case]:
    async def service(filters: FollowupFilter) -> int:
        async with unit_of_work() as session:
            return (await followups.list_followups(session, actor, filters)).total

    async def api(params: dict) -> int:
        response = await client.get("/api/followups", params=params, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.text
        return response.json()["total"]

    async def page(params: dict) -> int:
        # The worklist page as the browser gets it (the unit's tab, a page of 50 with its forms), in HTML.
        response = await client.get("/uppfoljning", params=params,
                                    headers={"Authorization": f"Bearer {token}", "Accept": "text/html"})
        assert response.status_code == 200, response.text[:500]
        return int(re.search(r'id="result-count">(\d+)', response.text).group(1))

    return [
        # Every repetition asks the same question (the index is not used).
        Case("due", "unit: due by month end (service)", lambda i: service(FollowupFilter(scope="unit"))),
        Case("overdue", "unit: overdue (service)", lambda i: service(FollowupFilter(scope="unit", overdue=True))),
        Case("due_api", "unit: due, GET /api/followups", lambda i: api({"scope": "unit"})),
        Case("overdue_api", "unit: overdue, GET /api/followups", lambda i: api({"scope": "unit", "overdue": "true"})),
        Case("mine", "mine: due by month end (service)", lambda i: service(FollowupFilter(scope="mine"))),
        Case("page", "unit: the Uppföljning page, GET /uppfoljning (HTML)", lambda i: page({"scope": "unit"})),
    ]


async def main() -> None:
    staff_rng = random.Random(f"placera-bench-followups-staff:{SEED}")
    actor, token, teams, names = await seed_staff(staff_rng)
    counts = await seed(teams, names)
    print(await unit_facts(actor))

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app()), base_url="http://placera.bench") as client:
        cases = list_cases(actor, client, token)
        for case in cases:
            await measure(case, LIST_RUNS, LIST_WARM_UP)

    try:
        indicators_module = importlib.import_module("indicators.service")
    except ImportError:
        indicators_module = None
    indicator_case = None
    if indicators_module is not None:
        year = str(clock.today().year)

        async def year_table(i: int) -> int:
            async with unit_of_work() as session:
                return (await indicators_module.indicators(session, actor, year)).placements_counted

        indicator_case = Case("indicators", f"indicators({year!r}) (service)", year_table)
        await measure(indicator_case, INDICATOR_RUNS, INDICATOR_WARM_UP)

    print()
    print_timings(cases + ([indicator_case] if indicator_case else []), counted="total")
    print(f"(lists: {LIST_RUNS} runs after {LIST_WARM_UP} warm-up, page of 100, each a fresh session with its "
          f"audit row; indicators: {INDICATOR_RUNS} runs after {INDICATOR_WARM_UP})")

    by_key = {case.key: case for case in cases}
    list_p95 = max(percentile(by_key[k].timings_ms, 95) for k in ("due", "overdue"))
    api_p95 = max(percentile(by_key[k].timings_ms, 95) for k in ("due_api", "overdue_api"))
    indicators_p95 = percentile(indicator_case.timings_ms, 95) if indicator_case else float("nan")

    print()
    print(f"{'goal':<44} {'target':>9} {'p95':>9}  verdict")
    print(f"{'due and overdue for a unit (service)':<44} {TARGET_LIST_MS:7.0f}ms {list_p95:7.1f}ms  "
          f"{'ok' if list_p95 <= TARGET_LIST_MS else 'OVER'}")
    print(f"{'due and overdue for a unit (HTTP API)':<44} {TARGET_LIST_MS:7.0f}ms {api_p95:7.1f}ms  "
          f"{'ok' if api_p95 <= TARGET_LIST_MS else 'OVER'}")
    page_p95 = percentile(by_key["page"].timings_ms, 95)
    print(f"{'the unit on the Uppföljning page (HTML)':<44} {TARGET_LIST_MS:7.0f}ms {page_p95:7.1f}ms  "
          f"{'ok' if page_p95 <= TARGET_LIST_MS else 'OVER'}")
    if indicator_case:
        print(f"{'indicator table for a year':<44} {TARGET_INDICATORS_MS:7.0f}ms {indicators_p95:7.1f}ms  "
              f"{'ok' if indicators_p95 <= TARGET_INDICATORS_MS else 'OVER'}")
    else:
        print(f"{'indicator table for a year':<44} {TARGET_INDICATORS_MS:7.0f}ms {'nan':>9}  "
              "not measured: indicators/service.py (indicators(session, actor, period)) does not exist yet")

    print("\nWhere the unit's due list spends its time (each statement of one call, EXPLAIN ANALYZE; "
          "plans of the follow-up statements):")
    print("\n".join(await explain(by_key["due"].run, plan_if=lambda s: "followup_items" in s)))
    print("\nThe unit's overdue list:")
    print("\n".join(await explain(by_key["overdue"].run, plan_if=lambda s: "followup_items" in s)))
    if indicator_case:
        print("\nThe indicator table (statements of at least 20 ms with their plans):")
        print("\n".join(await explain(indicator_case.run, min_ms=20.0)))

    await get_engine().dispose()
    print(
        f"RESULT followups_ms={list_p95:.1f} indicators_ms={indicators_p95:.1f} "
        f"followups_api_ms={api_p95:.1f} followups_page_ms={percentile(by_key['page'].timings_ms, 95):.1f} "
        f"due_p50_ms={percentile(by_key['due'].timings_ms, 50):.1f} "
        f"overdue_p50_ms={percentile(by_key['overdue'].timings_ms, 50):.1f} "
        f"placements={counts['placements']} followup_items={counts['items']}"
    )


if __name__ == "__main__":
    run_on_fresh_database(DATABASE, main)
