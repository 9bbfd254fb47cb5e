"""The app factory: middleware, error mapping, routers, static files."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from core.database import get_engine
from web.api import (
    accounts,
    agencies,
    audit,
    children,
    costs,
    docs,
    followups,
    foster_homes,
    health,
    indicators,
    institutions,
    invoices,
    matching,
    placement_requests,
    placements,
    schools,
)
from web.auth import install_auth_middleware
from web.input_guard import ControlCharacterGuard
from web.pages import admin as admin_pages
from web.pages import auth as auth_pages
from web.pages import children as children_pages
from web.pages import economy as economy_pages
from web.pages import budget as budget_pages
from web.pages import followups as followup_pages
from web.pages import foster_homes as foster_home_pages
from web.pages import home as home_pages
from web.pages import indicators as indicator_pages
from web.pages import invoices as invoice_pages
from web.pages import matching as matching_pages
from web.pages import placements as placement_pages
from web.pages import rates as rate_pages
from web.problems import install_problem_handlers

STATIC_DIR = Path(__file__).parent / "static"


@asynccontextmanager
async def _lifespan(app: FastAPI):
    yield
    await get_engine().dispose()


def create_app() -> FastAPI:
    app = FastAPI(
        title="Placera",
        summary="Familjehemsregister, matchning och placeringar för socialtjänstens barn- och ungdomsvård.",
        version="0.1.0",
        lifespan=_lifespan,
        # Served by web.api.docs behind sign-in, from our own static files (no CDN).
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    install_problem_handlers(app)
    install_auth_middleware(app)
    app.add_middleware(ControlCharacterGuard)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(health.router)
    app.include_router(foster_homes.router)
    app.include_router(agencies.router)
    app.include_router(institutions.router)
    app.include_router(children.router)
    app.include_router(schools.router)
    app.include_router(placement_requests.router)
    app.include_router(matching.router)
    app.include_router(placements.router)
    app.include_router(followups.router)
    app.include_router(indicators.router)
    app.include_router(costs.router)
    app.include_router(costs.rate_card_router)
    app.include_router(costs.budget_router)
    app.include_router(costs.steering_router)
    app.include_router(invoices.router)
    app.include_router(accounts.users_router)
    app.include_router(accounts.tokens_router)
    app.include_router(audit.router)
    app.include_router(docs.router)
    app.include_router(auth_pages.router)
    app.include_router(admin_pages.router)
    app.include_router(home_pages.router)
    app.include_router(foster_home_pages.router)
    app.include_router(children_pages.router)
    app.include_router(placement_pages.router)
    app.include_router(matching_pages.router)
    app.include_router(followup_pages.router)
    app.include_router(indicator_pages.router)
    app.include_router(economy_pages.router)
    app.include_router(budget_pages.router)
    app.include_router(invoice_pages.router)
    app.include_router(rate_pages.router)
    return app
