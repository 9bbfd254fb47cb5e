"""HTML pages of statutory follow-ups (Uppföljning): one's own, the team's or the unit's due items, overdue first,
with the forms that mark an item done or move it, and the personal calendar address.

The completion and rescheduling forms are shared with a placement's page (web/pages/placements.py): the helpers
here parse them and keep the state of the one form that was sent, so its errors show at that item only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from core import clock
from core.permissions import Action, Actor
from placements import followups
from placements.schemas import (
    FollowupCompleteIn,
    FollowupFilter,
    FollowupItemOut,
    FollowupOutcome,
    FollowupRescheduleIn,
    FollowupScope,
)
from web.auth import CurrentActor
from web.deps import Session
from web.pages import labels
from web.pages.forms import FormState, SubmittedForm, parse_form, see_other, submit_form
from web.pages.templating import is_htmx, render

router = APIRouter(include_in_schema=False)

LIST_TEMPLATE = "followups/list.html"
LIST_PAGE_SIZE = 200

# The tabs: whose items the page shows. "Alla" is left to the API (and the indicators), not a worklist.
SCOPES = {
    FollowupScope.MINE: "Mina uppgifter",
    FollowupScope.TEAM: "Mitt team",
    FollowupScope.UNIT: "Min enhet",
}

COMPLETE, RESCHEDULE = "complete", "reschedule"
# Inputs that steer the page (which tab to go back to), not data for the schema.
STEERING = {"scope"}


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

def _scope(request: Request) -> FollowupScope:
    """The tab asked for; anything else is one's own items."""
    try:
        scope = FollowupScope(request.query_params.get("scope", FollowupScope.MINE.value))
    except ValueError:
        return FollowupScope.MINE
    return scope if scope in SCOPES else FollowupScope.MINE


def _list_path(request: Request, scope: FollowupScope, **params: str) -> str:
    query = {**({"scope": scope.value} if scope != FollowupScope.MINE else {}), **params}
    base = request.app.url_path_for("followup_list")
    return f"{base}?{urlencode(query)}" if query else base


async def _list_page(
    request: Request,
    session: Session,
    actor: Actor,
    scope: FollowupScope,
    *,
    sent: SentForm | None = None,
    saved: str | None = None,
    calendar_url: str | None = None,
    status_code: int = 200,
    block: str | None = None,
) -> Response:
    listed = await followups.list_followups(session, actor, FollowupFilter(scope=scope, page_size=LIST_PAGE_SIZE))
    today = clock.today()
    context = {
        "scope": scope,
        "scopes": [(value, text, _list_path(request, value)) for value, text in SCOPES.items()],
        "result": listed,
        "overdue": [item for item in listed.items if item.overdue_days > 0],
        "due": [item for item in listed.items if item.overdue_days == 0],
        "month_end": followups.month_end(today),
        "forms": ItemForms(sent),
        "saved": saved or request.query_params.get("sparat"),
        "calendar_url": calendar_url,
        "may_change": lambda item: actor.can(Action.CHILD_WRITE if item.placement_id else Action.HOME_SUPPORT_LOG),
        **TEMPLATE_HELPERS,
    }
    return render(request, LIST_TEMPLATE, context, block=block, status_code=status_code)


@router.get("/uppfoljning", name="followup_list")
async def followup_list(request: Request, session: Session, actor: CurrentActor) -> Response:
    return await _list_page(request, session, actor, _scope(request))


async def _save_item_form(
    request: Request, session: Session, actor: Actor, item_id: uuid.UUID, kind: str
) -> Response:
    form = await request.form()
    scope = _scope_of_form(form.get("scope"))
    if kind == COMPLETE:
        submitted, model, messages = parse_complete_form(form), FollowupCompleteIn, COMPLETE_MESSAGES
        save, saved = followups.complete, "klar"
    else:
        submitted, model, messages = parse_reschedule_form(form), FollowupRescheduleIn, RESCHEDULE_MESSAGES
        save, saved = followups.reschedule, "flyttad"

    async def after_save() -> Response:
        if not is_htmx(request):
            return see_other(_list_path(request, scope, sparat=saved) + "#uppgifter")
        return await _list_page(request, session, actor, scope, saved=saved, block="items")

    async def show(state: FormState, status_code: int) -> Response:
        return await _list_page(request, session, actor, scope, sent=SentForm(item_id, kind, state),
                                status_code=status_code, block="items")

    return await submit_form(session, submitted, model, lambda data: save(session, actor, item_id, data),
                             saved=after_save, show=show, show_conflicts=True, messages=messages)


def _scope_of_form(value) -> FollowupScope:
    try:
        scope = FollowupScope(value) if isinstance(value, str) and value else FollowupScope.MINE
    except ValueError:
        return FollowupScope.MINE
    return scope if scope in SCOPES else FollowupScope.MINE


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
    scope = _scope_of_form((await request.form()).get("scope"))
    response = await _list_page(request, session, actor, scope, calendar_url=url, block="calendar")
    response.headers["Cache-Control"] = "no-store"  # the address is a secret: no copy in any cache
    return response
