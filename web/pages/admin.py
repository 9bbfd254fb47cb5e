"""Admin pages (being written by a helper): start page."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from web.auth import CurrentActor
from web.pages.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/admin", name="admin_start")
async def admin_start(request: Request, actor: CurrentActor) -> Response:
    return render(request, "admin/start.html", {"area": "admin"})
