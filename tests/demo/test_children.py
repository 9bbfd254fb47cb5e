"""The children's and schools' demo data: the mix, validity against the input schemas, determinism, and
loading it into the database (idempotent, kinship found by the network graph, readable over the API)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import uuid
from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select

from core.database import unit_of_work
from core.identity_numbers import birth_date_of, luhn_check_digit
from demo import homes as home_demo
from foster_homes.models import FosterHome, HouseholdAdult
from core.schemas import BbicDomain
from foster_homes.schemas import HomeKind
from demo import children as demo
from children.models import (
    Child,
    ChildAssignment,
    ChildWish,
    NeedAssessment,
    NetworkExamination,
    NetworkMember,
    SiblingLink,
)
from children.network import ChildNetwork, Home, Person
from children.schemas import ChildIn, NeedLevel, NeedsIn, NetworkExaminationIn, NetworkMemberIn, WishIn
from demo import schools as school_demo
from schooling.continuity import grade_on
from schooling.models import Enrolment, School
from schooling.schemas import GRADES_TAUGHT, EnrolmentIn, SchoolIn, SchoolKind

TODAY = dt.date(2026, 11, 23)
SOCIAL_WORKER = (uuid.UUID(int=11, version=4), "Sam Socialsekreterare")
PLACEMENT = (uuid.UUID(int=12, version=4), "Pia Placering")
FAMILY_CARE = uuid.UUID(int=13, version=4)


def generate(seed: int = 2026) -> dict:
    homes = home_demo.generate_demo(seed, today=TODAY)
    rows = demo.generate_demo_children(
        seed, today=TODAY, schools=school_demo.generate_demo_schools(seed, today=TODAY),
        staff=[SOCIAL_WORKER, PLACEMENT], kinship_homes=demo.kinship_homes_from_rows(homes),
        family_care_user_id=FAMILY_CARE,
    )
    rows.pop("_stats")
    return rows


@pytest.fixture(scope="module")
def rows():
    return generate()


@pytest.fixture(scope="module")
def schools():
    return {school["id"]: school for school in school_demo.generate_demo_schools(2026, today=TODAY)}


def by_child(items: list[dict]) -> dict:
    grouped = defaultdict(list)
    for item in items:
        grouped[item["child_id"]].append(item)
    return grouped


def sibling_groups(links: list[dict]) -> list[set]:
    groups: list[set] = []
    for link in links:
        pair = {link["child_a_id"], link["child_b_id"]}
        touching = [group for group in groups if group & pair]
        merged = set(pair).union(*touching)
        groups = [group for group in groups if group not in touching] + [merged]
    return groups


def current_levels(needs: list[dict]) -> dict:
    latest = {}
    for need in sorted(needs, key=lambda n: (n["assessed_on"], n["recorded_at"])):
        latest[need["domain"]] = need["level"]
    return latest


def age(born: dt.date) -> int:
    return TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))


# ---------------------------------------------------------------- the schools

def test_demo_schools_mix_codes_and_schema(schools):
    assert 55 <= len(schools) <= 65
    kinds = Counter(school["kind"] for school in schools.values())
    assert kinds[SchoolKind.PRESCHOOL] >= 10 and kinds[SchoolKind.UPPER_SECONDARY] >= 5
    assert 2 <= kinds[SchoolKind.ADAPTED] <= 6 and all(kinds[kind] for kind in SchoolKind)
    codes = [school["unit_code"] for school in schools.values()]
    assert len(set(codes)) == len(codes) and all(re.fullmatch(r"\d{8}", code) for code in codes)
    municipalities = Counter(school["municipality"] for school in schools.values())
    assert municipalities["Stockholm"] > len(schools) / 2 and len(municipalities) >= 8
    for school in schools.values():
        SchoolIn.model_validate({field: school[field] for field in SchoolIn.model_fields})
        assert 59.0 < school["latitude"] < 59.6 and 17.5 < school["longitude"] < 18.4
    assert school_demo.generate_demo_schools(2026, today=TODAY) == list(schools.values())


# ---------------------------------------------------------------- the children

def test_children_mix(rows):
    children = rows[Child]
    assert 115 <= len(children) <= 125
    ages = [age(child["birth_date"]) for child in children]
    assert min(ages) == 0 and max(ages) <= 20
    assert 2 <= sum(a >= 18 for a in ages) <= 6
    assert sum(a >= 13 for a in ages) > sum(a <= 5 for a in ages)  # more teenagers than small children
    assert {child["gender"] for child in children} >= {"girl", "boy"}
    assert len({child["reference"] for child in children}) == len(children)
    assert all(re.fullmatch(r"B-[ABCDEFGHJKLMNPQRSTUVWXYZ2-9]{6}", child["reference"]) for child in children)
    # Mostly the demo municipality's districts, some nearby municipalities.
    municipalities = Counter(child["municipality"] for child in children)
    assert 0.6 <= municipalities["Stockholm"] / len(children) <= 0.95
    # Responsible workers spread over both staff members (siblings share one).
    workers = Counter(child["responsible_worker_id"] for child in children)
    assert workers[SOCIAL_WORKER[0]] >= 40 and workers[PLACEMENT[0]] >= 40
    backgrounds = Counter(tuple(child["languages"]) for child in children)
    assert backgrounds[("svenska",)] < len(children) * 0.7 and len(backgrounds) >= 5


def test_personal_numbers_agree_with_birth_date_and_gender(rows):
    numbers = [child["personal_number"] for child in rows[Child]]
    assert len(set(numbers)) == len(numbers)
    for child in rows[Child]:
        number = child["personal_number"]
        assert re.fullmatch(r"\d{8}-\d{4}", number)
        assert luhn_check_digit(number[2:8] + number[9:12]) == int(number[12])
        assert birth_date_of(number) == child["birth_date"]
        parity = int(number[11]) % 2
        if child["gender"] == "boy":
            assert parity == 1
        elif child["gender"] == "girl":
            assert parity == 0


def test_sibling_groups_share_address_and_mostly_name(rows):
    children = {child["id"]: child for child in rows[Child]}
    groups = sibling_groups(rows[SiblingLink])
    assert len(groups) == 15 and all(2 <= len(group) <= 4 for group in groups)
    assert all(link["child_a_id"] < link["child_b_id"] for link in rows[SiblingLink])
    assert any(link["half"] for link in rows[SiblingLink]) and not all(link["half"] for link in rows[SiblingLink])
    for group in groups:
        members = [children[child_id] for child_id in group]
        assert len({(c["street"], c["postal_code"]) for c in members}) == 1
        assert len({c["responsible_worker_id"] for c in members}) == 1
    for link in rows[SiblingLink]:
        if not link["half"]:
            assert children[link["child_a_id"]]["last_name"] == children[link["child_b_id"]]["last_name"]


def test_needs_have_levels_history_and_a_minority_with_large_needs(rows):
    needs = by_child(rows[NeedAssessment])
    children = rows[Child]
    assert all(needs[child["id"]] for child in children)
    current = {child["id"]: current_levels(needs[child["id"]]) for child in children}
    with_some = sum(any(level != NeedLevel.NONE for level in levels.values()) for levels in current.values())
    assert with_some / len(children) >= 0.9
    for domain in (BbicDomain.EMOTIONAL_BEHAVIOURAL, BbicDomain.HEALTH, BbicDomain.EDUCATION):
        large = sum(levels.get(domain) in (NeedLevel.SUBSTANTIAL, NeedLevel.CRITICAL) for levels in current.values())
        assert 0.1 <= large / len(children) <= 0.5, domain
    assert any(NeedLevel.CRITICAL in levels.values() for levels in current.values())
    with_history = [child_id for child_id, items in needs.items() if len({n["assessed_on"] for n in items}) > 1]
    assert len(with_history) >= 20
    for child_id in with_history:
        days = sorted({n["assessed_on"] for n in needs[child_id]})
        assert len(days) == 2 and (days[1] - days[0]).days >= 180
    for need in rows[NeedAssessment]:
        assert (need["description"] is None) == (need["level"] == NeedLevel.NONE)
        assert need["assessed_on"] <= TODAY and need["recorded_by"]


def test_wishes_and_network_examinations(rows):
    children = rows[Child]
    wishes = by_child(rows[ChildWish])
    old_enough = [child for child in children if age(child["birth_date"]) >= 4]
    assert sum(bool(wishes[child["id"]]) for child in old_enough) / len(old_enough) >= 0.5
    assert all(age(child["birth_date"]) >= 4 for child in children if wishes[child["id"]])
    examined = by_child(rows[NetworkExamination])
    assert 0.5 <= len(examined) / len(children) <= 0.95
    assert {e["conclusion"] for e in rows[NetworkExamination]} == {"kinship_possible", "no_suitable_kinship",
                                                                  "in_progress"}


def test_networks_protection_and_kinship(rows):
    children = {child["id"]: child for child in rows[Child]}
    members = by_child(rows[NetworkMember])
    assert all(3 <= len(members[child_id]) <= 8 for child_id in children)
    relations = Counter(m["relation"] for m in rows[NetworkMember])
    for relation in ("mother", "father", "grandparent", "maternal_aunt", "paternal_aunt", "maternal_uncle",
                     "paternal_uncle", "family_friend", "neighbour", "professional"):
        assert relations[relation] >= 5, relation
    assert relations["aunt_uncle"] == 0  # the demo says which: moster, faster, morbror or farbror
    assert any(m["willing_kinship_home"] for m in rows[NetworkMember])
    assert len({m["kinship_assessment"] for m in rows[NetworkMember]}) == 4

    protected = [child for child in children.values() if child["protected_identity"]]
    assert len(protected) == 6
    for child in protected:
        dangerous = [m for m in members[child["id"]] if m["protected_from"]]
        assert dangerous and all(m["protected_reason"] and m["personal_number"] for m in dangerous)
        assert all(m["willing_kinship_home"] is False for m in dangerous)
        # Staff besides the responsible worker who may see the address: some protected children have them.
    assigned = Counter(a["user_id"] for a in rows[ChildAssignment])
    assert assigned[FAMILY_CARE] >= 10
    assert any(a["child_id"] in {c["id"] for c in protected} for a in rows[ChildAssignment])
    assert all(not m["protected_from"] for child in children.values() if not child["protected_identity"]
               for m in members[child["id"]])

    # Kinship: a relative who is a household adult of one of the demo's kinship homes.
    homes = demo.kinship_homes_from_rows(home_demo.generate_demo(2026, today=TODAY))
    adults = {adult["personal_number"]: home for home in homes for adult in home["adults"]}
    kin = [m for m in rows[NetworkMember] if m["personal_number"] in adults]
    kin_children = {m["child_id"] for m in kin}
    assert len(kin_children) >= 8 and len({adults[m["personal_number"]]["id"] for m in kin}) >= 6
    for member in kin:
        home = adults[member["personal_number"]]
        assert member["relation"] in ("grandparent", "paternal_aunt", "paternal_uncle") and member["willing_kinship_home"]
        assert member["kinship_home_id"] in (None, home["id"])
        assert (member["latitude"], member["longitude"]) == (home["latitude"], home["longitude"])
    assert any(m["kinship_home_id"] for m in kin) and any(m["kinship_home_id"] is None for m in kin)


def test_every_record_validates_against_the_input_schemas(rows):
    for child in rows[Child]:
        payload = {field: child[field] for field in ChildIn.model_fields if field != "address"}
        payload["address"] = {field: child[field] for field in
                              ("street", "postal_code", "city", "municipality", "latitude", "longitude")}
        parsed = ChildIn.model_validate(payload)
        assert parsed.personal_number == child["personal_number"] and parsed.languages == child["languages"]
        assert parsed.allergies == child["allergies"] and parsed.address.postal_code == child["postal_code"]
    for member in rows[NetworkMember]:
        payload = {field: member[field] for field in NetworkMemberIn.model_fields if field != "location"}
        if member["latitude"] is not None:
            payload["location"] = {field: member[field] for field in
                                   ("street", "postal_code", "city", "municipality", "latitude", "longitude")}
        else:
            assert member["municipality"] is None
        parsed = NetworkMemberIn.model_validate(payload)
        assert parsed.personal_number == member["personal_number"]
    assessments = defaultdict(list)
    for need in rows[NeedAssessment]:
        assessments[need["child_id"], need["assessed_on"]].append(need)
    for (_, day), needs in assessments.items():
        NeedsIn.model_validate({"assessed_on": day, "needs": [
            {"domain": n["domain"], "level": n["level"], "description": n["description"]} for n in needs]})
    for wish in rows[ChildWish]:
        WishIn.model_validate({"said_on": wish["said_on"], "text": wish["text"]})
    for examination in rows[NetworkExamination]:
        NetworkExaminationIn.model_validate({f: examination[f] for f in NetworkExaminationIn.model_fields})
    for enrolment in rows[Enrolment]:
        EnrolmentIn.model_validate({f: enrolment[f] for f in EnrolmentIn.model_fields})


def test_enrolment_grades_fit_age_and_school_kind(rows, schools):
    enrolments = by_child(rows[Enrolment])
    children = {child["id"]: child for child in rows[Child]}
    assert sum(child_id in enrolments for child_id in children) / len(children) >= 0.85
    assert sum(len(items) == 2 for items in enrolments.values()) >= 15  # some changed school
    for child_id, items in enrolments.items():
        child = children[child_id]
        items.sort(key=lambda e: e["started_on"])
        for enrolment in items:
            school = schools[enrolment["school_id"]]
            assert enrolment["grade"] in GRADES_TAUGHT[school["kind"]]
            assert child["birth_date"] < enrolment["started_on"] <= TODAY
        current = items[-1]
        assert current["ended_on"] is None and all(e["ended_on"] for e in items[:-1])
        for before, after in zip(items, items[1:]):
            assert before["ended_on"] == after["started_on"]  # ended when the current began
        # The grade now, as school continuity and matching read it: an enrolment holds the grade the child began
        # in there (a 9-year-old showed as in årskurs 8 when the demo stored today's grade as that).
        taught = GRADES_TAUGHT[schools[current["school_id"]]["kind"]]
        now = grade_on(current["grade"], current["started_on"], TODAY, taught)
        grade = demo.grade_for(child["birth_date"], TODAY)
        assert now == (-1 if grade < 0 else min(grade, taught[-1])), (child["birth_date"], current)
        if age(child["birth_date"]) >= 18:
            assert now >= 10
    young_adults = [c for c in children.values() if age(c["birth_date"]) >= 18]
    assert young_adults and all(c["id"] in enrolments for c in young_adults)


def test_same_seed_same_rows_other_seed_other_children(rows):
    assert generate() == rows
    other = generate(7)
    assert {c["id"] for c in other[Child]}.isdisjoint({c["id"] for c in rows[Child]})
    assert [c["personal_number"] for c in other[Child]] != [c["personal_number"] for c in rows[Child]]


# ---------------------------------------------------------------- in the database

async def count(session, model) -> int:
    return await session.scalar(select(func.count()).select_from(model))


async def test_seed_demo_loads_children_idempotently_and_the_network_finds_kinship(engine, client, make_user):
    worker = await make_user("social_worker", name="Sam Socialsekreterare")
    family_care = await make_user("family_care")
    async with unit_of_work() as session:
        await home_demo.seed_demo(session)
        schools = await school_demo.seed_demo_schools(session)
        assert len(schools) == await count(session, School) == len(school_demo.DEMO_SCHOOLS)
        summary = await demo.seed_demo_children(
            session, worker_ids=[worker.id, client.user.id], family_care_user_id=family_care.id, schools=schools
        )
        assert re.match(r"Barn: 120 barn \(15 syskongrupper, 6 med skyddade personuppgifter, \d+ med en släkting", summary)
        counts = {model: await count(session, model) for model in
                  (Child, NeedAssessment, ChildWish, SiblingLink, NetworkMember, NetworkExamination, ChildAssignment,
                   Enrolment, School)}
        assert counts[Child] == 120 and counts[NetworkMember] >= 360 and counts[Enrolment] >= 100

        # A second run (with or without the schools given) adds nothing.
        assert await school_demo.seed_demo_schools(session) == schools
        again = await demo.seed_demo_children(session, worker_ids=[worker.id, client.user.id],
                                              family_care_user_id=family_care.id)
        assert "inget lades till" in again
        for model, number in counts.items():
            assert await count(session, model) == number, model

        # The kinship homes loaded from the database are the generated ones.
        loaded = await demo.demo_kinship_homes(session, 2026, TODAY)
        assert loaded == demo.kinship_homes_from_rows(home_demo.generate_demo(2026, today=TODAY))

        # The network graph finds the kinship home from the members stored in the database.
        homes = {}
        for home_id, name in await session.execute(
            select(FosterHome.id, FosterHome.name).where(FosterHome.kind == HomeKind.KINSHIP)
        ):
            numbers = await session.scalars(select(HouseholdAdult.personal_number)
                                            .where(HouseholdAdult.home_id == home_id))
            homes[home_id] = Home(home_id, name, tuple(numbers))
        by_number = {number: home for home in homes.values() for number in home.adult_personal_numbers}
        members = list(await session.scalars(select(NetworkMember)))
        kin_members = [m for m in members if m.personal_number in by_number or m.kinship_home_id in homes]
        assert len({m.child_id for m in kin_members}) >= 8
        network_of = defaultdict(list)
        for m in members:
            network_of[m.child_id].append(Person(
                id=m.id, name=m.name, relation=m.relation, importance=m.importance,
                contact_frequency=m.contact_frequency, personal_number=m.personal_number, latitude=m.latitude,
                longitude=m.longitude, municipality=m.municipality, willing_kinship_home=m.willing_kinship_home,
                kinship_assessment=m.kinship_assessment, kinship_home_id=m.kinship_home_id,
                protected_from=m.protected_from, protected_reason=m.protected_reason,
            ))
        reasons = []
        for member in kin_members:
            home = homes[member.kinship_home_id] if member.kinship_home_id else by_number[member.personal_number]
            kinship = ChildNetwork("barnet", network_of[member.child_id]).kinship(home)
            assert kinship is not None and kinship.person.id == member.id
            reasons.append(kinship.reason)
            # Another kinship home is not kin to this child.
            stranger = next(h for h in homes.values() if h.id != home.id
                            and not set(h.adult_personal_numbers) & {p.personal_number for p in network_of[member.child_id]})
            assert ChildNetwork("barnet", network_of[member.child_id]).kinship(stranger) is None
        assert any("bor i hemmet" in r for r in reasons)

    response = await client.get("/api/children", params={"page_size": 5})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == 120 and len(body["items"]) == 5


async def test_seed_scale_schools_and_children_in_batches_twice(engine):
    done: list[int] = []
    async with unit_of_work() as session:
        await home_demo.seed_scale(session, 200, seed=3)
        summary = await school_demo.seed_scale_schools(session, 300, seed=3)
        assert summary.startswith("Skapade 300 skolor")
        assert await count(session, School) == 300
        assert await session.scalar(select(func.count(func.distinct(School.municipality)))) == len(
            home_demo.NATIONAL_CENTRES)
        summary = await demo.seed_scale_children(session, 2_500, seed=3, progress=done.append)
        assert summary.startswith("Skapade 2\u00a0500 barn")
        assert done[-1] == 2_500 and done == sorted(done) and len(done) >= 2
        assert await count(session, Child) == 2_500
        enrolled = await session.scalar(select(func.count(func.distinct(Enrolment.child_id))))
        assert enrolled / 2_500 >= 0.8
        wrong_grade = 0
        for grade, kind in await session.execute(select(Enrolment.grade, School.kind).join(School)):
            wrong_grade += grade not in GRADES_TAUGHT[kind]
        assert wrong_grade == 0
        per_child = await session.execute(select(func.count()).select_from(NetworkMember).group_by(NetworkMember.child_id))
        sizes = [n for (n,) in per_child]
        assert len(sizes) == 2_500 and min(sizes) >= 3 and max(sizes) <= 8
        assert await session.scalar(select(func.count()).where(NetworkMember.kinship_home_id.is_not(None))) > 0

        # Again with the same seed: new children, no collisions.
        await demo.seed_scale_children(session, 500, seed=3)
        assert await count(session, Child) == 3_000


async def test_demo_placements_with_follow_up_history(engine):
    """The demo as `make demo` loads it: about 60 % of the children placed through bookings (some ended, a
    breakdown and a move from an emergency home, kinship homes for relatives), no home over its places, the
    open requests untouched, and follow-ups exactly as the rules give them from each placement's start."""
    from accounts import service as accounts
    from demo.users import DEMO_USERS, FAMILY_CARE_EMAIL, seed_demo_users
    from foster_homes.models import HouseholdChild
    from placements import followup_rules, followups
    from placements.models import FollowupItem, FollowupRule, Placement, PlacementRequest, PlacementRequestChild
    from placements.schemas import FollowupFilter
    from core.permissions import SYSTEM

    async with unit_of_work() as session:
        await seed_demo_users(session)
        users = {email: await accounts.find_user_by_email(session, email) for _, email, _, _, _ in DEMO_USERS}
        social_worker = users["barnsekreterare@demo.placera.se"]
        family_care = users[FAMILY_CARE_EMAIL]
        assert social_worker.team == users["placering@demo.placera.se"].team and social_worker.unit == family_care.unit
        await home_demo.seed_demo(session, family_care_user_id=family_care.id)
        schools = await school_demo.seed_demo_schools(session)
        await demo.seed_demo_children(session, worker_ids=[social_worker.id, users["placering@demo.placera.se"].id],
                                      family_care_user_id=family_care.id, schools=schools)
        assert "4 öppna placeringsbehov" in await demo.seed_demo_requests(session)
        summary = await demo.seed_demo_placements(session)
        assert "Placeringar: " in summary, summary

        placements = list(await session.scalars(select(Placement)))
        children = {p.child_id for p in placements}
        assert 0.55 <= len(children) / 120 <= 0.65, len(children)
        ended = [p for p in placements if p.ended_on is not None]
        assert len(ended) >= 6 and {"unplanned_move", "planned_move", "planned_return_home"} <= {p.end_reason for p in ended}
        moves = [p for p in placements if p.previous_placement_id]
        assert len(moves) >= 2
        by_id = {p.id: p for p in placements}
        for move in moves:
            previous = by_id[move.previous_placement_id]
            assert previous.child_id == move.child_id and previous.ended_on == move.starts_on
        assert sum(p.target_kind == "kinship" for p in placements) >= 3
        assert any(p.institution_id for p in placements)
        starts = sorted(p.starts_on for p in placements)
        assert starts[0] < TODAY - dt.timedelta(days=730) and starts[-1] > TODAY - dt.timedelta(days=200)

        # The open requests stay open, and their children unplaced.
        assert await session.scalar(select(func.count()).select_from(PlacementRequest)
                                    .where(PlacementRequest.status == "open")) == 4
        assert not set(await session.scalars(select(PlacementRequestChild.child_id))) & children

        # Places: every placement in a home has its household row with the same dates; no home over its places.
        places = dict((await session.execute(select(FosterHome.id, FosterHome.places))).all())
        rows = list(await session.scalars(select(HouseholdChild).where(HouseholdChild.relation == "placed")))
        by_row = {row.id: row for row in rows}
        for placement in placements:
            if placement.foster_home_id:
                row = by_row[placement.household_child_id]
                assert (row.home_id, row.placed_from, row.placed_until) == (
                    placement.foster_home_id, placement.starts_on, placement.ended_on)
        per_home = defaultdict(list)
        for row in rows:
            per_home[row.home_id].append(row)
        for home_id, home_rows in per_home.items():
            for day in {row.placed_from for row in home_rows}:
                occupied = sum(1 for r in home_rows if r.placed_from <= day and (r.placed_until is None or day < r.placed_until))
                assert occupied <= places[home_id], (home_id, day)

        # Follow-ups: each rule's items of a placement are the rule's own sequence from the placement's start.
        rules = {rule.id: rule for rule in await session.scalars(select(FollowupRule))}
        items = list(await session.scalars(select(FollowupItem).order_by(FollowupItem.sequence)))
        chains = defaultdict(list)
        for item in items:
            chains[(item.placement_id or item.home_id, item.rule_id)].append(item)
        for (subject, rule_id), chain in chains.items():
            rule = rules[rule_id]
            placement = by_id.get(subject)
            assert [item.sequence for item in chain] == list(range(1, len(chain) + 1))
            assert sum(item.status == "open" for item in chain) <= 1
            for before, after in itertools.pairwise(chain):
                assert before.status == "done"
                start = placement.starts_on if placement else None
                if placement:
                    assert after.original_due_on == followup_rules.next_due(
                        rule, start, before.sequence, before.original_due_on, before.completed_on)
            if placement is not None:
                assert chain[0].original_due_on == followup_rules.first_due(rule, placement.starts_on)
                for item in chain:
                    assert item.due_on == item.original_due_on or item.rescheduled_reason
                    if item.status == "open" and placement.ended_on:
                        assert item.due_on < placement.ended_on
                    if item.status == "cancelled":
                        assert placement.ended_on and item.due_on >= placement.ended_on
                    if item.completed_on:
                        assert item.completed_on <= TODAY
        absences = [float(item.outcome["absence_percent"]) for item in items if "absence_percent" in item.outcome]
        assert sum(a >= 15 for a in absences) >= 2 and sum(a < 15 for a in absences) > 10

        # The demo social worker has overdue items and items due this month; the unit sees more than one person.
        actor = accounts.actor_for(social_worker)
        overdue = await followups.list_followups(session, actor, FollowupFilter(scope="mine", overdue=True))
        mine = await followups.list_followups(session, actor, FollowupFilter(scope="mine"))
        assert overdue.total >= 1
        assert any(TODAY <= item.due_on <= followups.month_end(TODAY) for item in mine.items)
        unit = await followups.list_followups(session, actor, FollowupFilter(scope="unit"))
        assert unit.total > mine.total and len({item.responsible_user_id for item in unit.items}) >= 2

        # Again: nothing more.
        assert "finns redan" in await demo.seed_demo_placements(session)
        assert await session.scalar(select(func.count()).select_from(Placement)) == len(placements)

        # The economy: each placement recorded from its own dates, a budget for last year and this, kept forecasts.
        from costs import forecast
        from costs.models import BudgetMonth, KeptForecast
        from demo.economy import seed_demo_economy
        from placements.models import PlacementRecord

        summary = await seed_demo_economy(session)
        assert "sparade prognoser" in summary and "jourhem med uppdragsavtal" in summary, summary
        records = list(await session.scalars(select(PlacementRecord)))
        assert len(records) == len(placements) + sum(p.ended_on <= TODAY for p in ended)
        for record in records:
            placement = by_id[record.placement_id]
            assert record.recorded_on == (placement.ended_on if record.change == "ended"
                                          else min(placement.decided_on, placement.starts_on))
        years = set(await session.scalars(select(BudgetMonth.year).distinct()))
        assert years == {TODAY.year - 1, TODAY.year}
        assert await session.scalar(select(func.count(func.distinct(KeptForecast.as_of)))) == 12 + TODAY.month
        last_year = await forecast.accuracy(session, SYSTEM, TODAY.year - 1)
        assert last_year.rows and all(row.forecasts == 1 for row in last_year.rows)
        assert len(last_year.kept) >= 12
        from foster_homes.models import RetainerAgreement
        from placements.models import PlacementExtraCost

        assert await session.scalar(select(func.count()).select_from(RetainerAgreement)) >= 1
        revenues = list(await session.scalars(select(PlacementExtraCost).where(PlacementExtraCost.kind != "cost")))
        assert len(revenues) >= 3 and all(r.received is None or r.received <= r.amount * 40 for r in revenues)
        assert "sparade prognoser" in await seed_demo_economy(session)  # again: the same, nothing doubled
        assert len(list(await session.scalars(select(PlacementExtraCost).where(PlacementExtraCost.kind != "cost")))) == len(revenues)

