"""The invoice check over HTTP: POST /api/invoices/check (a multipart upload, the answer as JSON, Swedish CSV or
XLSX), the page Fakturakontroll with its upload form, and the roles that may not use them."""

from __future__ import annotations

import io
import re
from contextlib import asynccontextmanager

import pytest
from httpx import ASGITransport, AsyncClient
from openpyxl import load_workbook

from tests.conftest import csrf_of, sign_in
from tests.costs.test_invoices import NORR, invoice_csv, october, sheet  # noqa: F401 (sheet is a fixture)

HTML = {"Accept": "text/html"}
CHECK = "/api/invoices/check"


def upload(content: bytes, name: str = "faktura.csv") -> dict:
    return {"file": (name, content, "text/csv")}


async def test_the_administrative_assistant_checks_an_invoice(client_as, sheet):  # noqa: F811
    assistant = await client_as("administrative_assistant")

    response = await assistant.post(CHECK, files=upload(october(sheet)))

    assert response.status_code == 200, response.text
    body = response.json()
    assert [(line["line"], line["status"], line["status_label"]) for line in body["lines"]] == [
        (6, "not_ours", "inte vår placering"), (5, "duplicate", "dubblett"), (7, "ended", "avslutad"),
        (3, "wrong_days", "fel antal dagar"), (4, "wrong_price", "fel pris"), (2, "ok", "OK")]
    assert body["lines"][3]["expected_amount"] == "31500.00" and body["lines"][3]["amount_difference"] == "15000.00"
    assert [m["reference"] for m in body["missing"]] == [sheet["forgotten"]["reference"]]
    assert body["invoiced_amount"] == "296000.00" and body["expected_amount"] == "124500.00"


async def test_the_result_as_swedish_csv_and_as_xlsx_with_numbers_as_numbers(client_as, sheet):  # noqa: F811
    assistant = await client_as("administrative_assistant")

    csv_answer = await assistant.post(CHECK, params={"format": "csv"}, files=upload(october(sheet)))
    assert csv_answer.status_code == 200, csv_answer.text
    assert csv_answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert csv_answer.headers["content-disposition"] == 'attachment; filename="fakturakontroll.csv"'
    assert csv_answer.content.startswith("\ufeff".encode())
    text = csv_answer.content.decode("utf-8-sig")
    assert text.startswith("rad;fakturanummer;leverantör;placering;")
    assert f"3;F-1001;{NORR};{sheet['late']['reference']};2026-10-01;2026-10-31;fel antal dagar;Placeringen började 2026-10-11.;31;21;10;46500,00;31500,00;15000,00" in text
    assert f"{NORR};{sheet['forgotten']['reference']};2026-10-01;2026-10-31;saknar faktura – periodisera;31;46500,00" in text

    xlsx_answer = await assistant.post(CHECK, params={"format": "xlsx"}, files=upload(october(sheet)))
    assert xlsx_answer.status_code == 200
    assert xlsx_answer.headers["content-disposition"] == 'attachment; filename="fakturakontroll.xlsx"'
    workbook = load_workbook(io.BytesIO(xlsx_answer.content))
    rows = list(workbook["Fakturakontroll"].iter_rows(values_only=True))
    wrong_days = next(row for row in rows if row[0] == 3)
    assert wrong_days[6] == "fel antal dagar" and wrong_days[8:] == (31, 21, 10, 46500, 31500, 15000)
    assert rows[-1][0] == "Summa" and rows[-1][11] == 296000


async def test_a_bad_file_is_a_422_on_the_file_and_nothing_is_logged_as_read(client_as, client):
    assistant = await client_as("administrative_assistant")
    for content in (b"", b"\x00\x01\x02junk", invoice_csv(f"{NORR};;P-AAAAAA;2026-02;-1;1")):
        response = await assistant.post(CHECK, files=upload(content))
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert [error["field"] for error in response.json()["errors"]] == ["file"]
    assert "Rad 2, kolumnen ”Dagar”" in response.json()["errors"][0]["message"]
    assert (await assistant.post(CHECK)).status_code == 422  # no file at all
    wrong_format = await assistant.post(CHECK, params={"format": "pdf"}, files=upload(invoice_csv()))
    assert wrong_format.status_code == 422 and wrong_format.json()["errors"][0]["field"] == "query.format"
    admin = await client_as("admin")
    log = (await admin.get("/api/audit", params={"user_id": str(assistant.user.id)})).json()["items"]
    assert [entry for entry in log if entry["object_type"] == "placement_cost"] == []


async def test_a_download_is_logged_as_an_export_as_well(client_as, sheet):  # noqa: F811
    assistant = await client_as("administrative_assistant")
    assert (await assistant.post(CHECK, params={"format": "xlsx"}, files=upload(october(sheet)))).status_code == 200
    admin = await client_as("admin")
    log = (await admin.get("/api/audit", params={"user_id": str(assistant.user.id), "object_type": "placement_cost"})
           ).json()["items"]
    assert sorted((entry["action"], entry["detail"]) for entry in log) == [
        ("export", f"fakturakontroll {NORR} (xlsx)"), ("read", f"fakturakontroll {NORR}")]


