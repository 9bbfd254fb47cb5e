"""The start page: each role lands where its work is."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from core.permissions import Action
from web.auth import CurrentActor

router = APIRouter(include_in_schema=False)


@router.get("/")
async def start(request: Request, actor: CurrentActor) -> RedirectResponse:
    if actor.can(Action.HOME_READ):
        target = "foster_home_list"
    elif actor.can(Action.COSTS_READ):
        target = "economy_page"  # the budget group lands on its view
    else:
        target = "admin_start"
    return RedirectResponse(request.app.url_path_for(target), status_code=303)
