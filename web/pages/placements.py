"""HTML pages of placements (Placeringar): the list, a placement's page with its facts, a timeline of its
follow-ups and the forms to mark them done, move them and end the placement, and the booking form that turns a
matched request (with its decision record) into a placement."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import QueryParams

from core import clock
from core.errors import ConflictError
from core.permissions import Action, Actor, Role
from children.network import Home
from core.schemas import field_errors
from foster_homes import service as foster_homes
from foster_homes.schemas import FeeLevel, HomeKind
from placements import decisions, followups
from placements import requests as placement_requests
from placements import service as bookings
from placements.schemas import (
    NOT_KINSHIP,
    DecisionRecordOut,
    EndReason,
    ExtraCostIn,
    ExtraLineKind,
    FeeLevelIn,
    FollowupCompleteIn,
    FollowupFilter,
    FollowupItemOut,
    FollowupRescheduleIn,
    FollowupScope,
    FollowupStatus,
    LegalBasis,
    PlacementEndIn,
    PlacementFilter,
    PlacementIn,
    PlacementOut,
    PlacementRequestOut,
    PlannedEndIn,
    RequestKind,
    RequestStatus,
    RevenueReceivedIn,
)
from web.auth import CurrentActor, require, require_permission
from web.deps import Session
from web.pages import labels
from web.pages.followups import (
    COMPLETE,
    COMPLETE_MESSAGES,
    RESCHEDULE,
    RESCHEDULE_MESSAGES,
    ItemForms,
    SentForm,
    days_late,
    parse_complete_form,
    parse_reschedule_form,
)
from web.pages.forms import (
    FormErrors,
    FormState,
    FormValues,
    SubmittedForm,
    collect_errors,
    parse_form,
    see_other,
    staff_options,
    submit_form,
    validate,
)
from web.pages.listing import list_url, page_links
from web.pages.templating import is_htmx, render

router = APIRouter(include_in_schema=False)

PLACEMENT_WRITE_REFUSAL = "Din roll kan inte boka eller ändra placeringar."
PlacementWriter = require(Action.CHILD_WRITE, PLACEMENT_WRITE_REFUSAL)

LIST_TEMPLATE = "placements/list.html"
DETAIL_TEMPLATE = "placements/detail.html"
BOOK_TEMPLATE = "placements/book.html"

FILTER_FIELDS = ["status", "q"]
# The list's status filter in Swedish words, as PlacementFilter.active.
STATUSES = {"pagaende": True, "avslutade": False, "alla": None}
STATUS_LABELS = {"pagaende": "Pågående", "avslutade": "Avslutade", "alla": "Alla"}
_FILTER_DEFAULTS = {"status": "pagaende", "page": "1"}
HOME_KINDS = {kind.value for kind in HomeKind}
MONEY_FIELDS = ("fee_monthly", "expense_allowance_monthly", "daily_price")
BOOKING_MESSAGES = {"decided_by": "Skriv vem som fattade beslutet, t.ex. socialnämndens individutskott.",
                    "decided_on": "Ange beslutsdatum (i dag eller tidigare)."}


def _detail_path(request: Request, placement_id: uuid.UUID) -> str:
    return request.app.url_path_for("placement_detail", placement_id=str(placement_id))


def kronor(amount: Decimal | None) -> str:
    """``11237.00`` → ``11 237,00 kr`` (a non-breaking space between thousands)."""
    if amount is None:
        return "–"
    return f"{amount:,.2f}".replace(",", "\u00a0").replace(".", ",") + "\u00a0kr"


TEMPLATE_HELPERS = {"kronor": kronor, "days_late": days_late, "target_kind": labels.target_kind,
                    "field_label": labels.placement_field_label, "home_kinds": HOME_KINDS}


# ---------------------------------------------------------------- the list

def _filter_input(params: QueryParams) -> FormValues:
    raw: FormValues = {}
    for name in [*FILTER_FIELDS, "page"]:
        if value := params.get(name, "").strip():
            raw[name] = value
    return raw


@router.get("/placeringar", name="placement_list")
async def placement_list(request: Request, session: Session, actor: CurrentActor) -> Response:
    raw = _filter_input(request.query_params)
    errors, result = FormErrors(), None
    status = raw.get("status", "pagaende")
    if status not in STATUSES:
        errors.add("status", "Välj pågående, avslutade eller alla.")
    data = {"q": raw.get("q"), "page": raw.get("page", "1")}
    try:
        filters = PlacementFilter.model_validate({k: v for k, v in data.items() if v is not None})
    except ValidationError as error:
        for name, messages in collect_errors(field_errors(error)).by_field.items():
            for message in messages:
                errors.add(name, message)
    if not errors:
        filters.active = STATUSES[status]
        result = await bookings.list_placements(session, actor, filters)
    base = request.app.url_path_for("placement_list")
    pages = page_links(base, raw, _FILTER_DEFAULTS, result.page, result.page_size, result.total) if result else None
    context = {
        "form": FormState(values={"status": status, **raw}, errors=errors),
        "result": result,
        "pages": pages,
        "htmx": is_htmx(request),
        "list_url": base,
        "statuses": list(STATUS_LABELS.items()),
        "filter_fields": FILTER_FIELDS,
        **TEMPLATE_HELPERS,
    }
    return render(
        request, LIST_TEMPLATE, context, block="results", status_code=422 if errors else 200,
        headers={"HX-Push-Url": list_url(base, raw, _FILTER_DEFAULTS)} if is_htmx(request) else None,
    )


# ---------------------------------------------------------------- a placement's page

@dataclass
class TimelineEvent:
    day: dt.date
    order: int
    """Among events of one day: the start first, then the follow-ups, today, the end last."""
    kind: str  # start | followup | today | end
    title: str
    status: str
    css: str
    detail: str | None = None


def _followup_event(item: FollowupItemOut, today: dt.date) -> TimelineEvent:
    if item.status == FollowupStatus.DONE:
        late = item.completed_on > item.original_due_on
        status = f"Gjord {item.completed_on.isoformat()}" + (
            f" (skulle ha gjorts senast {item.original_due_on.isoformat()})" if late else "")
        return TimelineEvent(item.completed_on, 1, "followup", item.title, status, "done",
                             item.note and f"{item.completed_by}: {item.note}")
    if item.status == FollowupStatus.CANCELLED:
        return TimelineEvent(item.due_on, 1, "followup", item.title, "Inställd", "cancelled", item.note)
    if item.due_on < today:
        return TimelineEvent(item.due_on, 1, "followup", item.title,
                             days_late(item.overdue_days), "overdue", item.rescheduled_reason)
    return TimelineEvent(item.due_on, 1, "followup", item.title, f"Öppen, ska göras senast {item.due_on.isoformat()}",
                         "open", item.rescheduled_reason and f"Flyttad: {item.rescheduled_reason}")


def timeline(placement: PlacementOut, items: list[FollowupItemOut], today: dt.date) -> list[TimelineEvent]:
    """The placement's course in date order: its start, each follow-up (done, open, overdue or cancelled), today
    while it lasts, and its end (or the planned end)."""
    events = [TimelineEvent(placement.starts_on, 0, "start", "Placeringen började", placement.target_name, "start")]
    events += [_followup_event(item, today) for item in items]
    if placement.ended_on is not None:
        reason = labels.label(placement.end_reason) if placement.end_reason else ""
        events.append(TimelineEvent(placement.ended_on, 3, "end", "Placeringen avslutades", reason, "end",
                                    placement.end_note))
    else:
        events.append(TimelineEvent(today, 2, "today", "I dag", "", "today"))
        if placement.planned_end is not None:
            events.append(TimelineEvent(placement.planned_end, 3, "end", "Planerat slut", "", "planned-end"))
    return sorted(events, key=lambda event: (event.day, event.order))


async def _placement_items(session: Session, actor: Actor, placement_id: uuid.UUID) -> list[FollowupItemOut]:
    """Every follow-up of the placement, whoever is responsible for it."""
    listed = await followups.list_followups(session, actor, FollowupFilter(
        scope=FollowupScope.ALL, placement_id=placement_id, status=list(FollowupStatus), page_size=500))
    return listed.items


def _end_form_defaults(placement: PlacementOut) -> FormValues:
    return {"ended_on": clock.today().isoformat(), "version": str(placement.version)}


async def _detail(
    request: Request,
    session: Session,
    actor: Actor,
    placement_id: uuid.UUID,
    *,
    sent: SentForm | None = None,
    end_form: FormState | None = None,
    planned_form: FormState | None = None,
    level_form: FormState | None = None,
    extra_form: FormState | None = None,
    received_form: tuple[uuid.UUID, FormState] | None = None,
    saved: str | None = None,
    status_code: int = 200,
    block: str | None = None,
) -> Response:
    placement = await bookings.get_placement(session, actor, placement_id)
    items = await _placement_items(session, actor, placement_id)
    today = clock.today()
    visible = placement.target_kind != "skyddad"
    can_write = actor.can(Action.CHILD_WRITE) and visible
    context = {
        "placement": placement,
        "timeline": timeline(placement, items, today),
        "open_items": sorted((i for i in items if i.status == FollowupStatus.OPEN), key=lambda i: (i.due_on, i.title)),
        "statute_law": (await followups.settings(session)).statute_law,
        "is_home": visible and placement.target_kind in HOME_KINDS,
        "can_write": can_write,
        "can_end": can_write and placement.ended_on is None,
        "forms": ItemForms(sent),
        "end_form": end_form or FormState(values=_end_form_defaults(placement)),
        "planned_form": planned_form or FormState(values={
            "planned_end": placement.planned_end.isoformat() if placement.planned_end else "",
            "version": str(placement.version)}),
        # The rate card's levels are an own, kinship, reinforced or emergency home's: a bought place has a price.
        "can_change_level": can_write and placement.ended_on is None and placement.target_kind in HOME_KINDS
        and placement.target_kind != HomeKind.CONSULTANT,
        "level_form": level_form or FormState(values={"valid_from": clock.today().isoformat(),
                                                      "level": placement.fee_level.value}),
        "fee_levels": list(FeeLevel),
        "extra_form": extra_form or FormState(values={"starts_on": clock.today().isoformat(), "kind": "cost",
                                                      "recurrence": "once"}),
        "received_form": received_form,
        "empty_form": FormState(),
        "extra_kinds": list(ExtraLineKind),
        "end_reasons": list(EndReason),
        "saved": saved or request.query_params.get("sparat"),
        "booked": request.query_params.get("bokad") == "1",
        # Only the placement's own request is named back: the address cannot make the page say anything else.
        "already_booked": placement.request_reference is not None
        and request.query_params.get("redan-bokad") == placement.request_reference,
        **TEMPLATE_HELPERS,
    }
    return render(request, DETAIL_TEMPLATE, context, block=block, status_code=status_code)


@router.get("/placeringar/{placement_id}", name="placement_detail")
async def placement_detail(request: Request, session: Session, actor: CurrentActor, placement_id: uuid.UUID) -> Response:
    return await _detail(request, session, actor, placement_id)


@router.post("/placeringar/{placement_id}/avsluta", name="placement_end")
async def placement_end(request: Request, session: Session, actor: PlacementWriter, placement_id: uuid.UUID) -> Response:
    submitted = parse_form(await request.form())

    def saved() -> Response:
        return see_other(_detail_path(request, placement_id) + "?sparat=avslutad")

    async def show(state: FormState, status_code: int) -> Response:
        return await _detail(request, session, actor, placement_id, end_form=state, status_code=status_code)

    return await submit_form(
        session,
        submitted, PlacementEndIn, lambda data: bookings.end_placement(session, actor, placement_id, data),
        saved=saved, show=show, show_conflicts=True,
        messages={"ended_on": "Ange slutdatum (flyttdagen).", "reason": "Välj varför placeringen avslutas."},
    )


@router.post("/placeringar/{placement_id}/planerat-slut", name="placement_planned_end")
async def placement_planned_end(request: Request, session: Session, actor: PlacementWriter,
                                placement_id: uuid.UUID) -> Response:
    """A new planned end (an extension decided, or an earlier end foreseen): the forecast counts on it."""
    submitted = parse_form(await request.form())

    async def show(state: FormState, status_code: int) -> Response:
        return await _detail(request, session, actor, placement_id, planned_form=state, status_code=status_code)

    return await submit_form(
        session, submitted, PlannedEndIn, lambda data: bookings.change_planned_end(session, actor, placement_id, data),
        saved=lambda: see_other(_detail_path(request, placement_id) + "?sparat=planerat-slut#fakta"), show=show,
        show_conflicts=True)


@router.post("/placeringar/{placement_id}/arvodesniva", name="placement_fee_level")
async def placement_fee_level(request: Request, session: Session, actor: PlacementWriter,
                              placement_id: uuid.UUID) -> Response:
    """The fee level from a day in an open month (a raised level decided for greater needs, or back to basic)."""
    submitted = parse_form(await request.form())

    async def show(state: FormState, status_code: int) -> Response:
        return await _detail(request, session, actor, placement_id, level_form=state, status_code=status_code)

    return await submit_form(
        session, submitted, FeeLevelIn, lambda data: bookings.change_fee_level(session, actor, placement_id, data),
        saved=lambda: see_other(_detail_path(request, placement_id) + "?sparat=arvodesniva#ersattning"), show=show,
        messages={"valid_from": "Ange från vilken dag den nya nivån gäller.", "level": "Välj arvodesnivå."})


@router.post("/placeringar/{placement_id}/rader", name="placement_extra_line")
async def placement_extra_line(request: Request, session: Session, actor: PlacementWriter,
                               placement_id: uuid.UUID) -> Response:
    """An extra cost or a revenue of the placement, from a day in an open month."""
    submitted = parse_form(await request.form(), decimal_comma=["amount"])

    async def show(state: FormState, status_code: int) -> Response:
        return await _detail(request, session, actor, placement_id, extra_form=state, status_code=status_code)

    return await submit_form(
        session, submitted, ExtraCostIn, lambda data: bookings.add_extra_line(session, actor, placement_id, data),
        saved=lambda: see_other(_detail_path(request, placement_id) + "?sparat=rad#ersattning"), show=show,
        show_conflicts=True, messages={"amount": "Ange beloppet i kronor."})


@router.post("/placeringar/{placement_id}/rader/{line_id}/mottaget", name="placement_revenue_received")
async def placement_revenue_received(request: Request, session: Session, actor: PlacementWriter,
                                     placement_id: uuid.UUID, line_id: uuid.UUID) -> Response:
    """What has been received of a revenue so far."""
    submitted = parse_form(await request.form(), decimal_comma=["received"])

    async def show(state: FormState, status_code: int) -> Response:
        return await _detail(request, session, actor, placement_id, received_form=(line_id, state),
                             status_code=status_code)

    return await submit_form(
        session, submitted, RevenueReceivedIn,
        lambda data: bookings.record_received(session, actor, placement_id, line_id, data),
        saved=lambda: see_other(_detail_path(request, placement_id) + "?sparat=mottaget#ersattning"), show=show,
        show_conflicts=True)


async def _save_item_form(
    request: Request, session: Session, actor: Actor, placement_id: uuid.UUID, item_id: uuid.UUID, kind: str
) -> Response:
    """A follow-up form on the placement's page: the follow-ups section anew for htmx, else back to the page."""
    form = await request.form()
    if kind == COMPLETE:
        submitted, model, messages, save = parse_complete_form(form), FollowupCompleteIn, COMPLETE_MESSAGES, followups.complete
        saved = "klar"
    else:
        submitted, model, messages = parse_reschedule_form(form), FollowupRescheduleIn, RESCHEDULE_MESSAGES
        save, saved = followups.reschedule, "flyttad"

    async def after_save() -> Response:
        if not is_htmx(request):
            return see_other(_detail_path(request, placement_id) + f"?sparat={saved}#uppfoljningar")
        return await _detail(request, session, actor, placement_id, saved=saved, block="followups")

    async def show(state: FormState, status_code: int) -> Response:
        return await _detail(request, session, actor, placement_id, sent=SentForm(item_id, kind, state),
                             status_code=status_code, block="followups")

    return await submit_form(session, submitted, model, lambda data: save(session, actor, item_id, data),
                             saved=after_save, show=show, show_conflicts=True, messages=messages)


