"""Generated data: the demo municipality's mix, determinism, scarcity, schema validity, and loading at scale."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from core import clock
from core.database import unit_of_work
from demo import homes as demo
from foster_homes.models import (
    Agency,
    AgencyContract,
    AgencyContractPrice,
    Assessment,
    DomainCompetence,
    FosterHome,
    HomeAssignment,
    HouseholdAdult,
    HouseholdChild,
    Institution,
    StatusChange,
    SupportContact,
    Training,
)
from foster_homes.schemas import (
    STATUS_TRANSITIONS,
    SUGGESTED_TAGS,
    AgencyIn,
    AssessmentOutcome,
    ContractIn,
    FosterHomeCreate,
    HomeKind,
    HomeStatus,
    InstitutionIn,
    InstitutionKind,
    SupportContactIn,
)


@pytest.fixture(scope="module")
def rows():
    return demo.generate_demo(2026, today=dt.date(2026, 11, 23))


def by_home(rows, model) -> dict:
    grouped = defaultdict(list)
    for row in rows[model]:
        grouped[row["home_id"]].append(row)
    return grouped


def occupied_today(children: list[dict], today: dt.date) -> int:
    return sum(
        1
        for child in children
        if child["relation"] == "placed"
        and child["placed_from"] <= today
        and (child["placed_until"] is None or child["placed_until"] > today)
    )


def create_payload(home: dict, related: dict[type, list[dict]]) -> dict:
    """The home as the API's create document, with the status it has now (or its first, if paused/closed)."""
    history = related[StatusChange]
    status, changed_on = history[-1]["status"], history[-1]["changed_on"]
    if status in (HomeStatus.PAUSED, HomeStatus.CLOSED):
        status, changed_on = history[0]["status"], history[0]["changed_on"]

    def pick(row: dict, *fields: str) -> dict:
        return {field: row[field] for field in fields}

    return {
        **pick(home, "name", "kind", "agency_id", "contract_level", "tags", "religion_culture", "pets", "smoking",
               "wishes"),
        "address": pick(home, "street", "postal_code", "city", "municipality", "latitude", "longitude"),
        "capacity": pick(home, "places", "age_min", "age_max", "max_sibling_group", "gender_preference",
                         "placement_kinds", "available_from"),
        "household_adults": [pick(a, "name", "personal_number", "languages", "occupation")
                             for a in related[HouseholdAdult]],
        "household_children": [
            pick(c, "birth_year", "relation", "placed_from", "placed_until", "placing_municipality", "note")
            for c in related[HouseholdChild]
        ],
        "domain_competences": [pick(c, "domain", "experience", "note") for c in related[DomainCompetence]],
        "trainings": [pick(t, "name", "completed_on", "domain") for t in related[Training]],
        "assessments": [pick(a, "started_on", "completed_on", "assessor", "outcome", "note")
                        for a in related[Assessment]],
        "status": status,
        "status_changed_on": changed_on,
    }


def test_demo_has_the_described_mix(rows):
    homes = rows[FosterHome]
    assert 140 <= len(homes) <= 160
    kinds = [home["kind"] for home in homes]
    assert 0.20 <= kinds.count(HomeKind.CONSULTANT) / len(homes) <= 0.30
    assert kinds.count(HomeKind.OWN) > len(homes) / 3
    for kind in (HomeKind.KINSHIP, HomeKind.EMERGENCY, HomeKind.REINFORCED):
        assert 3 <= kinds.count(kind) <= 25
    statuses = [home["status"] for home in homes]
    assert statuses.count(HomeStatus.APPROVED) / len(homes) >= 0.6
    assert all(status in statuses for status in HomeStatus)

    agency_ids = {agency["id"] for agency in rows[Agency]}
    assert len(agency_ids) == 5
    for home in homes:
        assert (home["kind"] == HomeKind.CONSULTANT) == (home["agency_id"] in agency_ids)
        assert (home["kind"] == HomeKind.CONSULTANT) == (home["contract_level"] is not None)
        assert 1 <= home["places"] <= 3
        assert set(home["tags"]) <= set(SUGGESTED_TAGS)
        if home["kind"] == HomeKind.EMERGENCY:
            assert home["places"] <= 2 and "emergency" in home["placement_kinds"]
    # Most homes near Stockholm, a few consultant homes farther away.
    far = {area.municipality for area in demo.FAR_AREAS} - {area.municipality for area in demo.STOCKHOLM_COUNTY}
    far_homes = [home for home in homes if home["municipality"] in far]
    assert 0 < len(far_homes) < 0.1 * len(homes)
    assert all(home["kind"] == HomeKind.CONSULTANT for home in far_homes)
    assert all(57.5 < home["latitude"] < 61.5 and 14.5 < home["longitude"] < 19.5 for home in homes)


