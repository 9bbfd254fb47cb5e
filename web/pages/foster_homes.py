"""HTML pages of the register: the list with live filters, a home's page, and the form to register or edit one."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import QueryParams

from core import clock
from core.periods import next_month_start
from core.permissions import Action, Actor, PermissionDeniedError, Role
from core.schemas import BbicDomain, field_errors
from foster_homes import agencies as agency_register
from foster_homes import capacity, rate_cards, retainers, service
from placements import followups
from placements import service as placements
from placements.schemas import FollowupFilter, FollowupScope, PlacementFilter
from foster_homes.schemas import (
    STATUS_TRANSITIONS,
    SUGGESTED_TAGS,
    AgencyFilter,
    FosterHomeCreate,
    FosterHomeFilter,
    FosterHomeOut,
    FosterHomeUpdate,
    HomeKind,
    HomeSort,
    HomeStatus,
    RetainerEndIn,
    RetainerIn,
    AssignmentIn,
    StatusChangeIn,
    SupportContactIn,
)
from web.auth import CurrentActor, require, require_permission
from web.deps import Session
from web.pages.forms import (
    FormErrors,
    FormState,
    FormValues,
    SubmittedForm,
    collect_errors,
    flatten,
    parse_form,
    see_other,
    staff_options,
    submit_form,
)
from web.pages.listing import list_url, page_links
from web.pages.placements import kronor
from web.pages.rates import RETAINER_AMOUNTS, RatesWriter
from web.pages.templating import is_htmx, render

router = APIRouter(include_in_schema=False)

HOME_WRITE_REFUSAL = "Din roll kan inte registrera eller ändra familjehem."
HomeWriter = require(Action.HOME_WRITE, HOME_WRITE_REFUSAL)

LIST_TEMPLATE = "foster_homes/list.html"
DETAIL_TEMPLATE = "foster_homes/detail.html"
FORM_TEMPLATE = "foster_homes/form.html"


def _detail_path(request: Request, home_id: uuid.UUID) -> str:
    return request.app.url_path_for("foster_home_detail", home_id=str(home_id))


# ---------------------------------------------------------------- the list

_FILTER_LISTS = {"kind", "status", "tag"}
# Filters the page offers; the API's point-and-radius filters are accepted in the URL too.
LIST_SORTS = [sort for sort in HomeSort if sort != HomeSort.DISTANCE]


def _filter_input(params: QueryParams) -> FormValues:
    """The query string as the filter form sent it: blank fields mean "no filter", unknown names are ignored."""
    raw: FormValues = {}
    for name in FosterHomeFilter.model_fields:
        if name in _FILTER_LISTS:
            items = [item.strip() for item in params.getlist(name) if item.strip()]
            if items:
                raw[name] = items
        elif (value := params.get(name, "").strip()):
            raw[name] = value
    return raw


_FILTER_DEFAULTS = {"sort": HomeSort.NAME.value, "page": "1"}


def _list_url(base: str, raw: FormValues, **changes: str) -> str:
    return list_url(base, raw, _FILTER_DEFAULTS, **changes)


@router.get("/familjehem", name="foster_home_list")
async def foster_home_list(request: Request, session: Session, actor: CurrentActor) -> Response:
    raw = _filter_input(request.query_params)
    filters, errors, result = None, FormErrors(), None
    try:
        filters = FosterHomeFilter.model_validate(raw)
    except ValidationError as error:
        errors = collect_errors(field_errors(error))
    if filters is not None:
        result = await service.list_homes(session, actor, filters)
    base = request.app.url_path_for("foster_home_list")
    pages = page_links(base, raw, _FILTER_DEFAULTS, result.page, result.page_size, result.total) if result else None
    context = {
        "form": FormState(values=raw, errors=errors),
        "result": result,
        "pages": pages,
        "free_on": filters.free_at if filters else None,
        "htmx": is_htmx(request),
        "list_url": base,
        "can_write": actor.can(Action.HOME_WRITE),
        "export_url": _list_url("/api/foster-homes/export.csv", raw) if actor.can(Action.HOME_EXPORT) else None,
        "sorts": LIST_SORTS,
        "suggested_tags": SUGGESTED_TAGS,
        "filter_fields": ["kind", "status", "min_free", "free_at", "accepts_age", "municipality", "tag", "q", "sort"],
    }
    # The address bar shows the filters without the empty fields the form also sends.
    return render(
        request,
        LIST_TEMPLATE,
        context,
        block="results",
        status_code=422 if errors else 200,
        headers={"HX-Push-Url": _list_url(base, raw)} if is_htmx(request) else None,
    )


# ---------------------------------------------------------------- a home's page


def _next_statuses(home: FosterHomeOut) -> list[HomeStatus]:
    return [status for status in HomeStatus if status in STATUS_TRANSITIONS[home.status]]


async def _detail(
    request: Request,
    session: Session,
    actor: Actor,
    home_id: uuid.UUID,
    *,
    status_form: FormState | None = None,
    contact_form: FormState | None = None,
    contact_saved: bool = False,
    retainer_form: FormState | None = None,
    retainer_end_form: tuple[uuid.UUID, FormState] | None = None,
    staff_form: FormState | None = None,
    status_code: int = 200,
    block: str | None = None,
) -> Response:
    home = await service.get_home(session, actor, home_id)
    today = clock.today().isoformat()
    sees_support_log = actor.can(Action.HOME_SUPPORT_LOG)
    can_edit = actor.can(Action.HOME_WRITE) and not home.location_hidden
    sees_children = actor.can(Action.CHILD_READ)
    # Only an emergency home has agreements; a refused one for another home is shown with its reason.
    with_retainers = home.kind == HomeKind.EMERGENCY or retainer_form is not None
    context = {
        **(await _retainer_context(session, actor, home, retainer_form, retainer_end_form) if with_retainers else {}),
        "retainer_saved": request.query_params.get("uppdragsavtal"),
        "home": home,
        "can_edit": can_edit,
        # Who lives in the home, each with its placement (only children the reader may locate), and the home's
        # own follow-ups, for those who may read children's records.
        "placed": (await placements.list_placements(session, actor, PlacementFilter(
            foster_home_id=home_id, active=True, page_size=50))).items if sees_children else None,
        "home_followups": (await followups.list_followups(session, actor, FollowupFilter(
            scope=FollowupScope.ALL, home_id=home_id, page_size=20))).items if sees_children else None,
        "staff_choices": await staff_options(session, Role.FAMILY_CARE,
                                             leave_out=(person.id for person in home.assigned_staff))
        if can_edit else [],
        "staff_form": staff_form or FormState(),
        "staff_saved": request.query_params.get("handlaggare"),
        "sees_support_log": sees_support_log,
        "contacts": await service.list_support_contacts(session, actor, home_id) if sees_support_log else [],
        "competences": {item.domain: item for item in home.domain_competences},
        "domains": list(BbicDomain),
        "next_statuses": _next_statuses(home),
        # A status change away from approved asks to confirm where placed children live in the home.
        "placed_now": len(capacity.stays_from(service.placed_stays(home.household_children), clock.today()))
        if home.status == HomeStatus.APPROVED else 0,
        "status_form": status_form or FormState(values={"changed_on": today}),
        "contact_form": contact_form or FormState(values={"contact_date": today}),
        "contact_saved": contact_saved,
        "saved": request.query_params.get("sparat") == "1",
        "status_changed": request.query_params.get("status") == "1",
    }
    return render(request, DETAIL_TEMPLATE, context, block=block, status_code=status_code)


async def _retainer_context(session: Session, actor: Actor, home: FosterHomeOut, form: FormState | None,
                            end_form: tuple[uuid.UUID, FormState] | None) -> dict:
    """An emergency home's retainer agreements (uppdragsavtal), and the forms for those who keep the rates."""
    first_open = rate_cards.first_open_day()
    return {
        "retainers": list(reversed(await retainers.list_retainers(session, actor, home.id))),
        "can_keep_rates": _keeps_retainers(actor, home),
        "retainer_form": form or FormState(values={"valid_from": next_month_start(first_open).isoformat(),
                                                   "places": str(home.capacity.places),
                                                   "standby_allowance_monthly": "0"}),
        "retainer_end_form": end_form,
        "retainer_end_default": FormState(values={"valid_to": (next_month_start(first_open) - dt.timedelta(days=1)
                                                               ).isoformat()}),
        "first_open_day": first_open,
        "kronor": kronor,
    }