@router.post("/placeringar/{placement_id}/uppfoljning/{item_id}/klar", name="placement_followup_complete")
async def placement_followup_complete(
    request: Request, session: Session, actor: CurrentActor, placement_id: uuid.UUID, item_id: uuid.UUID
) -> Response:
    return await _save_item_form(request, session, actor, placement_id, item_id, COMPLETE)


@router.post("/placeringar/{placement_id}/uppfoljning/{item_id}/flytta", name="placement_followup_reschedule")
async def placement_followup_reschedule(
    request: Request, session: Session, actor: CurrentActor, placement_id: uuid.UUID, item_id: uuid.UUID
) -> Response:
    return await _save_item_form(request, session, actor, placement_id, item_id, RESCHEDULE)


# ---------------------------------------------------------------- booking from a matched request

@dataclass
class HomeChoice:
    """A home the decision record placed children in, and which of the request's children go there."""

    home_id: uuid.UUID
    home_name: str
    kinship: bool
    children: list[tuple[uuid.UUID, str]]
    terms: dict[uuid.UUID, bookings.Terms] = field(default_factory=dict)
    """What the booking will pay per child unless an amount is given (bookings.terms_for)."""


def _home_choices(placement_request: PlacementRequestOut, record: DecisionRecordOut) -> list[HomeChoice]:
    if record.split:
        choices: dict[str, HomeChoice] = {}
        for item in record.split["homes"]:
            choice = choices.setdefault(item["home_id"], HomeChoice(
                uuid.UUID(item["home_id"]), item["home_name"], False, []))
            choice.children.append((uuid.UUID(item["child_id"]), item["child_name"]))
        return list(choices.values())
    return [HomeChoice(record.chosen_home_id, record.chosen_home_name or "Valt hem", False,
                       [(child.id, child.name) for child in placement_request.children])]


