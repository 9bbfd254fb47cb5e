"""JSON API of the invoice check (fakturakontroll): an agency's invoice file checked against the placement
sheet, the answer as JSON or as a spreadsheet. The file is read and forgotten; the check is logged."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import Response

from costs import invoices
from costs.schemas import INVOICE_MAX_BYTES, InvoiceCheck
from web.api import costs as costs_api
from web.auth import CurrentActor
from web.deps import Session

router = APIRouter(prefix="/api/invoices", tags=["Kostnader"])

Format = Literal["json", "csv", "xlsx"]


async def read_upload(upload: UploadFile) -> bytes:
    """The uploaded invoice, read no further than one byte past the limit (the check says it is too large)."""
    return await costs_api.read_upload(upload, INVOICE_MAX_BYTES)


def result_response(check: InvoiceCheck, format: Format) -> Response | InvoiceCheck:
    """The check as JSON, or as a file to save: Swedish CSV with the byte-order mark Excel needs, or XLSX."""
    if format == "csv":
        return costs_api.download(invoices.result_csv(check), "fakturakontroll.csv")
    if format == "xlsx":
        return costs_api.download(invoices.result_xlsx(check), "fakturakontroll.xlsx")
    return check


@router.post("/check", response_model=InvoiceCheck,
             summary="Fakturakontroll: an agency's invoice (CSV or XLSX) against the placement sheet, line by line")
async def check_invoice(session: Session, actor: CurrentActor,
                        file: Annotated[UploadFile, File(description="The invoice: CSV (UTF-8) or XLSX, at most 2 MB "
                                                                     "and 5 000 lines")],
                        format: Annotated[Format, Query(description="json (default), csv or xlsx")] = "json"):
    check = await invoices.check_invoice(session, actor, await read_upload(file),
                                         export=None if format == "json" else format)
    return result_response(check, format)