def _keeps_retainers(actor: Actor, home: FosterHomeOut) -> bool:
    """Rate keepers change a home's agreements, as editors change the home: only with its location in sight."""
    return actor.can(Action.RATES_WRITE) and not home.location_hidden


@router.get("/familjehem/ny", name="foster_home_new")
async def foster_home_new(request: Request, session: Session, actor: HomeWriter) -> Response:
    values: FormValues = {
        "kind": HomeKind.OWN.value,
        "status": HomeStatus.APPLICANT.value,
        "capacity.places": "1",
        "capacity.age_min": "0",
        "capacity.age_max": "17",
        "capacity.max_sibling_group": "1",
        "capacity.gender_preference": "any",
        "capacity.placement_kinds": ["long_term"],
    }
    return await _home_form(request, session, actor, FormState(values=values), home=None)


@router.post("/familjehem/ny", name="foster_home_create")
async def foster_home_create(request: Request, session: Session, actor: CurrentActor) -> Response:
    form = await request.form()
    submitted = _parse_home_form(form)
    if form.get("add_row"):
        state = FormState(values=submitted.values)
        return await _home_form(request, session, actor, state, home=None, add_row=form["add_row"])

    async def show(state: FormState, status_code: int) -> Response:
        return await _home_form(request, session, actor, state, home=None, status_code=status_code)

    return await submit_form(
        session,
        submitted,
        FosterHomeCreate,
        lambda data: service.create_home(session, actor, data),
        saved_with=lambda home: see_other(_detail_path(request, home.id) + "?sparat=1"),
        show=show,
        show_conflicts=True,
    )