async def _mark_kin(session: Session, actor: Actor, choices: list[HomeChoice], starts_on: dt.date) -> list[HomeChoice]:
    """Whether each chosen home is kin to all its children, as booking decides it (bookings.is_kin), so the
    form asks why not kin exactly when the booking will; and the terms the booking will pay from the start."""
    for choice in choices:
        choice.terms = await bookings.terms_for(session, choice.home_id, [c for c, _ in choice.children], starts_on)
        home = Home(choice.home_id, choice.home_name, await foster_homes.adult_personal_numbers(session, choice.home_id))
        choice.kinship = all([await bookings.is_kin(session, actor, home, child_id) for child_id, _ in choice.children])
    return choices


async def _booking_basis(
    session: Session, actor: Actor, request_id: uuid.UUID
) -> tuple[PlacementRequestOut, DecisionRecordOut, list[HomeChoice]]:
    """The request, its latest decision record and the homes it chose; a request that cannot be booked is a 409."""
    require_permission(actor, Action.CHILD_WRITE, PLACEMENT_WRITE_REFUSAL)
    placement_request = await placement_requests.get_request(session, actor, request_id)
    if placement_request.status not in placement_requests.ACTIVE_STATUSES:
        raise ConflictError(f"Förfrågan {placement_request.reference} är {labels.label(placement_request.status).lower()}"
                            " och kan inte bokas.")
    records = await decisions.decision_records_for(session, actor, request_id)
    if not records:
        raise ConflictError("Spara ett matchningsunderlag för förfrågan innan placeringen bokas.")
    record = await decisions.get_decision_record(session, actor, records[-1])
    return placement_request, record, await _mark_kin(session, actor, _home_choices(placement_request, record),
                                                      placement_request.wanted_start)


