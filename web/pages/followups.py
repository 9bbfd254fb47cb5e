"""HTML pages of statutory follow-ups (Uppföljning): one's own, the team's or the unit's due items, overdue first,
with the forms that mark an item done or move it, and the personal calendar address.

The completion and rescheduling forms are shared with a placement's page (web/pages/placements.py): the helpers
here parse them and keep the state of the one form that was sent, so its errors show at that item only."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import QueryParams

from core import clock
from core.permissions import Action, Actor
from core.schemas import field_errors
from placements import followups
from placements.schemas import (
    FollowupCompleteIn,
    FollowupFilter,
    FollowupItemOut,
    FollowupOutcome,
    FollowupRescheduleIn,
    FollowupScope,
    FollowupSubject,
)
from web.auth import CurrentActor
from web.deps import Session
from web.pages import labels
from web.pages.forms import (
    FormErrors,
    FormState,
    FormValues,
    SubmittedForm,
    collect_errors,
    parse_form,
    see_other,
    submit_form,
)
from web.pages.listing import list_url, page_links
from web.pages.templating import is_htmx, render

router = APIRouter(include_in_schema=False)

LIST_TEMPLATE = "followups/list.html"
LIST_PAGE_SIZE = 50
PRINT_PAGE_SIZE = 500
"""The print view has every item on one page (up to this many; the filters narrow it)."""

# The tabs: whose items the page shows. "Alla" is left to the API (and the indicators), not a worklist.
SCOPES = {
    FollowupScope.MINE: "Mina uppgifter",
    FollowupScope.TEAM: "Mitt team",
    FollowupScope.UNIT: "Min enhet",
}

COMPLETE, RESCHEDULE = "complete", "reschedule"
# Inputs that steer the page (the list to go back to), not data for the schema.
STEERING = {"scope", "lista"}


# ---------------------------------------------------------------- the forms, shared with the placement page

@dataclass
class SentForm:
    """The one follow-up form that was sent and came back with errors (or a conflict)."""

    item_id: uuid.UUID
    kind: str  # COMPLETE or RESCHEDULE
    state: FormState


class ItemForms:
    """The state of each item's two forms: blank with today's date and the item's version, or what was sent."""

    def __init__(self, sent: SentForm | None = None):
        self.sent = sent

    def _sent(self, item: FollowupItemOut, kind: str) -> FormState | None:
        if self.sent and self.sent.item_id == item.id and self.sent.kind == kind:
            return self.sent.state
        return None

    def complete(self, item: FollowupItemOut) -> FormState:
        return self._sent(item, COMPLETE) or FormState(
            values={"completed_on": clock.today().isoformat(), "version": str(item.version)})

    def reschedule(self, item: FollowupItemOut) -> FormState:
        return self._sent(item, RESCHEDULE) or FormState(values={"version": str(item.version)})

    def is_open(self, item: FollowupItemOut, kind: str) -> bool:
        """Whether the item's form opens by itself: it was just sent and needs correcting."""
        return self._sent(item, kind) is not None


def parse_complete_form(form) -> SubmittedForm:
    """The completion form; its date is required here (a blank one was saved as today, unseen)."""
    submitted = parse_form(form, decimal_comma={FollowupOutcome.ABSENCE_PERCENT.value}, ignore=STEERING)
    submitted.data.setdefault("completed_on", None)
    return submitted


def parse_reschedule_form(form) -> SubmittedForm:
    return parse_form(form, ignore=STEERING)


# The schema's messages name no field; these say what to do. The completion date keeps the schema's: a
# malformed or blank date ("Ska vara ett datum") is another error than one in the future.
COMPLETE_MESSAGES: dict[str, str] = {}
RESCHEDULE_MESSAGES = {"due_on": "Ange det nya datumet.", "reason": "Skriv varför uppföljningen flyttas."}


def days_late(days: int) -> str:
    """"Försenad 1 dag", "Försenad 51 dagar": how late an item is, in words."""
    return f"Försenad {days} {'dag' if days == 1 else 'dagar'}"


TEMPLATE_HELPERS = {"days_late": days_late, "outcome_label": labels.placement_field_label,
                    "field_label": labels.placement_field_label}


# ---------------------------------------------------------------- the list

def _scope(value) -> FollowupScope:
    """The tab asked for; anything else is one's own items."""
    try:
        scope = FollowupScope(value) if isinstance(value, str) and value else FollowupScope.MINE
    except ValueError:
        return FollowupScope.MINE
    return scope if scope in SCOPES else FollowupScope.MINE


HORIZONS = {"manad": "Månadens slut", "7": "7 dagar framåt", "30": "30 dagar framåt", "90": "90 dagar framåt"}
"""How far ahead the list reaches (the overdue are always in it), unless a date is given."""
SUBJECTS = {FollowupSubject.PLACEMENT.value: "Barnens placeringar", FollowupSubject.HOME.value: "Familjehemmen"}
FILTER_FIELDS = ["scope", "q", "rule", "subject", "horisont", "due_before", "overdue", "utskrift"]
_FILTER_DEFAULTS = {"scope": FollowupScope.MINE.value, "horisont": "manad", "page": "1"}


def _filter_input(params: QueryParams) -> FormValues:
    """The query string as the filter form sent it: blank fields mean "no filter", unknown names are ignored."""
    return {name: value for name in [*FILTER_FIELDS, "page"] if (value := params.get(name, "").strip())}


def _list_path(request: Request, raw: FormValues, **changes: str) -> str:
    return list_url(request.app.url_path_for("followup_list"), raw, _FILTER_DEFAULTS, **changes)