@router.get("/familjehem/{home_id}", name="foster_home_detail")
async def foster_home_detail(request: Request, session: Session, actor: CurrentActor, home_id: uuid.UUID) -> Response:
    return await _detail(request, session, actor, home_id)


@router.get("/familjehem/{home_id}/redigera", name="foster_home_edit")
async def foster_home_edit(request: Request, session: Session, actor: CurrentActor, home_id: uuid.UUID) -> Response:
    home = await _editable_home(session, actor, home_id)
    return await _home_form(request, session, actor, FormState(values=home_form_values(home)), home=home)


async def _editable_home(session: Session, actor: Actor, home_id: uuid.UUID) -> FosterHomeOut:
    """The home for its edit form: only for roles that edit, and only with its location in sight."""
    require_permission(actor, Action.HOME_WRITE, HOME_WRITE_REFUSAL)
    home = await service.get_home(session, actor, home_id)
    if home.location_hidden:
        raise PermissionDeniedError("Hemmet har skyddade personuppgifter; bara tilldelade handläggare kan ändra det.")
    return home


@router.post("/familjehem/{home_id}/redigera", name="foster_home_update")
async def foster_home_update(request: Request, session: Session, actor: CurrentActor, home_id: uuid.UUID) -> Response:
    home = await _editable_home(session, actor, home_id)
    form = await request.form()
    submitted = _parse_home_form(form)
    if form.get("add_row"):
        state = FormState(values=submitted.values)
        return await _home_form(request, session, actor, state, home=home, add_row=form["add_row"])

    async def show(state: FormState, status_code: int) -> Response:
        return await _home_form(request, session, actor, state, home=home, status_code=status_code)

    return await submit_form(
        session,
        submitted,
        FosterHomeUpdate,
        lambda data: service.update_home(session, actor, home_id, data),
        saved=lambda: see_other(_detail_path(request, home_id) + "?sparat=1"),
        show=show,
        show_conflicts=True,
    )


@router.post("/familjehem/{home_id}/status", name="foster_home_change_status")
async def foster_home_change_status(request: Request, session: Session, actor: CurrentActor, home_id: uuid.UUID) -> Response:
    async def show(state: FormState, status_code: int) -> Response:
        return await _detail(request, session, actor, home_id, status_form=state, status_code=status_code)

    return await submit_form(
        session,
        parse_form(await request.form()),
        StatusChangeIn,
        lambda data: service.change_status(session, actor, home_id, data),
        saved=lambda: see_other(_detail_path(request, home_id) + "?status=1#status"),
        show=show,
        show_conflicts=True,
    )


