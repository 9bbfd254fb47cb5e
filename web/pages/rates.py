"""HTML pages of the rates (Ekonomi, Arvoden): the dated rate card versions, newest first, for every cost
reader, with a form for those who keep the rates to add a version from a day in an open month (as POST
/api/rate-cards does); and the institutions' dated daily prices, with a form to add a price. The services
check every permission and log every change; amounts are typed the Swedish way."""

from __future__ import annotations

import uuid
from decimal import Decimal

from fastapi import APIRouter, Request
from fastapi.responses import Response

from core.periods import next_month_start
from core.permissions import Action, Actor
from foster_homes import institutions, rate_cards
from foster_homes.schemas import InstitutionFilter, InstitutionPriceIn, RateCardIn, RateCardOut
from web.auth import require
from web.deps import Session
from web.pages import labels
from web.pages.economy import CostReader, percent
from web.pages.forms import FormState, FormValues, parse_form, see_other, submit_form
from web.pages.placements import kronor
from web.pages.templating import render

router = APIRouter(include_in_schema=False)

RatesWriter = require(Action.RATES_WRITE, "Din roll kan inte ändra arvoden, dygnspriser och uppdragsavtal.")

RATES_TEMPLATE = "economy/rates.html"
INSTITUTION_TEMPLATE = "economy/institution_prices.html"

AMOUNT_FIELDS = ("price_base_amount", "fee_basic", "fee_raised_1", "fee_raised_2", "fee_raised_3",
                 "allowance_younger_monthly", "allowance_older_monthly")
PERCENT_FIELDS = ("allowance_younger_percent", "allowance_older_percent", "social_fee_percent",
                  "senior_social_fee_percent")
WHOLE_FIELDS = ("allowance_older_from_age", "senior_from_age")
RETAINER_AMOUNTS = ("fee_per_place_monthly", "standby_allowance_monthly")
"""The retainer form's amounts (the form is on an emergency home's page)."""


def typed(amount: Decimal | None) -> str:
    """An amount as a Swedish user types it: ``11417.00`` → ``11417,00``; nothing is blank."""
    return "" if amount is None else f"{amount}".replace(".", ",")


def _card_defaults(latest: RateCardOut | None) -> FormValues:
    """The new version's form starts from the latest version, from the first day of next month."""
    values: FormValues = {"valid_from": next_month_start(rate_cards.first_open_day()).isoformat()}
    if latest is not None:
        values |= {name: typed(getattr(latest, name)) for name in (*AMOUNT_FIELDS, *PERCENT_FIELDS)}
        values |= {name: str(getattr(latest, name)) for name in WHOLE_FIELDS}
    return values


async def _rates(request: Request, session: Session, actor: Actor, *, form: FormState | None = None,
                 status_code: int = 200) -> Response:
    cards = await rate_cards.list_rate_cards(session, actor)
    listed = await institutions.list_institutions(session, actor, InstitutionFilter(active=True, page_size=200))
    context = {
        "cards": list(reversed(cards)), "kronor": kronor, "percent": percent, "label": labels.label,
        "can_write": actor.can(Action.RATES_WRITE), "form": form or FormState(values=_card_defaults(
            cards[-1] if cards else None)),
        "first_open_day": rate_cards.first_open_day(), "field_label": labels.rate_field_label,
        "institutions": listed.items, "more_institutions": listed.total > len(listed.items),
        "saved": request.query_params.get("sparat") == "1",
    }
    return render(request, RATES_TEMPLATE, context, status_code=status_code)


@router.get("/ekonomi/arvoden", name="rates_page")
async def rates_page(request: Request, session: Session, actor: CostReader) -> Response:
    return await _rates(request, session, actor)


@router.post("/ekonomi/arvoden", name="rate_card_create")
async def rate_card_create(request: Request, session: Session, actor: RatesWriter) -> Response:
    """A new rate card version, through the same service as POST /api/rate-cards (which logs it)."""
    submitted = parse_form(await request.form(), decimal_comma=[*AMOUNT_FIELDS, *PERCENT_FIELDS])

    async def show(state: FormState, status_code: int) -> Response:
        return await _rates(request, session, actor, form=state, status_code=status_code)

    return await submit_form(
        session, submitted, RateCardIn, lambda data: rate_cards.create_rate_card(session, actor, data),
        saved=lambda: see_other(request.app.url_path_for("rates_page") + "?sparat=1"), show=show,
        conflict_field="valid_from", messages={"valid_from": "Ange från vilket datum versionen gäller."})


# ---------------------------------------------------------------- an institution's dated daily prices

def _institution_path(request: Request, institution_id: uuid.UUID) -> str:
    return request.app.url_path_for("institution_prices_page", institution_id=str(institution_id))


async def _institution(request: Request, session: Session, actor: Actor, institution_id: uuid.UUID, *,
                       form: FormState | None = None, status_code: int = 200) -> Response:
    institution = await institutions.get_institution(session, actor, institution_id)
    versions = await institutions.list_prices(session, actor, institution_id)
    context = {
        "institution": institution, "versions": list(reversed(versions)), "kronor": kronor,
        "can_write": actor.can(Action.RATES_WRITE) and institution.active,
        "form": form or FormState(values={"valid_from": next_month_start(rate_cards.first_open_day()).isoformat(),
                                          "daily_price": typed(institution.daily_price)}),
        "first_open_day": rate_cards.first_open_day(), "field_label": labels.rate_field_label,
        "registered_from": institutions.REGISTERED_FROM, "saved": request.query_params.get("sparat") == "1",
    }
    return render(request, INSTITUTION_TEMPLATE, context, status_code=status_code)


@router.get("/ekonomi/arvoden/institutioner/{institution_id}", name="institution_prices_page")
async def institution_prices_page(request: Request, session: Session, actor: CostReader,
                                  institution_id: uuid.UUID) -> Response:
    return await _institution(request, session, actor, institution_id)


@router.post("/ekonomi/arvoden/institutioner/{institution_id}", name="institution_price_add")
async def institution_price_add(request: Request, session: Session, actor: RatesWriter,
                                institution_id: uuid.UUID) -> Response:
    """A daily price from a day in an open month, through the service of POST /api/institutions/{id}/prices."""
    submitted = parse_form(await request.form(), decimal_comma=["daily_price"])

    async def show(state: FormState, status_code: int) -> Response:
        return await _institution(request, session, actor, institution_id, form=state, status_code=status_code)

    return await submit_form(
        session, submitted, InstitutionPriceIn,
        lambda data: institutions.add_price(session, actor, institution_id, data),
        saved=lambda: see_other(_institution_path(request, institution_id) + "?sparat=1"), show=show,
        show_conflicts=True, messages={"daily_price": "Ange dygnspriset i kronor.",
                                       "valid_from": "Ange från vilket datum priset gäller."})