def _booking_defaults(actor: Actor, placement_request: PlacementRequestOut, homes: list[HomeChoice]) -> FormValues:
    values: FormValues = {
        "kind": placement_request.kind.value,
        "legal_basis": placement_request.legal_basis.value,
        "decided_on": clock.today().isoformat(),
        "starts_on": max(placement_request.wanted_start, clock.today()).isoformat(),
        "network_examined": "true",
    }
    if len(homes) == 1:
        values["foster_home_id"] = str(homes[0].home_id)
    return values


async def _worker_options(session: Session, actor: Actor) -> list[tuple[str, str]]:
    """Who can be the child's responsible social worker: the social workers, and the one booking (a secretary
    who is also the child's social worker in a small municipality)."""
    options = await staff_options(session, Role.SOCIAL_WORKER)
    if actor.user_id is not None and str(actor.user_id) not in {value for value, _ in options}:
        options.insert(0, (str(actor.user_id), f"{actor.name} (jag)"))
    return options


async def _booking_form(
    request: Request,
    session: Session,
    actor: Actor,
    placement_request: PlacementRequestOut,
    record: DecisionRecordOut,
    homes: list[HomeChoice],
    state: FormState,
    *,
    status_code: int = 200,
) -> Response:
    context = {
        "placement_request": placement_request,
        "record": record,
        "homes": homes,
        "form": state,
        "kinds": list(RequestKind),
        "legal_bases": list(LegalBasis),
        "fee_levels": list(FeeLevel),
        "workers": await _worker_options(session, actor),
        "family_care_staff": await staff_options(session, Role.FAMILY_CARE),
        **TEMPLATE_HELPERS,
    }
    return render(request, BOOK_TEMPLATE, context, status_code=status_code)