def test_agencies_have_contracts_for_two_years_and_realistic_prices(rows):
    for agency in rows[Agency]:
        AgencyIn.model_validate({field: agency[field] for field in AgencyIn.model_fields})
    contracts = rows[AgencyContract]
    assert len(contracts) == 10
    for contract in contracts:
        prices = [p for p in rows[AgencyContractPrice] if p["contract_id"] == contract["id"]]
        ContractIn.model_validate({**{f: contract[f] for f in ("reference", "valid_from", "valid_to")},
                                   "prices": [{"level": p["level"], "daily_price": p["daily_price"]} for p in prices]})
        assert {p["level"] for p in prices} == {"standard", "reinforced", "emergency"}
        assert all(Decimal(1300) <= p["daily_price"] <= Decimal(2100) for p in prices)
    assert sorted({c["valid_from"].year for c in contracts}) == [2025, 2026]


def test_institutions_are_priced_by_kind(rows):
    institutions = rows[Institution]
    assert 10 <= len(institutions) <= 14
    assert {i["kind"] for i in institutions} == set(InstitutionKind)
    for institution in institutions:
        InstitutionIn.model_validate({field: institution[field] for field in InstitutionIn.model_fields})
        price = institution["daily_price"]
        if institution["kind"] == InstitutionKind.HVB:
            assert 4000 <= price <= 7000
        elif institution["kind"] == InstitutionKind.SIS:
            assert 6000 <= price <= 9000


def test_same_seed_gives_same_rows_and_another_seed_other_rows(rows):
    again = demo.generate_demo(2026, today=dt.date(2026, 11, 23))
    assert again == rows
    other = demo.generate_demo(7, today=dt.date(2026, 11, 23))
    assert [h["id"] for h in other[FosterHome]] != [h["id"] for h in rows[FosterHome]]


def test_free_places_are_scarce(rows):
    today = dt.date(2026, 11, 23)
    children = by_home(rows, HouseholdChild)
    approved = [home for home in rows[FosterHome] if home["status"] == HomeStatus.APPROVED]
    free = [home["places"] - occupied_today(children[home["id"]], today) for home in approved]
    assert all(places >= 0 for places in free)  # never overbooked
    assert sum(1 for places in free if places == 0) / len(approved) >= 0.7
    assert 0 < sum(free) < 0.3 * sum(home["places"] for home in approved)
    # Only approved homes (and kinship homes placed with during assessment) have children placed today.
    for home in rows[FosterHome]:
        if occupied_today(children[home["id"]], today):
            assert home["status"] == HomeStatus.APPROVED or (
                home["kind"] == HomeKind.KINSHIP and home["status"] == HomeStatus.UNDER_ASSESSMENT
            )


def test_every_home_validates_against_the_create_schema_and_has_a_consistent_history(rows):
    related = {model: by_home(rows, model) for model in
               (HouseholdAdult, HouseholdChild, DomainCompetence, Training, Assessment, StatusChange, SupportContact)}
    for home in rows[FosterHome]:
        parts = {model: grouped[home["id"]] for model, grouped in related.items()}
        created = FosterHomeCreate.model_validate(create_payload(home, parts))
        # Already in the normalized form the API would store.
        assert [a.personal_number for a in created.household_adults] == [
            a["personal_number"] for a in parts[HouseholdAdult]
        ]
        assert [a.languages for a in created.household_adults] == [a["languages"] for a in parts[HouseholdAdult]]
        assert created.address.postal_code == home["postal_code"]
        assert created.tags == home["tags"]

        history = parts[StatusChange]
        assert history[0]["status"] == HomeStatus.APPLICANT and history[-1]["status"] == home["status"]
        for before, after in zip(history, history[1:]):
            assert after["status"] in STATUS_TRANSITIONS[before["status"]]
            assert before["changed_on"] <= after["changed_on"] and before["recorded_at"] < after["recorded_at"]
        assert all(change["reason"] for change in history)
        if home["status"] in (HomeStatus.APPROVED, HomeStatus.PAUSED):
            approval = next(c["changed_on"] for c in history if c["status"] == HomeStatus.APPROVED)
            assert any(a["outcome"] == AssessmentOutcome.APPROVED and a["completed_on"] == approval
                       for a in parts[Assessment])
        for contact in parts[SupportContact]:
            SupportContactIn.model_validate({f: contact[f] for f in SupportContactIn.model_fields})


def test_family_care_user_is_assigned_every_protected_home_and_twenty_others(rows):
    today = dt.date(2026, 11, 23)
    user_id = uuid.UUID(int=7, version=4)
    assignments = demo.demo_assignments(rows, user_id, 2026, today=today)
    homes = {home["id"]: home for home in rows[FosterHome]}
    protected = {home["id"] for home in rows[FosterHome] if home["protected_identity"]}
    assigned = [row["home_id"] for row in assignments]

    assert protected and protected <= set(assigned)
    assert len(assigned) == len(set(assigned)) == len(protected) + demo.DEMO_FAMILY_CARE_OTHER_HOMES
    others = [homes[home_id] for home_id in assigned if home_id not in protected]
    assert all(home["status"] != HomeStatus.CLOSED for home in others)
    for row in assignments:
        assert row["user_id"] == user_id
        assert homes[row["home_id"]]["created_at"].date() <= row["assigned_on"] <= today

    # Deterministic, and drawn apart from the homes: the same seed picks the same homes on the same dates.
    assert demo.demo_assignments(rows, user_id, 2026, today=today) == assignments
    other_seed = demo.demo_assignments(rows, user_id, 7, today=today)
    assert {row["home_id"] for row in other_seed} != set(assigned)
    assert demo.generate_demo(2026, today=today) == rows


