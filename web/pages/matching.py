"""HTML pages of matching (Matchning): the open placement requests and a form for a new one, one request's
ranked homes with reasons and the form that saves the decision record, the printable record, and a proposal
for the whole queue beside the greedy one."""

from __future__ import annotations

import statistics
import uuid
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response

from core import clock
from core.errors import InvalidInputError
from core.permissions import Action, Actor
from foster_homes.schemas import SUGGESTED_TAGS, HomeKind
from matching import service as matching
from matching.schemas import (
    CRITERIA,
    AssignIn,
    AssignmentOut,
    CandidateOut,
    DecisionRecordIn,
    ExclusionGroupOut,
    MatchesOut,
)
from children import service as children_service
from children.schemas import ChildFilter
from placements import decisions
from placements import requests as placement_requests
from placements.schemas import (
    DecisionRecordOut,
    LegalBasis,
    PlacementRequestIn,
    PlacementRequestOut,
    RequestFilter,
    RequestKind,
    RequestStatus,
    Urgency,
    WithdrawIn,
)
from web.auth import CurrentActor, require
from web.deps import Session
from web.pages import labels
from web.pages.forms import (
    FormErrors,
    FormState,
    FormValues,
    SubmittedForm,
    parse_form,
    see_other,
    submit_form,
    validate,
)
from web.pages.templating import render

router = APIRouter(include_in_schema=False)

REQUEST_WRITE_REFUSAL = "Din roll kan inte registrera förfrågningar eller spara matchningsunderlag."
RequestWriter = require(Action.CHILD_WRITE, REQUEST_WRITE_REFUSAL)

START_TEMPLATE = "matching/start.html"
REQUEST_TEMPLATE = "matching/request.html"
RECORD_TEMPLATE = "matching/record.html"
QUEUE_TEMPLATE = "matching/queue.html"

REQUESTS_PER_PAGE = 50
CHILD_CHOICES = 200  # the most children the request form offers (the service's largest page)
SHOWN_CANDIDATES = 20
DISTANCE_LIMITS_KM = (10, 30, 50)
# Requests that can still be matched: a decision record or a withdrawal makes sense only for these.


def _request_path(request: Request, request_id: uuid.UUID) -> str:
    return request.app.url_path_for("matching_request", request_id=str(request_id))


def _replace_message(errors: FormErrors, name: str, message: str) -> None:
    """A plainer message than the schema's generic one for a field left empty (no child ticked, no home chosen)."""
    if name in errors.by_field:
        errors.by_field[name] = [message]


# ---------------------------------------------------------------- numbers as a Swedish reader writes them

def points(score: float | None) -> str:
    """A score of 0–1 as points of 100 with a decimal comma: 0.6467 → ``64,7``."""
    return "–" if score is None else f"{score * 100:.1f}".replace(".", ",")


def km(distance: float | None) -> str:
    return "–" if distance is None else f"{distance:.1f}".replace(".", ",") + " km"


def percent(weight: float) -> str:
    return f"{weight * 100:.0f} %"


def home_kind(value: str) -> str:
    try:
        return labels.label(HomeKind(value))
    except ValueError:
        return value


def home_description(candidate: CandidateOut) -> str:
    """The kind of home, and whether someone in the child's network lives there (said once, not twice)."""
    kind = home_kind(candidate.home_kind)
    if candidate.kinship and candidate.home_kind != HomeKind.KINSHIP:
        return f"{kind}, nätverkshem"
    return kind


TEMPLATE_HELPERS = {"points": points, "km": km, "percent": percent, "home_kind": home_kind,
                    "home_description": home_description,
                    "criterion": lambda name: labels.CRITERION.get(name, name),
                    "field_label": labels.request_field_label}


# ---------------------------------------------------------------- the start page: open requests, a new one

def _request_form_defaults() -> FormValues:
    return {
        "kind": RequestKind.LONG_TERM.value,
        "wanted_start": clock.today().isoformat(),
        "urgency": str(Urgency.HIGH.value),
        "together": "true",
    }


