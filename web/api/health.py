"""GET /health: the app and its database."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from core.database import get_sessionmaker

router = APIRouter(tags=["Drift"])

DATABASE_TIMEOUT_SECONDS = 3.0
RETRY_AFTER_SECONDS = 5  # as web.problems answers other requests while the database is away


@router.get("/health", summary="Is the app up, and can it reach its database?")
async def health() -> JSONResponse:
    try:
        async with get_sessionmaker()() as session:
            version = await asyncio.wait_for(
                session.scalar(text("SHOW server_version")), timeout=DATABASE_TIMEOUT_SECONDS
            )
    except Exception as error:  # any failure to reach the database means "not healthy", never a 500
        return JSONResponse(
            {
                "status": "unavailable",
                "app": "ok",
                "database": "unreachable",
                "detail": f"Databasen svarar inte: {type(error).__name__}.",
            },
            status_code=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    return JSONResponse({"status": "ok", "app": "ok", "database": "ok", "database_version": version})
