"""HTML page of the invoice check (Fakturakontroll, /ekonomi/fakturakontroll): the administrative assistant
uploads an agency's invoice and sees each line beside what Placera computes, wrong lines first, and downloads
the result as XLSX or CSV by posting the same file again. Placement references, agencies and amounts only."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from core.errors import FieldError, InvalidInputError
from core.permissions import Action
from costs import invoices
from costs.schemas import InvoiceCheck
from web.api.invoices import read_upload, result_response
from web.auth import require
from web.deps import Session
from web.pages.forms import FormState, collect_errors
from web.pages.placements import kronor
from web.pages.templating import render

router = APIRouter(include_in_schema=False)

InvoiceChecker = require(Action.INVOICE_CHECK, "Din roll kan inte kontrollera fakturor.")
TEMPLATE = "economy/invoices.html"
DOWNLOADS = ("xlsx", "csv")


def _context(form: FormState, check: InvoiceCheck | None = None) -> dict:
    return {"form": form, "check": check, "kronor": kronor, "missing_label": invoices.MISSING_LABEL,
            "wrong_statuses": [status for status in invoices.STATUS_ORDER if status in invoices.WRONG]}


@router.get("/ekonomi/fakturakontroll", name="invoice_check_page")
async def invoice_check_page(request: Request, actor: InvoiceChecker) -> Response:
    return render(request, TEMPLATE, _context(FormState()))


@router.post("/ekonomi/fakturakontroll", name="invoice_check")
async def invoice_check(request: Request, session: Session, actor: InvoiceChecker) -> Response:
    """Check the uploaded file: the result (htmx: only its block, so the chosen file stays in the form for the
    downloads), the file to save when a download button sent it, or the form again with each error."""
    form = await request.form()
    upload, wanted = form.get("file"), form.get("format")
    export = wanted if wanted in DOWNLOADS else None
    try:
        if not isinstance(upload, UploadFile):
            raise InvalidInputError(FieldError(invoices.FIELD, "Välj fakturafilen (CSV eller XLSX)."))
        check = await invoices.check_invoice(session, actor, await read_upload(upload), export=export)
    except InvalidInputError as error:
        # htmx swaps the whole form with its errors, not only the result below it.
        return render(request, TEMPLATE, _context(FormState(errors=collect_errors(error.errors))), block="checker",
                      status_code=422, headers={"HX-Retarget": "#checker", "HX-Reswap": "outerHTML"})
    if export:
        return result_response(check, export)
    return render(request, TEMPLATE, _context(FormState(), check), block="result")