def _horizon_end(raw: FormValues, today: dt.date) -> dt.date:
    days = raw.get("horisont", "manad")
    return today + dt.timedelta(days=int(days)) if days in HORIZONS and days != "manad" else followups.month_end(today)


def _date_or_none(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None  # the filter's own error says so


def _filters(raw: FormValues, today: dt.date) -> dict:
    """The schema's input from the form: the horizon is a day (a date typed wins over the choice)."""
    data = {name: raw[name] for name in ("q", "rule", "subject", "due_before", "page") if name in raw}
    data.setdefault("due_before", _horizon_end(raw, today).isoformat())
    data["scope"] = _scope(raw.get("scope")).value
    data["overdue"] = bool(raw.get("overdue"))
    data["page_size"] = PRINT_PAGE_SIZE if raw.get("utskrift") else LIST_PAGE_SIZE
    return data


async def _list_page(
    request: Request,
    session: Session,
    actor: Actor,
    raw: FormValues,
    *,
    sent: SentForm | None = None,
    saved: str | None = None,
    calendar_url: str | None = None,
    status_code: int = 200,
    block: str | None = None,
) -> Response:
    today = clock.today()
    errors, listed = FormErrors(), None
    try:
        filters = FollowupFilter.model_validate(_filters(raw, today))
    except ValidationError as error:
        errors = collect_errors(field_errors(error))
    else:
        listed = await followups.list_followups(session, actor, filters)
    scope = _scope(raw.get("scope"))
    base = request.app.url_path_for("followup_list")
    shown = {name: value for name, value in raw.items() if name not in ("scope", "page")}
    context = {
        "scope": scope,
        "scopes": [(value, text, _list_path(request, shown, scope=value.value)) for value, text in SCOPES.items()],
        "form": FormState(values=raw, errors=errors),
        "result": listed,
        "until": _date_or_none(raw.get("due_before")) or _horizon_end(raw, today),
        "pages": page_links(base, raw, _FILTER_DEFAULTS, listed.page, listed.page_size, listed.total)
        if listed and not raw.get("utskrift") else None,
        "print_view": bool(raw.get("utskrift")),
        "print_url": _list_path(request, raw, utskrift="1", page="1"),
        "list_url": base,
        "list_query": urlencode(raw),
        "horizons": list(HORIZONS.items()),
        "subjects": list(SUBJECTS.items()),
        "rules": [(rule.key, rule.title) for rule in await followups.rules_in_force(session)],
        "statute_law": (await followups.settings(session)).statute_law,
        "forms": ItemForms(sent),
        "saved": saved or request.query_params.get("sparat"),
        "calendar_url": calendar_url,
        "may_change": lambda item: actor.can(Action.CHILD_WRITE if item.placement_id else Action.HOME_SUPPORT_LOG),
        **TEMPLATE_HELPERS,
    }
    return render(request, LIST_TEMPLATE, context, block=block, status_code=422 if errors else status_code,
                  headers={"HX-Push-Url": _list_path(request, raw)} if is_htmx(request) and block == "results" else None)


@router.get("/uppfoljning", name="followup_list")
async def followup_list(request: Request, session: Session, actor: CurrentActor) -> Response:
    return await _list_page(request, session, actor, _filter_input(request.query_params), block="results")


def _list_of_form(form) -> FormValues:
    """The list a form was sent from (its filters ride along as one hidden field), to go back to."""
    sent_from = form.get("lista")
    return _filter_input(QueryParams(sent_from if isinstance(sent_from, str) else ""))


async def _save_item_form(
    request: Request, session: Session, actor: Actor, item_id: uuid.UUID, kind: str
) -> Response:
    form = await request.form()
    raw = _list_of_form(form)
    if kind == COMPLETE:
        submitted, model, messages = parse_complete_form(form), FollowupCompleteIn, COMPLETE_MESSAGES
        save, saved = followups.complete, "klar"
    else:
        submitted, model, messages = parse_reschedule_form(form), FollowupRescheduleIn, RESCHEDULE_MESSAGES
        save, saved = followups.reschedule, "flyttad"

    async def after_save() -> Response:
        if not is_htmx(request):
            return see_other(_list_path(request, raw, sparat=saved) + "#uppgifter")
        return await _list_page(request, session, actor, raw, saved=saved, block="items")

    async def show(state: FormState, status_code: int) -> Response:
        return await _list_page(request, session, actor, raw, sent=SentForm(item_id, kind, state),
                                status_code=status_code, block="items")

    return await submit_form(session, submitted, model, lambda data: save(session, actor, item_id, data),
                             saved=after_save, show=show, show_conflicts=True, messages=messages)


@router.post("/uppfoljning/{item_id}/klar", name="followup_complete")
async def followup_complete(request: Request, session: Session, actor: CurrentActor, item_id: uuid.UUID) -> Response:
    return await _save_item_form(request, session, actor, item_id, COMPLETE)


@router.post("/uppfoljning/{item_id}/flytta", name="followup_reschedule")
async def followup_reschedule(request: Request, session: Session, actor: CurrentActor, item_id: uuid.UUID) -> Response:
    return await _save_item_form(request, session, actor, item_id, RESCHEDULE)


@router.post("/uppfoljning/kalender", name="followup_calendar")
async def followup_calendar(request: Request, session: Session, actor: CurrentActor) -> Response:
    """A new calendar address, shown once on the page that answers (never in a URL of ours, never again)."""
    token = await followups.new_calendar_token(session, actor)
    url = str(request.url_for("calendar_feed", token=token))
    response = await _list_page(request, session, actor, _list_of_form(await request.form()), calendar_url=url,
                                block="calendar")
    response.headers["Cache-Control"] = "no-store"  # the address is a secret: no copy in any cache
    return response
