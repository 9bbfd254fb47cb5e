"""The matching service: loads homes, children, networks and schools, runs the engine; ranks and assigns, never books.

A saved ranking is kept as a decision record by ``placements.decisions``.

Every ranking reads children's records and is audit-logged; the budget group has no access (CHILD_READ).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
import uuid
from dataclasses import dataclass

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from accounts import service as accounts
from core import clock, rules
from core.audit import AuditAction, authorize, record
from core.errors import ConflictError, FieldError, InvalidInputError
from core.permissions import Action, Actor
from foster_homes import prices, rate_cards
from foster_homes.models import RateCard
from foster_homes import service as foster_homes
from matching import home_snapshot
from matching.assignment import QueueItem, assign_greedy, assign_optimal
from matching.engine import (
    DAYS_PER_MONTH,
    ChildProfile,
    HomeTable,
    Ranking,
    RequestProfile,
    Withheld,
    all_siblings,
    needs_split,
    one_child,
    propose_split,
    rank,
    religious_wish,
)
from matching.schemas import (
    AssignedOut,
    AssignIn,
    AssignmentOut,
    CandidateOut,
    CriterionOut,
    DecisionRecordIn,
    ExclusionGroupOut,
    MatchesOut,
    MatchingSettings,
    SplitOut,
)
from children import service as children_service
from foster_homes.schemas import HomeKind
from placements import decisions
from placements import requests as placement_requests
from placements.schemas import DecisionRecordOut, RequestStatus
from schooling import service as schooling
from schooling.schemas import ContinuitySettings

async def settings(session: AsyncSession) -> MatchingSettings:
    return await rules.load(session, MatchingSettings)


async def save_settings(session: AsyncSession, actor: Actor, data: MatchingSettings) -> MatchingSettings:
    return await rules.save(session, actor, data)


# ---------------------------------------------------------------- loading

def monthly_costs(
    table: HomeTable, daily_price: np.ndarray, ages: list[int], rules_: MatchingSettings, card: RateCard
) -> np.ndarray:
    """Expected cost per child and month: own homes at the fee and the age's expense allowance of the rate
    card in force at the start (DOMAIN.md §4; the card a booking uses), bought places at the agency's daily
    price in force (or the default)."""
    allowance = np.mean([float(prices.card_allowance(card, age)) for age in ages])
    fee = prices.monthly_fees(table.kind, card)
    bought = np.where(np.isnan(daily_price), float(rules_.consultant_default_daily_price), daily_price) * DAYS_PER_MONTH
    return np.where(table.kind == HomeKind.CONSULTANT.value, bought, fee + allowance)


async def _child_profiles(session: AsyncSession, actor: Actor, children, start: dt.date) -> list[ChildProfile]:
    profiles = []
    for child in children:
        network = await children_service.child_network(session, actor, child.id)
        school = await schooling.school_place_on(session, child.id, start)
        profiles.append(ChildProfile(
            id=child.id, name=child.first_name, age=clock.age_on(child.birth_date, start), gender=child.gender.value,
            needs=children_service.current_need_levels(child), languages=frozenset(child.languages),
            religion=religious_wish(child.religion_culture), allergies=frozenset(child.allergies),
            network=network, school=school,
            home_latitude=child.latitude, home_longitude=child.longitude,
        ))
    return profiles


def _profile(request, children: list[ChildProfile]) -> RequestProfile:
    return RequestProfile(
        id=request.id, children=tuple(children), kind=request.kind.value, start=request.wanted_start,
        together=request.together, required_tags=frozenset(request.required_tags),
        wish_tags=frozenset(request.wish_tags), urgency=request.urgency,
    )


# ---------------------------------------------------------------- one request

def _candidate_out(candidate) -> CandidateOut:
    return CandidateOut(
        home_id=candidate.home_id, home_name=candidate.home_name, home_kind=candidate.home_kind,
        total=candidate.total,
        criteria=[CriterionOut(criterion=c.name, score=c.score, weight=round(c.weight, 4),
                               contribution=round(c.contribution, 4), reason=c.reason) for c in candidate.criteria],
        warnings=candidate.warnings, kinship=candidate.kinship, distance_km=candidate.distance_km,
    )


@dataclass(frozen=True)
class _Ranked:
    request: object
    profile: RequestProfile
    table: HomeTable
    withheld: Withheld | None
    rules: MatchingSettings
    continuity: ContinuitySettings
    ranking: Ranking


async def withheld_from(session: AsyncSession, actor: Actor, snapshot: home_snapshot.RegisterSnapshot) -> Withheld | None:
    """The protected homes this reader may not locate, with the staff who may (to name in the notice)."""
    hidden = ~snapshot.visible_to(await foster_homes.protected_homes_located_by(session, actor))
    if not hidden.any():
        return None
    indices = [int(i) for i in np.flatnonzero(hidden)]
    staff = await foster_homes.assigned_staff_of(session, [snapshot.table.ids[i] for i in indices])
    names = await accounts.names_of(session, list({user for users in staff.values() for user in users}))
    return Withheld(hidden, {
        i: ", ".join(names.get(user, "okänd") for user in staff[snapshot.table.ids[i]])
        for i in indices if snapshot.table.ids[i] in staff
    })


async def _ranking(
    session: AsyncSession, actor: Actor, request_id: uuid.UUID, limit: int | None,
    snapshot: home_snapshot.RegisterSnapshot | None = None, withheld: Withheld | None = None,
    every_excluded: bool = False,
) -> _Ranked:
    await authorize(session, actor, Action.CHILD_READ, "placement_request", request_id)
    request, children = await placement_requests.request_children(session, request_id)
    await placement_requests.require_may_see_where(children, actor, request_id)
    if snapshot is None:
        snapshot = await home_snapshot.current(session, actor)
        withheld = await withheld_from(session, actor, snapshot)
    homes = snapshot.on(request.wanted_start)
    rules_ = await settings(session)
    continuity = await rules.load(session, ContinuitySettings)
    profiles = await _child_profiles(session, actor, children, request.wanted_start)
    table = dataclasses.replace(
        homes.table, monthly_cost=monthly_costs(homes.table, homes.daily_price, [c.age for c in profiles], rules_,
                                                await rate_cards.rate_card_on(session, request.wanted_start, estimate=True))
    )
    profile = _profile(request, profiles)
    ranking = rank(profile, table, rules_, continuity, limit=limit if limit is not None else len(table),
                   excluded_examples=len(table) if every_excluded else EXCLUDED_EXAMPLES, withheld=withheld)
    return _Ranked(request, profile, table, withheld, rules_, continuity, ranking)


def _matches_out(ranked: _Ranked) -> MatchesOut:
    profile, ranking = ranked.profile, ranked.ranking
    split = None
    if needs_split(profile, ranking):
        proposal = propose_split(profile, ranked.table, ranked.rules, ranked.continuity, withheld=ranked.withheld)
        if proposal:
            split = SplitOut(explanation=proposal.explanation, homes=[
                {"child_id": str(child.id), "child_name": child.name, "home_id": str(c.home_id),
                 "home_name": c.home_name, "total": c.total}
                for child, c in proposal.homes
            ])
    return MatchesOut(
        request_id=ranked.request.id, considered=ranking.considered, feasible=ranking.feasible,
        candidates=[_candidate_out(c) for c in ranking.candidates],
        excluded=[ExclusionGroupOut(reason=e.reason, count=e.count,
                                    homes=[{"id": str(i), "name": n, "detail": d} for i, n, d in e.homes])
                  for e in ranking.excluded],
        split=split,
    )


EXCLUDED_EXAMPLES = 10
"""Homes named per reason for exclusion, unless every one is asked for."""


async def matches(session: AsyncSession, actor: Actor, request_id: uuid.UUID, limit: int = 20,
                  every_excluded: bool = False) -> MatchesOut:
    """The ranked homes for one request, with reasons, and the excluded homes by reason (the first few of each
    reason, or with ``every_excluded`` all of them)."""
    ranked = await _ranking(session, actor, request_id, limit, every_excluded=every_excluded)
    record(session, actor, AuditAction.READ, "placement_request", request_id, detail="matchning",
           object_ids=None)
    await session.flush()
    return _matches_out(ranked)


# ---------------------------------------------------------------- the whole queue

async def assign(session: AsyncSession, actor: Actor, data: AssignIn) -> AssignmentOut:
    """An optimal proposal for the whole queue, beside the greedy one. Books nothing."""
    await authorize(session, actor, Action.CHILD_READ, "placement_request")
    started = time.perf_counter()
    # All open requests means those this reader may match (a protected child's only for its assigned staff).
    ids = data.request_ids or await placement_requests.request_ids_visible_to(
        session, actor, await placement_requests.open_request_ids(session))
    if not ids:
        raise InvalidInputError(FieldError("request_ids", "Det finns inga öppna förfrågningar att fördela."))
    snapshot = await home_snapshot.current(session, actor)  # once for the whole queue
    withheld = await withheld_from(session, actor, snapshot)  # never proposed: their totals are −inf
    loaded: list[_Ranked] = []
    for request_id in ids:
        # Every home's total is in ranking.total_scores; reasons are written only for the shown (one) home.
        ranked = await _ranking(session, actor, request_id, limit=1, snapshot=snapshot, withheld=withheld)
        if ranked.request.status != RequestStatus.OPEN:  # matched since the queue was read: not the queue's any more
            raise ConflictError(f"Förfrågan {ranked.request.reference} är inte längre öppen för fördelning.")
        loaded.append(ranked)
    # One capacity per home for the whole proposal: its fewest free places on any of the requests' start days.
    capacities = np.min([snapshot.on(day).table.free for day in {r.request.wanted_start for r in loaded}], axis=0)
    kinship_first = loaded[0].rules.kinship_first
    items, rows = [], []

    def queued(key: uuid.UUID, ranked: _Ranked, ranking: Ranking, size: int,
               children: tuple[ChildProfile, ...], note: str | None) -> None:
        feasible = np.flatnonzero(np.isfinite(ranking.total_scores))
        kin = frozenset(int(i) for i in feasible if ranking.kinship[i]) if kinship_first else frozenset()
        items.append(QueueItem(key, size, ranked.request.urgency,
                               placement_requests.waiting_days(ranked.request.created_at, clock.today()),
                               {int(i): float(ranking.total_scores[i]) for i in feasible}, kin))
        rows.append((ranked, children, note))

    for ranked in loaded:
        profile = ranked.profile
        if needs_split(profile, ranked.ranking):
            # As the request's page proposes: no home takes them together, so each child is placed on its own.
            note = f"Delas: inget hem kan ta emot {all_siblings(profile.size)} tillsammans."
            for child in profile.children:
                alone = rank(one_child(profile, child), ranked.table, ranked.rules, ranked.continuity, limit=1,
                             withheld=ranked.withheld)
                queued(uuid.uuid5(profile.id, str(child.id)), ranked, alone, 1, (child,), note)
        else:
            queued(profile.id, ranked, ranked.ranking, profile.size if profile.together else 1, profile.children, None)
    optimal = assign_optimal(items, capacities)
    greedy = assign_greedy(items, capacities)
    table = snapshot.table

    def listed(result) -> list[AssignedOut]:
        out = []
        for (ranked, children, note), item in zip(rows, items):
            request = ranked.request
            home = result.homes[item.request_id]
            out.append(AssignedOut(
                request_id=request.id, reference=request.reference,
                children=", ".join(child.name for child in children),
                home_id=table.ids[home] if home is not None else None,
                home_name=table.names[home] if home is not None else None,
                score=round(item.scores[home], 4) if home is not None else None,
                reason=result.reasons.get(item.request_id) or note,
            ))
        return out

    record(session, actor, AuditAction.READ, "placement_request", object_ids=[r.request.id for r in loaded],
           detail="fördelning av kön")
    await session.flush()
    return AssignmentOut(
        method=optimal.method, proven_optimal=optimal.optimal, total=optimal.total, greedy_total=greedy.total,
        proposal=listed(optimal), greedy=listed(greedy), seconds=round(time.perf_counter() - started, 3),
        note="Ett förslag: inget är bokat. Placeringssekreteraren bekräftar varje placering för sig." + (
            f" {int(withheld.mask.sum())} hem med skyddade personuppgifter ingår inte: de matchas bara av den personal "
            "som är tilldelad hemmet." if withheld is not None else ""),
    )


# ---------------------------------------------------------------- decision records

def _request_as_it_was(ranked: _Ranked) -> dict:
    request = ranked.request
    return {
        "reference": request.reference, "kind": request.kind.value, "legal_basis": request.legal_basis.value,
        "wanted_start": request.wanted_start.isoformat(), "together": request.together,
        "required_tags": list(request.required_tags), "wish_tags": list(request.wish_tags),
        "urgency": request.urgency, "status": request.status.value, "wishes": request.wishes,
        "expected_length_months": request.expected_length_months, "protection_needs": request.protection_needs,
        "children": [{"id": str(c.id), "name": c.name, "age": c.age} for c in ranked.profile.children],
    }


async def save_decision_record(
    session: AsyncSession, actor: Actor, request_id: uuid.UUID, data: DecisionRecordIn
) -> DecisionRecordOut:
    """Save the ranking as it stands now (every candidate with scores and reasons, the request as it was) and
    the chosen home, or the proposed split when no home can take the siblings together. The request is then
    matched (a home is chosen; the booking is separate)."""
    await authorize(session, actor, Action.CHILD_WRITE, "placement_request", request_id)
    ranked = await _ranking(session, actor, request_id, limit=None)
    placement_requests.require_active(ranked.request)
    out = _matches_out(ranked)
    split = None
    if data.accept_split == (data.chosen_home_id is not None):
        raise InvalidInputError(FieldError(
            "chosen_home_id", "Välj ett hem, eller godta förslaget att dela syskonen (inte båda)."))
    if data.accept_split:
        if out.split is None:
            raise InvalidInputError(FieldError("accept_split", "Det finns inget förslag om att dela syskonen."))
        split = out.split.model_dump(mode="json")
    elif data.chosen_home_id not in {c.home_id for c in out.candidates}:
        raise InvalidInputError(FieldError("chosen_home_id", "Det valda hemmet finns inte bland de möjliga hemmen."))
    return await decisions.save(
        session, actor, request_id, settings=ranked.rules.model_dump(mode="json"), request=_request_as_it_was(ranked),
        candidates=[c.model_dump(mode="json") for c in out.candidates],
        excluded=[e.model_dump(mode="json") for e in out.excluded],
        chosen_home_id=data.chosen_home_id, split=split, motive=data.motive,
    )