async def _already_booked(request: Request, session: Session, actor: Actor, request_id: uuid.UUID) -> Response | None:
    """Back at the booking form of a request that has been booked since (the browser's back button): the way on
    is its placement, with a word of what happened, not a conflict."""
    require_permission(actor, Action.CHILD_WRITE, PLACEMENT_WRITE_REFUSAL)
    placement_request = await placement_requests.get_request(session, actor, request_id, log_read=False)
    if placement_request.status != RequestStatus.PLACED:
        return None
    placement_id = await bookings.placement_of_request(session, request_id)
    if placement_id is None:
        return None
    return see_other(_detail_path(request, placement_id) + f"?redan-bokad={placement_request.reference}")


@router.get("/matchning/{request_id}/boka", name="placement_book_form")
async def placement_book_form(request: Request, session: Session, actor: CurrentActor, request_id: uuid.UUID) -> Response:
    if booked := await _already_booked(request, session, actor, request_id):
        return booked
    placement_request, record, homes = await _booking_basis(session, actor, request_id)
    state = FormState(values=_booking_defaults(actor, placement_request, homes))
    return await _booking_form(request, session, actor, placement_request, record, homes, state)


@router.post("/matchning/{request_id}/boka", name="placement_book")
async def placement_book(request: Request, session: Session, actor: CurrentActor, request_id: uuid.UUID) -> Response:
    if booked := await _already_booked(request, session, actor, request_id):
        return booked
    placement_request, record, homes = await _booking_basis(session, actor, request_id)
    submitted = parse_form(await request.form(), decimal_comma=MONEY_FIELDS)
    # The children follow from the home the record chose for them; the request and record are this page's own.
    home = next((h for h in homes if str(h.home_id) == submitted.data.get("foster_home_id")), None)
    submitted.data.update(request_id=str(request_id), decision_record_id=str(record.id),
                          child_ids=[str(child_id) for child_id, _ in home.children] if home else [])
    submitted.data["network_examined"] = submitted.data.get("network_examined") == "true"
    for name in MONEY_FIELDS:  # "12 000,50": a Swedish reader groups thousands with a space
        if isinstance(submitted.data.get(name), str):
            submitted.data[name] = submitted.data[name].replace(" ", "").replace("\u00a0", "")

    def check(submitted: SubmittedForm):
        data, errors = validate(PlacementIn, submitted)
        for name, message in BOOKING_MESSAGES.items():
            if name in errors.by_field:
                errors.by_field[name] = [message]
        if home is None:
            errors.by_field.pop("child_ids", None)  # not an input here: the home decides the children
            errors.add("foster_home_id", "Välj det hem som barnen ska placeras i.")
        elif not home.kinship and not submitted.data.get("not_kinship_reason"):
            # The service says so too, but only once the rest is right; the user hears it with the other errors.
            errors.add("not_kinship_reason", NOT_KINSHIP)
        return (data if not errors else None), errors

    async def show(state: FormState, status_code: int) -> Response:
        return await _booking_form(request, session, actor, placement_request, record, homes, state, status_code=status_code)

    return await submit_form(
        session, submitted, check, lambda data: bookings.book(session, actor, data),
        saved_with=lambda booked: see_other(_detail_path(request, booked[0].id) + "?bokad=1"),
        show=show, show_conflicts=True,
    )
