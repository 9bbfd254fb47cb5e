"""JSON API of the audit log for log review (loggkontroll): /api/audit."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from core import audit
from core.audit import AuditAction, AuditFilter
from core.schemas import OutputModel, Page
from web.auth import CurrentActor
from web.deps import Session

router = APIRouter(prefix="/api/audit", tags=["Logg"])


class AuditEntryOut(OutputModel):
    id: int
    at: dt.datetime
    user_id: uuid.UUID | None
    user_name: str
    action: AuditAction
    object_type: str
    object_id: str | None
    object_ids: list[str] | None
    changes: dict | None
    detail: str | None
    request_id: str | None
    client_address: str | None


@router.get("", response_model=Page[AuditEntryOut])
async def list_entries(session: Session, actor: CurrentActor, filters: Annotated[AuditFilter, Query()]):
    entries, total = await audit.list_entries(session, actor, filters)
    items = [AuditEntryOut.model_validate(entry) for entry in entries]
    return Page(items=items, total=total, page=filters.page, page_size=filters.page_size)


@router.get("/export.csv", response_class=Response, summary="The filtered log as CSV; the export is logged")
async def export_entries(session: Session, actor: CurrentActor, filters: Annotated[AuditFilter, Query()]):
    body = await audit.export_csv(session, actor, filters)
    return Response(
        "\ufeff" + body,  # a byte-order mark so Excel reads the Swedish letters right
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="placera-logg.csv"'},
    )