@pytest.mark.parametrize("role", ["budget_group", "social_worker", "family_care"])
async def test_roles_that_do_not_check_invoices_are_refused_and_it_is_logged(client_as, sheet, role):  # noqa: F811
    caller = await client_as(role)
    response = await caller.post(CHECK, files=upload(october(sheet)))
    assert response.status_code == 403 and response.json()["title"] == "Åtkomst nekad"
    assert sheet["full"]["reference"] not in response.text
    page = await caller.get("/ekonomi/fakturakontroll", headers=HTML)
    assert page.status_code == 403
    admin = await client_as("admin")
    refused = (await admin.get("/api/audit", params={"user_id": str(caller.user.id), "action": "permission_denied"})
               ).json()["items"]
    assert [(entry["object_type"], entry["detail"]) for entry in refused] == [("placement_cost", "invoice:check")]


async def test_the_assistant_sees_no_child_and_no_home(client_as):
    assistant = await client_as("administrative_assistant")
    for path in ("/api/children", "/api/placements", "/api/foster-homes", "/api/placement-requests"):
        assert (await assistant.get(path)).status_code == 403, path
    assert (await assistant.get("/api/agencies")).status_code == 200
    assert (await assistant.get("/api/costs", params={"period": "2026-10"})).status_code == 200


@asynccontextmanager
async def signed_in(app, user):
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as browser:
        assert (await sign_in(browser, user.email)).status_code == 303
        yield browser


async def test_the_page_uploads_the_file_and_shows_the_wrong_lines_first(app, make_user, sheet):  # noqa: F811
    assistant = await make_user("administrative_assistant", name="Asta Assistent")
    async with signed_in(app, assistant) as browser:
        form = await browser.get("/ekonomi/fakturakontroll", headers=HTML)
        assert form.status_code == 200
        assert '<a href="/ekonomi/fakturakontroll" aria-current="page" class="active">Fakturakontroll</a>' in form.text
        assert ">Barn</a>" not in form.text and ">Familjehem</a>" not in form.text
        assert 'enctype="multipart/form-data"' in form.text and 'name="csrf_token"' in form.text
        token = csrf_of(form.text)

        page = await browser.post("/ekonomi/fakturakontroll", headers=HTML, data={"csrf_token": token},
                                  files=upload(october(sheet)))
        assert page.status_code == 200, page.text
        rows = re.findall(r'<tr class="(row--wrong|row--withheld|)">\s*<th scope="row">(\d+)', page.text)
        assert rows == [("row--wrong", "6"), ("row--wrong", "5"), ("row--wrong", "7"), ("row--wrong", "3"),
                        ("row--wrong", "4"), ("", "2")]
        assert "5 av 6 rader har fel." in page.text
        assert sheet["forgotten"]["reference"] in page.text and "Saknar faktura – periodisera" in page.text
        assert "31\u00a0500,00\u00a0kr" in page.text and "+15\u00a0000,00\u00a0kr" in page.text
        assert 'form="invoice-upload" class="secondary" name="format" value="xlsx"' in page.text

        # htmx: only the result, so the chosen file stays in the form for the downloads.
        partial = await browser.post("/ekonomi/fakturakontroll", headers={"HX-Request": "true", "X-CSRF-Token": token},
                                     files=upload(october(sheet)))
        assert partial.status_code == 200 and "<html" not in partial.text and 'id="h-result"' in partial.text

        download = await browser.post("/ekonomi/fakturakontroll", data={"csrf_token": token, "format": "xlsx"},
                                      files=upload(october(sheet)))
        assert download.status_code == 200
        assert download.headers["content-disposition"] == 'attachment; filename="fakturakontroll.xlsx"'
        assert load_workbook(io.BytesIO(download.content))["Fakturakontroll"]["A1"].value == "rad"

        bad = await browser.post("/ekonomi/fakturakontroll", headers=HTML, data={"csrf_token": token},
                                 files=upload(b"Namn;Adress\n"))
        assert bad.status_code == 422
        assert "Filen kan inte kontrolleras" in bad.text and 'aria-invalid="true"' in bad.text
        assert "Hittar ingen rubrikrad med kolumnen placering" in bad.text
        partial_bad = await browser.post("/ekonomi/fakturakontroll", headers={"HX-Request": "true", "X-CSRF-Token": token},
                                         files=upload(b"Namn;Adress\n"))
        assert partial_bad.status_code == 422 and partial_bad.headers["hx-retarget"] == "#checker"
        assert partial_bad.text.lstrip().startswith('<div id="checker">')

        no_file = await browser.post("/ekonomi/fakturakontroll", headers=HTML, data={"csrf_token": token})
        assert no_file.status_code == 422 and "Välj fakturafilen" in no_file.text

        forged = await browser.post("/ekonomi/fakturakontroll", headers=HTML, files=upload(october(sheet)))
        assert forged.status_code == 403 and sheet["full"]["reference"] not in forged.text


async def test_the_menu_offers_fakturakontroll_only_to_those_who_may_check(app, make_user):
    for roles, shown in ((("budget_group",), False), (("placement_secretary",), True), (("admin",), True),
                         (("social_worker",), False)):
        user = await make_user(*roles)
        async with signed_in(app, user) as browser:
            page = await browser.get("/admin", headers=HTML)
        assert (">Fakturakontroll</a>" in page.text) is shown, roles
