"""The OpenAPI description and its Swagger UI, for signed-in users only, served from our own static files."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from web.auth import CurrentActor
from web.openapi import openapi_with_problems
from web.pages.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/openapi.json", name="openapi")
async def openapi(request: Request, actor: CurrentActor) -> JSONResponse:
    return JSONResponse(openapi_with_problems(request.app))


@router.get("/docs", name="api_docs")
async def api_docs(request: Request, actor: CurrentActor) -> Response:
    return render(request, "api_docs.html", {})