async def count_rows(session, model) -> int:
    return await session.scalar(select(func.count()).select_from(model))


async def test_seed_demo_loads_the_database_and_the_api_reads_it(engine, client, client_as):
    family_care = await client_as("family_care", name="Fia Familjevård", email="familjevard@demo.placera.se")
    async with unit_of_work() as session:
        summary = await demo.seed_demo(session, family_care_user_id=family_care.user.id)
        assert summary.startswith("Demodata: 150 familjehem")
        assert "5 konsulentverksamheter, 12 institutioner" in summary
        assert await count_rows(session, FosterHome) == 150
        rows = demo.generate_demo(2026, today=clock.today())
        protected = [home for home in rows[FosterHome] if home["protected_identity"]]
        assigned = len(protected) + demo.DEMO_FAMILY_CARE_OTHER_HOMES
        assert f"tilldelad {assigned} hem, varav {len(protected)} med skyddade personuppgifter" in summary
        assert await count_rows(session, HomeAssignment) == assigned

        # A second load adds nothing, with or without the user.
        assert "inget lades till" in await demo.seed_demo(session, family_care_user_id=family_care.user.id)
        assert "inget lades till" in await demo.seed_demo(session)
        assert await count_rows(session, FosterHome) == 150
        assert await count_rows(session, HomeAssignment) == assigned

    children = by_home(rows, HouseholdChild)
    for home in random.Random(1).sample(rows[FosterHome], 12) + protected:
        response = await client.get(f"/api/foster-homes/{home['id']}")
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["name"] == home["name"] and body["status"] == home["status"]
        assert body["free_places"] == max(home["places"] - occupied_today(children[home["id"]], clock.today()), 0)
        assert [c["status"] for c in body["status_history"]][-1] == home["status"]

    listed = (await client.get("/api/foster-homes", params={"min_free": 1, "page_size": 200})).json()
    approved = sum(home["status"] == HomeStatus.APPROVED for home in rows[FosterHome])
    assert 0 < listed["total"] < 0.3 * approved

    # Protected homes: hidden from the (unassigned) placement secretary, shown to their family-care secretary.
    for home in protected:
        hidden = (await client.get(f"/api/foster-homes/{home['id']}")).json()
        assert hidden["location_hidden"] is True and hidden["address"] is None
        shown = (await family_care.get(f"/api/foster-homes/{home['id']}")).json()
        assert shown["location_hidden"] is False
        assert shown["address"]["street"] == home["street"]
        assert [staff["name"] for staff in shown["assigned_staff"]] == ["Fia Familjevård"]


async def test_seed_demo_adds_missing_assignments_to_an_existing_demo(engine, make_user):
    user = await make_user("family_care")
    async with unit_of_work() as session:
        await demo.seed_demo(session)  # loaded before the users existed
        assert await count_rows(session, HomeAssignment) == 0
        summary = await demo.seed_demo(session, family_care_user_id=user.id)
        assert "finns redan" in summary and "tilldelningar till familjevården lades till" in summary
        added = await count_rows(session, HomeAssignment)
        assert added > demo.DEMO_FAMILY_CARE_OTHER_HOMES
        assert "inget lades till" in await demo.seed_demo(session, family_care_user_id=user.id)
        assert await count_rows(session, HomeAssignment) == added


async def test_seed_scale_adds_homes_in_batches_and_can_run_twice(engine):
    done: list[int] = []
    async with unit_of_work() as session:
        summary = await demo.seed_scale(session, 500, progress=done.append)
        assert summary.startswith("Skapade 500 familjehem")
        assert done == [500]
        assert await session.scalar(select(func.count()).select_from(FosterHome)) == 500
        assert await session.scalar(select(func.count()).select_from(Agency)) == 5
        assert await session.scalar(select(func.count()).select_from(Institution)) == 12
        consultant_without_agency = select(func.count()).where(
            FosterHome.kind == HomeKind.CONSULTANT, FosterHome.agency_id.is_(None)
        )
        assert await session.scalar(consultant_without_agency) == 0
        municipalities = await session.scalar(select(func.count(func.distinct(FosterHome.municipality))))
        assert municipalities >= 25

        # Same seed again: new ids and organisation numbers, no collisions.
        await demo.seed_scale(session, 300)
        assert await session.scalar(select(func.count()).select_from(FosterHome)) == 800
        assert await session.scalar(select(func.count()).select_from(Agency)) == 10