@router.post("/familjehem/{home_id}/handlaggare", name="foster_home_assign_staff")
async def foster_home_assign_staff(request: Request, session: Session, actor: CurrentActor, home_id: uuid.UUID) -> Response:
    async def show(state: FormState, status_code: int) -> Response:
        return await _detail(request, session, actor, home_id, staff_form=state, status_code=status_code)

    return await submit_form(
        session, parse_form(await request.form()), AssignmentIn,
        lambda data: service.assign_staff(session, actor, home_id, data),
        saved=lambda: see_other(_detail_path(request, home_id) + "?handlaggare=tilldelad#handlaggare"),
        show=show, show_conflicts=True,
    )


@router.post("/familjehem/{home_id}/handlaggare/{user_id}/ta-bort", name="foster_home_unassign_staff")
async def foster_home_unassign_staff(request: Request, session: Session, actor: CurrentActor, home_id: uuid.UUID,
                                     user_id: uuid.UUID) -> Response:
    async def show(state: FormState, status_code: int) -> Response:
        return await _detail(request, session, actor, home_id, staff_form=state, status_code=status_code)

    return await submit_form(
        session, parse_form(await request.form()), lambda _: (user_id, FormErrors()),  # nothing to type
        lambda _: service.unassign_staff(session, actor, home_id, user_id),
        saved=lambda: see_other(_detail_path(request, home_id) + "?handlaggare=borttagen#handlaggare"),
        show=show, show_conflicts=True,
    )


@router.post("/familjehem/{home_id}/kontakter", name="foster_home_add_contact")
async def foster_home_add_contact(request: Request, session: Session, actor: CurrentActor, home_id: uuid.UUID) -> Response:
    async def after_save() -> Response:
        if not is_htmx(request):
            return see_other(_detail_path(request, home_id) + "#stodkontakter")
        return await _detail(request, session, actor, home_id, contact_saved=True, block="support_contacts")

    async def show(state: FormState, status_code: int) -> Response:
        return await _detail(
            request, session, actor, home_id, contact_form=state, status_code=status_code, block="support_contacts"
        )

    return await submit_form(
        session,
        parse_form(await request.form()),
        SupportContactIn,
        lambda data: followups.add_home_contact(session, actor, home_id, data),
        saved=after_save,
        show=show,
    )


async def _retainer_home(session: Session, actor: Actor, home_id: uuid.UUID) -> None:
    if not _keeps_retainers(actor, await service.get_home(session, actor, home_id)):
        raise PermissionDeniedError("Hemmet har skyddade personuppgifter; bara tilldelade handläggare kan ändra det.")


@router.post("/familjehem/{home_id}/uppdragsavtal", name="foster_home_add_retainer")
async def foster_home_add_retainer(request: Request, session: Session, actor: RatesWriter,
                                   home_id: uuid.UUID) -> Response:
    """A retainer agreement from a day in an open month, through the service of the API (which logs it)."""
    await _retainer_home(session, actor, home_id)

    async def show(state: FormState, status_code: int) -> Response:
        return await _detail(request, session, actor, home_id, retainer_form=state, status_code=status_code)

    return await submit_form(
        session, parse_form(await request.form(), decimal_comma=RETAINER_AMOUNTS), RetainerIn,
        lambda data: retainers.create_retainer(session, actor, home_id, data),
        saved=lambda: see_other(_detail_path(request, home_id) + "?uppdragsavtal=sparat#uppdragsavtal"),
        show=show, show_conflicts=True)


@router.post("/familjehem/{home_id}/uppdragsavtal/{agreement_id}/avsluta", name="foster_home_end_retainer")
async def foster_home_end_retainer(request: Request, session: Session, actor: RatesWriter, home_id: uuid.UUID,
                                   agreement_id: uuid.UUID) -> Response:
    """End an agreement on its last day, no earlier than the last day of last month (the service's rule)."""
    await _retainer_home(session, actor, home_id)

    async def show(state: FormState, status_code: int) -> Response:
        return await _detail(request, session, actor, home_id, retainer_end_form=(agreement_id, state),
                             status_code=status_code)

    return await submit_form(
        session, parse_form(await request.form()), RetainerEndIn,
        lambda data: retainers.end_retainer(session, actor, home_id, agreement_id, data.valid_to),
        saved=lambda: see_other(_detail_path(request, home_id) + "?uppdragsavtal=avslutat#uppdragsavtal"),
        show=show, show_conflicts=True, messages={"valid_to": "Ange avtalets sista dag."})


