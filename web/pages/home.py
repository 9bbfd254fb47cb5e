"""The start page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

router = APIRouter(include_in_schema=False)


@router.get("/")
async def start(request: Request) -> RedirectResponse:
    # The register is the first area; later areas get their own start page.
    return RedirectResponse(request.app.url_path_for("foster_home_list"), status_code=303)