async def _start(
    request: Request,
    session: Session,
    actor: Actor,
    form: FormState | None = None,
    *,
    status_code: int = 200,
) -> Response:
    try:
        page = max(1, int(request.query_params.get("sida", "1")))
    except ValueError:
        page = 1
    result = await placement_requests.list_requests(
        session, actor, RequestFilter(status=[RequestStatus.OPEN], page=page, page_size=REQUESTS_PER_PAGE)
    )
    # Matched but not booked: a decision record is saved, the booking is the next step (they left the list
    # above once matched, and no page showed them).
    matched = await placement_requests.list_requests(
        session, actor, RequestFilter(status=[RequestStatus.MATCHED], page_size=REQUESTS_PER_PAGE))
    can_write = actor.can(Action.CHILD_WRITE)
    children, more_children = [], 0
    # The children to choose from, narrowed by a search on name, personal number or reference (a search too
    # long for the schema is cut, not refused).
    child_query = (request.query_params.get("barn") or "").strip()[:200]
    if can_write:
        listed = await children_service.list_children(
            session, actor, ChildFilter(q=child_query or None, page_size=CHILD_CHOICES))
        children, more_children = listed.items, max(0, listed.total - len(listed.items))
    # A child can be in one open request at a time; the service says so too, this spares the round trip.
    waiting = {child.id: item.reference for item in [*result.items, *matched.items] for child in item.children}
    base = request.app.url_path_for("matching_start")
    last = max(1, -(-result.total // result.page_size))
    context = {
        "result": result,
        "matched": matched,
        "pages": {
            "current": result.page,
            "last": last,
            "previous": f"{base}?sida={result.page - 1}" if result.page > 1 else None,
            "next": f"{base}?sida={result.page + 1}" if result.page < last else None,
        } if last > 1 else None,
        "can_write": can_write,
        "form": form or FormState(values=_request_form_defaults()),
        "children": children,
        "more_children": more_children,
        "child_query": child_query,
        "waiting": waiting,
        "kinds": list(RequestKind),
        "legal_bases": list(LegalBasis),
        "urgencies": list(Urgency),
        "suggested_tags": SUGGESTED_TAGS,
        **TEMPLATE_HELPERS,
    }
    return render(request, START_TEMPLATE, context, status_code=status_code)


@router.get("/matchning", name="matching_start")
async def matching_start(request: Request, session: Session, actor: CurrentActor) -> Response:
    return await _start(request, session, actor)


def _parse_request_form(form) -> SubmittedForm:
    submitted = parse_form(form, multi_value={"child_ids", "required_tags", "wish_tags"})
    # The schema's default is "together"; an unticked box sends nothing, which here means "may be split".
    submitted.data["together"] = submitted.data.get("together") == "true"
    return submitted


@router.post("/matchning/ny", name="matching_request_create")
async def matching_request_create(request: Request, session: Session, actor: RequestWriter) -> Response:
    def check(submitted: SubmittedForm):
        data, errors = validate(PlacementRequestIn, submitted)
        if not submitted.data.get("child_ids"):
            _replace_message(errors, "child_ids", "Välj minst ett barn.")
        return data, errors

    async def show(state: FormState, status_code: int) -> Response:
        return await _start(request, session, actor, state, status_code=status_code)

    return await submit_form(
        session, _parse_request_form(await request.form()), check,
        lambda data: placement_requests.create_request(session, actor, data),
        saved_with=lambda created: see_other(_request_path(request, created.id) + "?ny=1"),
        show=show, show_conflicts=True,
    )


# ---------------------------------------------------------------- the whole queue

@dataclass
class QueueRow:
    reference: str
    request_id: uuid.UUID
    children: str
    home_id: uuid.UUID | None
    home_name: str | None
    score: float | None
    reason: str | None


def _queue_rows(listed, requests: dict[uuid.UUID, PlacementRequestOut]) -> list[QueueRow]:
    rows = []
    for item in listed:
        found = requests.get(item.request_id)
        children = ", ".join(f"{c.name} ({c.age} år)" for c in found.children) if found else ""
        rows.append(QueueRow(item.reference, item.request_id, children, item.home_id, item.home_name, item.score,
                             item.reason))
    return rows


async def _queue(request: Request, session: Session, actor: Actor, *, run: bool) -> Response:
    open_requests = await placement_requests.list_requests(
        session, actor, RequestFilter(status=[RequestStatus.OPEN], page_size=200)
    )
    outcome: AssignmentOut | None = None
    problem = None
    if run:
        try:
            async with session.begin_nested():  # a refused run writes nothing; the page still answers
                outcome = await matching.assign(session, actor, AssignIn())
        except InvalidInputError as error:
            problem = " ".join(e.message for e in error.errors)
    by_id = {item.id: item for item in open_requests.items}
    context = {
        "open_count": open_requests.total,
        "ran": run,
        "outcome": outcome,
        "problem": problem,
        "proposal": _queue_rows(outcome.proposal, by_id) if outcome else [],
        "greedy": _queue_rows(outcome.greedy, by_id) if outcome else [],
        "method": labels.ASSIGNMENT_METHOD.get(outcome.method, outcome.method) if outcome else None,
        "seconds": f"{outcome.seconds:.2f}".replace(".", ",") if outcome else None,
        **TEMPLATE_HELPERS,
    }
    return render(request, QUEUE_TEMPLATE, context, block="result")


@router.get("/matchning/ko", name="matching_queue")
async def matching_queue(request: Request, session: Session, actor: CurrentActor) -> Response:
    return await _queue(request, session, actor, run=False)


@router.post("/matchning/ko", name="matching_queue_run")
async def matching_queue_run(request: Request, session: Session, actor: CurrentActor) -> Response:
    return await _queue(request, session, actor, run=True)


# ---------------------------------------------------------------- the printable decision record

def _ordered_weights(weights: dict[str, float]) -> dict[str, float]:
    """The weights in the engine's order of criteria (a stored record's JSON keeps no order); unknown ones last."""
    return {name: weights[name] for name in [*CRITERIA, *weights] if name in weights}


@router.get("/matchning/underlag/{record_id}", name="decision_record")
async def decision_record(request: Request, session: Session, actor: CurrentActor, record_id: uuid.UUID) -> Response:
    record: DecisionRecordOut = await decisions.get_decision_record(session, actor, record_id)
    placement_request = await placement_requests.get_request(session, actor, record.request_id)
    candidates = [CandidateOut.model_validate(item) for item in record.candidates]
    # The request as it was when the record was saved (older records kept none: the request as it is now).
    then = {key: value for key, value in (record.request or {}).items() if key != "children"}
    context = {
        "record": record,
        "placement_request": placement_request,
        "request_then": PlacementRequestOut.model_validate({**placement_request.model_dump(), **then}) if then else None,
        "candidates": candidates,
        "chosen": next((c for c in candidates if c.home_id == record.chosen_home_id), None),
        "excluded": [ExclusionGroupOut.model_validate(item) for item in record.excluded],
        "weights": _ordered_weights(record.settings.get("weights", {})),
        "rules": record.settings,
        "saved": request.query_params.get("sparat") == "1",
        # The way on from the record: a booking cites the request's latest record, so only that one offers it.
        "can_book": actor.can(Action.CHILD_WRITE) and placement_request.status in placement_requests.ACTIVE_STATUSES
        and (await decisions.decision_records_for(session, actor, record.request_id))[-1:] == [record.id],
        **TEMPLATE_HELPERS,
    }
    return render(request, RECORD_TEMPLATE, context)


# ---------------------------------------------------------------- one request: ranked homes and the decision

@dataclass
class DistanceSummary:
    """Where the candidates lie from the child's home, without a map."""

    nearest: CandidateOut
    median_km: float
    within: list[tuple[int, int]]
    """(limit in km, how many candidates lie within it)"""
    measured: int
    unmeasured: int
    """Candidates whose distance is not shown (a protected home, or a child without a known address)."""


def distance_summary(candidates: list[CandidateOut]) -> DistanceSummary | None:
    measured = [c for c in candidates if c.distance_km is not None]
    if not measured:
        return None
    distances = [c.distance_km for c in measured]
    return DistanceSummary(
        nearest=min(measured, key=lambda c: c.distance_km),
        median_km=statistics.median(distances),
        within=[(limit, sum(1 for d in distances if d <= limit)) for limit in DISTANCE_LIMITS_KM],
        measured=len(measured),
        unmeasured=len(candidates) - len(measured),
    )


async def _request_page(
    request: Request,
    session: Session,
    actor: Actor,
    request_id: uuid.UUID,
    *,
    record_form: FormState | None = None,
    withdraw_form: FormState | None = None,
    status_code: int = 200,
) -> Response:
    placement_request = await placement_requests.get_request(session, actor, request_id)
    # "Visa alla": one group of excluded homes opened whole (?uteslutna=2, the second reason).
    opened = request.query_params.get("uteslutna", "")
    opened_group = int(opened) if opened.isdigit() else None
    result: MatchesOut = await matching.matches(session, actor, request_id, limit=SHOWN_CANDIDATES,
                                                every_excluded=opened_group is not None)
    rules = await matching.settings(session)
    records = await decisions.decision_records_for(session, actor, request_id)
    active = placement_request.status in placement_requests.ACTIVE_STATUSES
    can_write = actor.can(Action.CHILD_WRITE)
    context = {
        "placement_request": placement_request,
        "result": result,
        "kinship_first": rules.kinship_first and any(c.kinship for c in result.candidates),
        "distances": distance_summary(result.candidates),
        "excluded_total": sum(group.count for group in result.excluded),
        "opened_group": opened_group,
        "excluded_examples": matching.EXCLUDED_EXAMPLES,
        "request_path": request.app.url_path_for("matching_request", request_id=str(request_id)),
        "records": records,
        "can_decide": can_write and active and bool(result.candidates),
        "can_withdraw": can_write and active,
        "can_book": can_write and active and bool(records),
        "record_form": record_form or FormState(),
        "withdraw_form": withdraw_form or FormState(values={"version": str(placement_request.version)}),
        "created": request.query_params.get("ny") == "1",
        "withdrawn": request.query_params.get("aterkallad") == "1",
        **TEMPLATE_HELPERS,
    }
    return render(request, REQUEST_TEMPLATE, context, status_code=status_code)


@router.get("/matchning/{request_id}", name="matching_request")
async def matching_request(request: Request, session: Session, actor: CurrentActor, request_id: uuid.UUID) -> Response:
    return await _request_page(request, session, actor, request_id)


@router.post("/matchning/{request_id}/underlag", name="matching_save_record")
async def matching_save_record(request: Request, session: Session, actor: RequestWriter, request_id: uuid.UUID) -> Response:
    def check(submitted: SubmittedForm):
        data, errors = validate(DecisionRecordIn, submitted)
        if "chosen_home_id" not in submitted.data and not submitted.data.get("accept_split"):
            errors.by_field = {"chosen_home_id": ["Välj det hem som föreslås."], **errors.by_field}
            data = None
        if "motive" not in submitted.data:
            _replace_message(errors, "motive", "Skriv varför hemmet föreslås.")
        return data, errors

    async def show(state: FormState, status_code: int) -> Response:
        return await _request_page(request, session, actor, request_id, record_form=state, status_code=status_code)

    return await submit_form(
        session, parse_form(await request.form()), check,
        lambda data: matching.save_decision_record(session, actor, request_id, data),
        saved_with=lambda saved: see_other(
            request.app.url_path_for("decision_record", record_id=str(saved.id)) + "?sparat=1"),
        show=show, show_conflicts=True,
    )


@router.post("/matchning/{request_id}/aterkalla", name="matching_withdraw")
async def matching_withdraw(request: Request, session: Session, actor: RequestWriter, request_id: uuid.UUID) -> Response:
    def check(submitted: SubmittedForm):
        data, errors = validate(WithdrawIn, submitted)
        if "reason" not in submitted.data:
            _replace_message(errors, "reason", "Skriv varför förfrågan återkallas.")
        return data, errors

    async def show(state: FormState, status_code: int) -> Response:
        return await _request_page(request, session, actor, request_id, withdraw_form=state, status_code=status_code)

    return await submit_form(
        session, parse_form(await request.form()), check,
        lambda data: placement_requests.withdraw_request(session, actor, request_id, data),
        saved=lambda: see_other(_request_path(request, request_id) + "?aterkallad=1"),
        show=show, show_conflicts=True,
    )