# ---------------------------------------------------------------- the register / edit form

MULTI_VALUE_FIELDS = {"tags", "pets", "capacity.placement_kinds"}
# Rows the form offers before the user asks for more, and the most the schema allows.
ROWS = {
    "household_adults": (2, 6),
    "household_children": (4, 15),
    "assessments": (1, 10),
    "trainings": (1, 50),
}


def _parse_home_form(form) -> SubmittedForm:
    submitted = parse_form(
        form,
        multi_value=MULTI_VALUE_FIELDS,
        row_constants={"domain_competences": {"domain"}},
        decimal_comma={"address.latitude", "address.longitude"},
        ignore={"add_row"},
    )
    if submitted.data.get("kind") != HomeKind.CONSULTANT.value:
        # The agency fields are hidden unless the home is consultant-supported: a choice left there
        # from before the kind was changed is not part of what the user sees, so it is not sent.
        submitted.data.pop("agency_id", None)
        submitted.data.pop("contract_level", None)
    return submitted


def _row_counts(values: FormValues, add_row: str | None) -> dict[str, int]:
    counts = {}
    for name, (least, most) in ROWS.items():
        pattern = re.compile(rf"^{name}\.(\d+)\.")
        used = [int(match.group(1)) + 1 for key in values if (match := pattern.match(key))]
        count = max([least, *used])
        if add_row == name:
            count += 1
        counts[name] = min(count, most)
    return counts


_FIRST_INPUT = {
    "household_adults": "name",
    "household_children": "birth_year",
    "assessments": "started_on",
    "trainings": "name",
}


async def _home_form(
    request: Request,
    session: Session,
    actor: Actor,
    state: FormState,
    *,
    home: FosterHomeOut | None,
    add_row: str | None = None,
    status_code: int = 200,
) -> Response:
    add_row = add_row if add_row in ROWS else None
    rows = _row_counts(state.values, add_row)
    if add_row:
        state.focus = f"{add_row}.{rows[add_row] - 1}.{_FIRST_INPUT[add_row]}"
    agencies = (await agency_register.list_agencies(session, actor, AgencyFilter(page_size=200))).items
    if home is None:
        action = request.app.url_path_for("foster_home_create")
    else:
        action = request.app.url_path_for("foster_home_update", home_id=str(home.id))
    context = {
        "form": state,
        "home": home,
        "action": action,
        "rows": rows,
        "row_limits": {name: most for name, (_, most) in ROWS.items()},
        "agencies": agencies,
        "domains": list(BbicDomain),
        "suggested_tags": SUGGESTED_TAGS,
        "initial_statuses": [HomeStatus.APPLICANT, HomeStatus.UNDER_ASSESSMENT, HomeStatus.APPROVED],
    }
    return render(request, FORM_TEMPLATE, context, status_code=status_code)


def home_form_values(home: FosterHomeOut) -> FormValues:
    """A stored home as the edit form's input values."""
    competences = {item.domain: item for item in home.domain_competences}
    document = {
        "name": home.name,
        "kind": home.kind.value,
        "agency_id": str(home.agency.id) if home.agency else None,
        "contract_level": home.contract_level.value if home.contract_level else None,
        "address": home.address.model_dump(mode="json"),
        "capacity": home.capacity.model_dump(mode="json"),
        "household_adults": [
            {**adult.model_dump(mode="json"), "languages": ", ".join(adult.languages)}
            for adult in home.household_adults
        ],
        "household_children": [child.model_dump(mode="json") for child in home.household_children],
        # One row per BBIC domain, in the form's fixed order.
        "domain_competences": [
            competences[domain].model_dump(mode="json") if domain in competences else {"domain": domain.value}
            for domain in BbicDomain
        ],
        "tags": home.tags,
        "pets": [pet.value for pet in home.pets],
        "smoking": home.smoking,
        "protected_identity": home.protected_identity,
        "religion_culture": home.religion_culture,
        "wishes": home.wishes,
        "assessments": [item.model_dump(mode="json") for item in home.assessments],
        "trainings": [item.model_dump(mode="json") for item in home.trainings],
        "version": home.version,
    }
    return flatten(document)
